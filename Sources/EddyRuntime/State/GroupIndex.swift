/// The groups of one unit of keyed state (an open window) in the order they first
/// appeared, each with its accumulator slot, found by key through an open-addressing
/// table. Cheaper than `[GroupKey: Int32]` plus an order array: the key's own
/// multiply-xor hash instead of SipHash, and the keys are stored once.
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

    /// The same groups under new keys (`keys[i]` takes `slots[i]`), e.g. after strings
    /// were renumbered.
    init(keys: [GroupKey], slots: [Int32]) {
        self.init(expectedGroups: keys.count)
        for (key, slot) in zip(keys, slots) { _ = self.slot(for: key) { slot } }
    }

    /// The slot of `key`, adding it with the slot `allocate()` gives if it is new.
    @inline(__always)
    mutating func slot(for key: borrowing GroupKey, allocate: () -> Int32) -> Int32 {
        var i = key.mixedHash & mask
        while true {
            let entry = table[i]
            if entry < 0 { break }
            if keys[Int(entry)] == key { return slots[Int(entry)] }
            i = (i &+ 1) & mask
        }
        let slot = allocate()
        table[i] = Int32(keys.count)
        keys.append(copy key)
        slots.append(slot)
        if keys.count * 2 > table.count { grow() }
        return slot
    }

    private mutating func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for (n, key) in keys.enumerated() {
            var i = key.mixedHash & mask
            while table[i] >= 0 { i = (i &+ 1) & mask }
            table[i] = Int32(n)
        }
    }
}
