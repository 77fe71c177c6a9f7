/// The field names of recent JSON records by position, with the decoder's target each one
/// matched. Lines from one producer repeat their keys in one order, so the decoder first
/// compares a key with the one at its position before: when the bytes agree it skips
/// scanning the key and matching it against every target. A key that differs replaces
/// the layout from its position on (learned from the slow path); a key with escapes ends
/// what is known for the rest of the line.
///
/// A key's first 8 bytes are compared as one word (most keys are that short), the rest
/// byte by byte.
struct JSONKeyLayout {
    /// Key k's first 8 bytes as a little-endian word, zero beyond its length.
    private var heads: [UInt64] = []
    private var lengths: [Int] = []
    /// The bytes past the first 8 of every longer key, back to back; key k's end at `tailEnds[k]`.
    private var tails: [UInt8] = []
    private var tailEnds: [Int] = []
    /// The target of key k, or -1 when the decoder does not read that field.
    private var targets: [Int] = []

    /// The target and the index after the closing quote when the key whose opening quote
    /// is at `quote` is the known key at `position`; nil when it is not (or none is known).
    @inline(__always)
    func match(_ p: UnsafeBufferPointer<UInt8>, quote: Int, position: Int) -> (target: Int, after: Int)? {
        guard position < lengths.count, let base = p.baseAddress else { return nil }
        let length = lengths[position]
        let start = quote &+ 1
        let closing = start &+ length
        guard closing < p.count, p[closing] == UInt8(ascii: "\"") else { return nil }
        let headLength = Swift.min(length, 8)
        var head: UInt64
        if start &+ 8 <= p.count {
            let word = ByteWords.load(base + start)
            head = headLength == 8 ? word : word & ((1 &<< UInt64(8 &* headLength)) &- 1)
        } else {
            head = ByteWords.gather(p, start, headLength)
        }
        guard head == heads[position] else { return nil }
        if length > 8 {
            let tailStart = position == 0 ? 0 : tailEnds[position &- 1]
            var k = 0
            while k < length &- 8 {
                if p[start &+ 8 &+ k] != tails[tailStart &+ k] { return nil }
                k &+= 1
            }
        }
        return (targets[position], closing &+ 1)
    }

    /// Forgets the keys from `position` on (the line's key there differed).
    mutating func truncate(to position: Int) {
        guard position < lengths.count else { return }
        tails.removeSubrange((position == 0 ? 0 : tailEnds[position - 1])...)
        heads.removeSubrange(position...)
        lengths.removeSubrange(position...)
        tailEnds.removeSubrange(position...)
        targets.removeSubrange(position...)
    }

    /// Learns the key `p[start..<end]` (no escapes) at the next position.
    mutating func append(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, target: Int?) {
        let length = end - start
        heads.append(ByteWords.gather(p, start, Swift.min(length, 8)))
        lengths.append(length)
        if length > 8 { tails.append(contentsOf: UnsafeBufferPointer(rebasing: p[(start + 8)..<end])) }
        tailEnds.append(tails.count)
        targets.append(target ?? -1)
    }
}
