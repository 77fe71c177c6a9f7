import EddyCore

/// A compact binary encoding for checkpointed state: varints, zigzag integers, strings
/// with their length, tagged values. Little code, no Foundation, fast enough to write a
/// million keys well under a second.
public struct StateWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    public mutating func writeUInt(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            bytes.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    @inline(__always)
    public mutating func writeInt(_ v: Int64) { writeUInt(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    public mutating func writeInt(_ v: Int) { writeInt(Int64(v)) }

    public mutating func writeBool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    public mutating func writeDouble(_ v: Double) {
        var bits = v.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    public mutating func writeString(_ s: String) {
        let utf8 = s.utf8
        writeUInt(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    public mutating func writeBytes(_ b: [UInt8]) {
        writeUInt(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    public mutating func writeValue(_ v: Value) {
        switch v {
        case .null: bytes.append(0)
        case .bool(let b): bytes.append(b ? 2 : 1)
        case .int(let i):
            bytes.append(3)
            writeInt(i)
        case .double(let d):
            bytes.append(4)
            writeDouble(d)
        case .string(let s):
            bytes.append(5)
            writeString(s)
        case .timestamp(let t):
            bytes.append(6)
            writeInt(t)
        case .interval(let i):
            bytes.append(7)
            writeInt(i)
        }
    }

    public mutating func writeValues(_ values: [Value]) {
        writeUInt(UInt64(values.count))
        for v in values { writeValue(v) }
    }
}

/// A checkpoint file that does not decode: truncated, corrupted, or of another version.
public struct StateFormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads what `StateWriter` wrote; every read checks the bounds and throws on bad data.
public struct StateReader {
    private let bytes: [UInt8]
    public private(set) var position: Int
    private let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    /// Reads `range` of a shared buffer without copying it.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    public var isAtEnd: Bool { position >= end }

    @inline(__always)
    public mutating func readUInt() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw StateFormatError("state ends inside a number") }
            let b = bytes[position]
            position += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw StateFormatError("a number in the state is too long") }
        }
    }

    @inline(__always)
    public mutating func readInt() throws -> Int64 {
        let u = try readUInt()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    public mutating func readCount() throws -> Int {
        let n = try readUInt()
        guard n <= UInt64(end - position) * 8 + 64 else { throw StateFormatError("a count in the state is impossible (\(n))") }
        return Int(n)
    }

    public mutating func readBool() throws -> Bool {
        guard position < end else { throw StateFormatError("state ends inside a flag") }
        position += 1
        return bytes[position - 1] != 0
    }

    public mutating func readDouble() throws -> Double {
        guard position + 8 <= end else { throw StateFormatError("state ends inside a number") }
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(bytes[position + k]) << UInt64(8 * k) }
        position += 8
        return Double(bitPattern: bits)
    }

    public mutating func readString() throws -> String {
        let n = try readCount()
        guard position + n <= end else { throw StateFormatError("state ends inside a string") }
        let s = String(decoding: bytes[position..<(position + n)], as: UTF8.self)
        position += n
        return s
    }

    public mutating func readBytes() throws -> [UInt8] {
        let n = try readCount()
        guard position + n <= end else { throw StateFormatError("state ends inside a block") }
        let b = Array(bytes[position..<(position + n)])
        position += n
        return b
    }

    public mutating func readValue() throws -> Value {
        guard position < end else { throw StateFormatError("state ends inside a value") }
        let tag = bytes[position]
        position += 1
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try readInt())
        case 4: return .double(try readDouble())
        case 5: return .string(try readString())
        case 6: return .timestamp(try readInt())
        case 7: return .interval(try readInt())
        default: throw StateFormatError("unknown value tag \(tag) in the state")
        }
    }

    public mutating func readValues() throws -> [Value] {
        let n = try readCount()
        var out: [Value] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readValue()) }
        return out
    }
}

/// Stable 64-bit hashing (FNV-1a) for key groups and checksums: the same on every run
/// and machine, unlike Swift's seeded `Hasher`.
public enum StableHash {
    public static func fnv1a(_ bytes: [UInt8]) -> UInt64 { fnv1a(bytes, 0..<bytes.count) }

    public static func fnv1a(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { b in
            for i in range {
                h ^= UInt64(b[i])
                h = h &* 0x100_0000_01b3
            }
        }
        return h
    }

    /// The key group (0..<count) of a key, from its values.
    public static func keyGroup(of key: [Value], count: Int) -> Int {
        var w = StateWriter(capacity: 32)
        w.writeValues(key)
        return Int(fnv1a(w.bytes) % UInt64(count))
    }
}
