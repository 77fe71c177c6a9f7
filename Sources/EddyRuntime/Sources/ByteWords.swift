/// Bytes of a line taken eight at a time as one little-endian word (the first byte in the
/// lowest bits): how the JSON decoder compares known keys and literals and scans values.
enum ByteWords {
    /// The eight bytes at `p`, all of which must be readable.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The `count` (at most 8) bytes of `p` from `start`, read one by one, zero above them:
    /// for the end of a line, where a whole word cannot be read.
    @inline(__always)
    static func gather(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        var word: UInt64 = 0
        for k in 0..<count { word |= UInt64(p[start &+ k]) &<< UInt64(8 &* k) }
        return word
    }
}
