import Testing

@testable import EddyRuntime

/// Interned ids are dense, stable, and tell apart every pair of distinct strings.
@Suite("String interner")
struct StringInternerTests {
    @Test func idsAreDenseAndStableAcrossGrowth() {
        var interner = StringInterner()
        for i in 0..<10_000 { #expect(interner.id("u\(i)") == Int64(i)) }
        for i in stride(from: 9_999, through: 0, by: -7) { #expect(interner.id("u\(i)") == Int64(i)) }
        #expect(interner.strings.count == 10_000)
        #expect(interner.strings[42] == "u42")
    }

    @Test func distinctStringsGetDistinctIds() {
        var interner = StringInterner()
        // Empty, long, non-ASCII, and two spellings of é: keys compare as bytes, as Flink's
        // BinaryStringData does (Swift's == would call them equal).
        let texts = ["", "a", "ab", "ba", String(repeating: "x", count: 300), "naïve", "日本", "é", "e\u{301}"]
        let ids = texts.map { interner.id($0) }
        #expect(ids == (0..<Int64(texts.count)).map { $0 })
        for (t, id) in zip(texts, ids) { #expect(interner.id(t) == id) }
    }
}
