/// The groups of one unit of keyed state (an open window) in the order they first
/// appeared, each with its accumulator slot, found by key through an open-addressing
/// table. Cheaper than `[GroupKey: Int32]` plus an order array: one multiply-xor hash
/// instead of SipHash, and the keys are stored once.
struct GroupIndex {
    /// The keys, in the order they first appeared.
    private(set) var keys: [GroupKey] = []
    /// `slots[i]` is the accumulator slot of `keys[i]`.
    private(set) var slots: [Int32] = []
    /// Linear-probing table of indices into `keys`; -1 is empty. Its size is a power of
    /// two, at least twice the number of keys.
    private var table: [Int32]
    private var mask: Int

    init(expectedGroups: Int) {
        var size = 16
        while size < expectedGroups * 2 { size <<= 1 }
        table = Array(repeating: -1, count: size)
        mask = size - 1
        keys.reserveCapacity(expectedGroups)
        slots.reserveCapacity(expectedGroups)
    }

    var count: Int { keys.count }

    /// The slot of `key`, adding it with the slot `allocate()` gives if it is new.
    @inline(__always)
    mutating func slot(for key: GroupKey, allocate: () -> Int32) -> Int32 {
        var i = Self.hash(key) & mask
        while true {
            let entry = table[i]
            if entry < 0 { break }
            if keys[Int(entry)] == key { return slots[Int(entry)] }
            i = (i &+ 1) & mask
        }
        let slot = allocate()
        table[i] = Int32(keys.count)
        keys.append(key)
        slots.append(slot)
        if keys.count * 2 > table.count { grow() }
        return slot
    }

    private mutating func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for (n, key) in keys.enumerated() {
            var i = Self.hash(key) & mask
            while table[i] >= 0 { i = (i &+ 1) & mask }
            table[i] = Int32(n)
        }
    }

    /// Mixes every part of the key (interned ids are small and dense, so the bits must be
    /// spread before masking): multiply-xor rounds with a final avalanche.
    @inline(__always)
    static func hash(_ key: GroupKey) -> Int {
        var h = UInt64(bitPattern: key.a) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(bitPattern: key.b)) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ UInt64(bitPattern: key.c)) &* 0x1656_67B1_9E37_79F9
        h ^= UInt64(key.nulls)
        if let rest = key.rest {
            for part in rest { h = (h ^ UInt64(bitPattern: part)) &* 0x9E37_79B9_7F4A_7C15 }
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
