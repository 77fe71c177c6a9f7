import EddyCore

/// The shape of a JSON record: the bytes between its values and the field each value
/// goes to. For `{"ts":1,"user":"a","page":"/p"}` that is `{"ts":`, `,"user":`,
/// `,"page":` and `}`. Lines from one producer repeat one shape, so the decoder learns it
/// from a line its general path decoded, and reads the next lines by comparing those bytes
/// word by word and parsing only the values between them.
///
/// A line that differs anywhere (another key, order or spacing, an escape, a value the
/// fast parsers do not take) is left to the general path, which then decides; so a line
/// decodes to the same values, and fails with the same error, whichever path reads it.
final class JSONLineTemplate {
    /// One value of the record: the bytes that come before it and where it goes.
    struct Step {
        var literalStart: Int
        var literalLength: Int
        /// The decoder's target, or -1 when the decoder does not read the field.
        var target: Int
        var kind: Kind
    }

    /// How a target's values are parsed.
    enum Kind: UInt8 {
        case skip, integer, timestamp, double, boolean, text
    }

    /// Every literal back to back, with 8 zero bytes after them so that a word can be read
    /// at any literal byte.
    let literals: UnsafeMutablePointer<UInt8>
    let steps: UnsafeMutablePointer<Step>
    let stepCount: Int
    /// The bytes after the last value (`}`).
    let closingStart: Int
    let closingLength: Int
    /// The targets this shape has no key for: NULL in every record read by it.
    let absent: [Int]
    /// The target whose value may not be NULL (the event time), or -1.
    let required: Int

    /// Learns the shape of `line`, whose values the general path found at `spans`
    /// (start, end and target of each, in order; target -1 for a field not read). Nil when
    /// the line repeats a target (the last value wins there, which the fast path does not do).
    init?(line p: UnsafeBufferPointer<UInt8>, spans: [(start: Int, end: Int, target: Int)], types: [DataType], required: Int?) {
        var seen = [Bool](repeating: false, count: types.count)
        var bytes: [UInt8] = []
        var learned: [Step] = []
        var previousEnd = 0
        for span in spans {
            if span.target >= 0 {
                if seen[span.target] { return nil }
                seen[span.target] = true
            }
            let kind = span.target < 0 ? Kind.skip : Self.kind(of: types[span.target])
            learned.append(Step(literalStart: bytes.count, literalLength: span.start - previousEnd, target: span.target, kind: kind))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[previousEnd..<span.start]))
            previousEnd = span.end
        }
        if let r = required, !seen[r] { return nil }
        closingStart = bytes.count
        closingLength = p.count - previousEnd
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[previousEnd...]))
        literals = .allocate(capacity: bytes.count + 8)
        literals.initialize(repeating: 0, count: bytes.count + 8)
        literals.update(from: bytes, count: bytes.count)
        stepCount = learned.count
        steps = .allocate(capacity: max(1, learned.count))
        steps.initialize(from: learned, count: learned.count)
        absent = types.indices.filter { !seen[$0] }
        self.required = required ?? -1
    }

    deinit {
        literals.deallocate()
        steps.deallocate()
    }

    static func kind(of type: DataType) -> Kind {
        switch type {
        case .bigint, .interval: return .integer
        case .timestamp: return .timestamp
        case .double: return .double
        case .boolean: return .boolean
        case .varchar, .null: return .text
        }
    }

    /// Whether `length` literal bytes from `start` are the line's bytes from `i`.
    @inline(__always)
    func matches(_ line: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ start: Int, _ length: Int) -> Bool {
        guard i &+ length <= n else { return false }
        var k = 0
        while k &+ 8 <= length {
            if ByteWords.load(line + (i &+ k)) != ByteWords.load(literals + (start &+ k)) { return false }
            k &+= 8
        }
        let rest = length &- k
        guard rest > 0 else { return true }
        if i &+ k &+ 8 <= n {
            let mask: UInt64 = (1 &<< UInt64(8 &* rest)) &- 1
            return (ByteWords.load(line + (i &+ k)) ^ ByteWords.load(literals + (start &+ k))) & mask == 0
        }
        while k < length {
            if line[i &+ k] != literals[start &+ k] { return false }
            k &+= 1
        }
        return true
    }
}
