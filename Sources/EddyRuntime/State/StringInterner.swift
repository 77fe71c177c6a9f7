/// Gives each distinct string a dense id, for keys of keyed state: an open-addressing
/// table over a byte hash (FNV-1a with a final avalanche), cheaper than `[String: Int64]`,
/// whose SipHash dominated the cost of a string key. Strings are told apart by their
/// UTF-8 bytes, as Flink's BinaryStringData is (Swift's `==` alone would merge two
/// spellings of `é`).
struct StringInterner {
    /// The strings, by id.
    private(set) var strings: [String] = []
    private var hashes: [UInt64] = []
    /// Linear-probing table of ids; -1 is empty; a power of two, at least twice the count.
    private var table = [Int32](repeating: -1, count: 64)
    private var mask = 63

    /// The id of `s`, assigning the next one if it is new.
    @inline(__always)
    mutating func id(_ s: String) -> Int64 {
        let h = Self.hash(s)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[i]
            if entry < 0 { break }
            if hashes[Int(entry)] == h && strings[Int(entry)] == s { return Int64(entry) }
            i = (i &+ 1) & mask
        }
        let id = strings.count
        table[i] = Int32(id)
        strings.append(s)
        hashes.append(h)
        if strings.count * 2 > table.count { grow() }
        return Int64(id)
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] >= 0 { i = (i &+ 1) & mask }
            table[i] = Int32(id)
        }
    }

    @inline(__always)
    static func hash(_ s: String) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable(hash(bytes:)) { return h }
        return hash(bytes: Array(s.utf8))
    }

    @inline(__always)
    static func hash<C: Collection<UInt8>>(bytes: C) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
