/// The recent short values of one text column, found by their bytes: a column of few
/// distinct values (a kind, a page, a country) reuses the String it made before instead of
/// making one per row, which costs several times more than the lookup.
///
/// Direct-mapped: a value of up to 15 bytes is two words (its bytes, and its length in the
/// top byte), hashed to one of 256 slots; a new value replaces the one in its slot. A
/// column whose values rarely repeat (user ids among thousands) would only pay for the
/// lookups, so a cache that finds fewer than a quarter of its values stops looking for a
/// while and then tries again.
struct ShortStringCache {
    private static let slots = 256
    /// Lookups between two checks of the hit rate, and how many values a cache that missed
    /// too often makes without looking.
    private static let checkEvery = 1024
    private static let pause = 65_536

    /// Empty until the first lookup (a decoder has a cache for every column, text or not).
    private var heads: [UInt64] = []
    /// Bytes 8 to 14 of a value, and its length in the top byte (so an empty slot, all
    /// zero, matches no value: every value has a length byte, even the empty string, 0x80).
    private var tails: [UInt64] = []
    private var values: [String] = []
    private var lookups = 0
    private var hits = 0
    /// Values still to make without looking (after a check found too few hits).
    private var paused = 0

    /// Whether values are looked up (false while a cache that missed too often pauses).
    var isLooking: Bool { paused == 0 }

    /// The String of the `count` bytes at `start`, which are valid to read up to `end`.
    @inline(__always)
    mutating func string(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int, end: Int) -> String {
        guard count < 16, paused == 0 else {
            if paused > 0 { paused &-= 1 }
            return String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self)
        }
        if heads.isEmpty {
            heads = [UInt64](repeating: 0, count: Self.slots)
            tails = [UInt64](repeating: 0, count: Self.slots)
            values = [String](repeating: "", count: Self.slots)
        }
        let (head, tail) = Self.words(base, start, count, end: end)
        let slot = Int(truncatingIfNeeded: ((head ^ tail) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        lookups &+= 1
        if heads[slot] == head && tails[slot] == tail {
            hits &+= 1
            return values[slot]
        }
        let made = String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self)
        heads[slot] = head
        tails[slot] = tail
        values[slot] = made
        if lookups >= Self.checkEvery {
            if hits &* 4 < lookups { paused = Self.pause }
            lookups = 0
            hits = 0
        }
        return made
    }

    /// The `count` (< 16) bytes at `start` as two little-endian words, zero past the
    /// value, with `0x80 | count` in the top byte of the second. Whole words are read
    /// wherever the line has them: from the value's first byte, or else ending at its
    /// last byte (a value at the end of a line).
    @inline(__always)
    private static func words(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int, end: Int) -> (UInt64, UInt64) {
        @inline(__always) func load(_ at: Int) -> UInt64 { ByteWords.load(base + at) }
        let length = UInt64(0x80 | count) &<< 56
        if count >= 8 {
            // Bytes 8 and on are the top of the word that ends with the value.
            let tail = count == 8 ? 0 : load(start &+ count &- 8) &>> UInt64(8 &* (16 &- count))
            return (load(start), tail | length)
        }
        if count == 0 { return (0, length) }
        if start &+ 8 <= end { return (load(start) & ((1 &<< UInt64(8 &* count)) &- 1), length) }
        if start &+ count >= 8 { return (load(start &+ count &- 8) &>> UInt64(8 &* (8 &- count)), length) }
        return (ByteWords.gather(UnsafeBufferPointer(start: base, count: end), start, count), length)
    }
}
