import Testing

@testable import EddyRuntime

/// The decoder's cache of recent short strings must return exactly the string of the
/// bytes asked for, whether it finds it or makes it.
@Suite("Short string cache")
struct ShortStringCacheTests {
    /// Values of every length from 0 to 20 bytes (16 and more are never cached), some that
    /// differ only in their last byte or their length, non-ASCII ones, read from the middle
    /// of a buffer and from its very end (where fewer than 16 bytes can be read).
    @Test func returnsTheStringOfTheBytesAskedFor() {
        var values: [[UInt8]] = (0...20).map { Array(String(repeating: "a", count: $0).utf8) }
        values += (0..<300).map { Array("k\($0)".utf8) }
        values += [Array("abcdefgh".utf8), Array("abcdefgi".utf8), Array("abcdefgh\0".utf8), Array("caf\u{e9}".utf8), [0xFF, 0x41]]
        var cache = ShortStringCache()
        var random = SplitMix(seed: 9)
        for _ in 0..<20_000 {
            let value = values[Int(random.below(random.below(4) == 0 ? UInt64(values.count) : 30))]
            let atEnd = random.below(2) == 0
            let line = atEnd ? Array("xx\"".utf8) + value : Array("xx\"".utf8) + value + Array("\",\"more\":1}".utf8)
            let found = line.withUnsafeBufferPointer { b in
                cache.string(b.baseAddress!, 3, value.count, end: b.count)
            }
            #expect(found == String(decoding: value, as: UTF8.self))
            #expect(found.utf8.count == String(decoding: value, as: UTF8.self).utf8.count)
        }
    }

    /// A column of few values is served from the cache; one whose values do not repeat
    /// stops looking (and still returns the right strings).
    @Test func findsRepeatedValuesAndStopsLookingForUniqueOnes() {
        var repeated = ShortStringCache()
        var unique = ShortStringCache()
        for k in 0..<5000 {
            let few = Array("kind\(k % 3)".utf8)
            let many = Array("user\(k)".utf8)
            #expect(few.withUnsafeBufferPointer { repeated.string($0.baseAddress!, 0, $0.count, end: $0.count) } == "kind\(k % 3)")
            #expect(many.withUnsafeBufferPointer { unique.string($0.baseAddress!, 0, $0.count, end: $0.count) } == "user\(k)")
        }
        #expect(repeated.isLooking)
        #expect(!unique.isLooking)
    }
}
