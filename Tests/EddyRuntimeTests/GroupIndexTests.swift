import Testing

@testable import EddyRuntime

/// The open-addressing table behind window state: every key keeps its first slot, keys
/// come back in the order they first appeared, and growing loses nothing.
@Suite("Group index")
struct GroupIndexTests {
    static func key(_ a: Int64, _ b: Int64 = 0, rest: [Int64]? = nil, nulls: UInt32 = 0) -> GroupKey {
        var k = GroupKey()
        k.a = a
        k.b = b
        k.nulls = nulls
        k.rest = rest
        return k
    }

    @Test func aKeyKeepsItsFirstSlotAcrossGrowth() {
        var index = GroupIndex(expectedGroups: 1)
        var next: Int32 = 100
        for round in 0..<2 {
            for i in 0..<5_000 {
                let slot = index.slot(for: Self.key(Int64(i % 2500), Int64(i / 2500))) {
                    defer { next += 1 }
                    return next
                }
                // The first round adds every key; the second finds them all.
                #expect(slot == 100 + Int32(i), "round \(round), key \(i)")
            }
        }
        #expect(index.count == 5_000)
        #expect(next == 5_100, "the second round allocated nothing")
        #expect(index.keys.first == Self.key(0, 0) && index.keys.last == Self.key(2499, 1))
        #expect(index.slots == (0..<5_000).map { 100 + Int32($0) })
    }

    @Test func keysThatDifferOnlyInNullsOrWidePartsAreDistinct() {
        var index = GroupIndex(expectedGroups: 4)
        var next: Int32 = 0
        let keys = [Self.key(1), Self.key(1, nulls: 1), Self.key(1, rest: [7]), Self.key(1, rest: [8]), Self.key(1, rest: [7, 0])]
        for k in keys { _ = index.slot(for: k) { defer { next += 1 }; return next } }
        #expect(index.count == keys.count)
        for (i, k) in keys.enumerated() {
            #expect(index.slot(for: k) { -1 } == Int32(i))
        }
    }

    /// Dictionaries of keys hash them by `_rawHashValue(seed:)`, not SipHash: equal keys
    /// hash alike under a seed, and dense ids (interned strings) spread over the buckets.
    @Test func dictionaryHashesSpreadDenseKeys() {
        let keys = (0..<65_536).map { Self.key(Int64($0)) }
        for seed in [0, 12_345] {
            #expect(keys[7]._rawHashValue(seed: seed) == Self.key(7)._rawHashValue(seed: seed))
            // Ids in a row, and ids that differ only above the bits a table of 65,536 uses.
            for spread in [keys, (0..<65_536).map { Self.key(Int64($0) << 16) }] {
                var load = [Int](repeating: 0, count: 65_536)
                for k in spread { load[k._rawHashValue(seed: seed) & 0xFFFF] += 1 }
                #expect(load.max() ?? 0 <= 12, "the fullest of 65,536 buckets holds \(load.max() ?? 0) of 65,536 keys")
            }
        }
        var counts: [GroupKey: Int] = [:]
        for k in keys + keys.prefix(100) { counts[k, default: 0] += 1 }
        #expect(counts.count == 65_536 && counts[Self.key(99)] == 2 && counts[Self.key(100)] == 1)
    }
}
