import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a record could not be decoded.
public struct DecodeError: Error, Sendable, Equatable {
    /// 1-based line number within the source.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// Decodes JSON lines into columns, reading only the requested top-level fields: a byte
/// scanner over the buffer (no Foundation on the hot path), fast paths for plain strings
/// and numbers, a careful slow path for escapes.
public struct JSONLineDecoder {
    /// One requested field: its name as UTF-8 and its column type.
    private struct Target {
        var name: [UInt8]
        var type: DataType
    }

    private let targets: [Target]
    private var builders: [ColumnBuilder]
    /// The fields assigned in the current record (bit i for target i).
    private var seen: [Bool]

    public init(fields: [Field]) {
        targets = fields.map { Target(name: Array($0.name.utf8), type: $0.type) }
        builders = fields.map { ColumnBuilder(type: $0.type, capacity: 4096) }
        seen = [Bool](repeating: false, count: fields.count)
    }

    /// The number of records decoded since the last `finishBatch`.
    public var pendingRows: Int { builders.first?.count ?? pendingWithoutColumns }
    private var pendingWithoutColumns = 0

    /// Decodes one line (without its newline). On error the line leaves no trace in the
    /// batch being built.
    public mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(DecodeError) {
        for i in seen.indices { seen[i] = false }
        do {
            try parseObject(line)
        } catch let reason {
            for i in seen.indices where seen[i] { builders[i].removeLast() }
            throw DecodeError(line: lineNumber, reason: reason.message)
        }
        for i in seen.indices where !seen[i] { builders[i].appendNull() }
        pendingWithoutColumns += 1
    }

    /// The decoded records as a batch; the decoder starts a new one.
    public mutating func finishBatch() -> Batch {
        let count = pendingRows
        let columns = builders.indices.map { builders[$0].finish() }
        pendingWithoutColumns = 0
        return Batch(columns: columns, rowCount: count)
    }

    /// Whether a line holds only whitespace (skipped, not an error).
    public static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where !(b == 32 || b == 9 || b == 13) { return false }
        return true
    }

    // MARK: - Scanner

    private struct Failure: Error { var message: String }

    private mutating func parseObject(_ p: UnsafeBufferPointer<UInt8>) throws(Failure) {
        var i = skipSpace(p, 0)
        guard i < p.count, p[i] == UInt8(ascii: "{") else {
            throw Failure(message: i < p.count ? "expected a JSON object, found '\(Self.describe(p, i))'" : "empty record")
        }
        i = skipSpace(p, i + 1)
        if i < p.count && p[i] == UInt8(ascii: "}") {
            return try expectEnd(p, i + 1)
        }
        while true {
            guard i < p.count, p[i] == UInt8(ascii: "\"") else {
                throw Failure(message: "expected a field name in quotes at column \(i + 1)")
            }
            let (keyStart, keyEnd, hasEscape, afterKey) = try scanString(p, i)
            let target = hasEscape ? matchEscapedKey(p, keyStart, keyEnd) : matchKey(p, keyStart, keyEnd)
            i = skipSpace(p, afterKey)
            guard i < p.count, p[i] == UInt8(ascii: ":") else {
                throw Failure(message: "expected ':' after a field name at column \(i + 1)")
            }
            i = skipSpace(p, i + 1)
            guard i < p.count else { throw Failure(message: "record ends before the value of a field") }
            if let t = target {
                if seen[t] { builders[t].removeLast() }
                i = try parseValue(p, i, into: t)
                seen[t] = true
            } else {
                i = try skipValue(p, i, depth: 0)
            }
            i = skipSpace(p, i)
            guard i < p.count else { throw Failure(message: "record ends before its closing '}'") }
            if p[i] == UInt8(ascii: ",") {
                i = skipSpace(p, i + 1)
                continue
            }
            if p[i] == UInt8(ascii: "}") { return try expectEnd(p, i + 1) }
            throw Failure(message: "expected ',' or '}' at column \(i + 1), found '\(Self.describe(p, i))'")
        }
    }

    private func expectEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) {
        let j = skipSpace(p, i)
        if j < p.count { throw Failure(message: "unexpected text after the record at column \(j + 1)") }
    }

    @inline(__always)
    private func skipSpace(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < p.count {
            let c = p[i]
            if c != 32 && c != 9 && c != 13 && c != 10 { break }
            i += 1
        }
        return i
    }

    @inline(__always)
    private func matchKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        for t in targets.indices {
            let name = targets[t].name
            if name.count != length { continue }
            var equal = true
            var k = 0
            while k < length {
                if name[k] != p[start + k] {
                    equal = false
                    break
                }
                k += 1
            }
            if equal { return t }
        }
        return nil
    }

    private func matchEscapedKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard let key = try? Self.unescape(p, start, end) else { return nil }
        let bytes = Array(key.utf8)
        return targets.firstIndex { $0.name == bytes }
    }

    /// Scans a string starting at its opening quote: the content range, whether it holds
    /// escapes, and the index after the closing quote.
    @inline(__always)
    private func scanString(_ p: UnsafeBufferPointer<UInt8>, _ quote: Int) throws(Failure) -> (Int, Int, Bool, Int) {
        var i = quote + 1
        var escaped = false
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") { return (quote + 1, i, escaped, i + 1) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                i += 2
                continue
            }
            i += 1
        }
        throw Failure(message: "unterminated string starting at column \(quote + 1)")
    }

    private mutating func parseValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, into t: Int) throws(Failure) -> Int {
        let c = p[start]
        let type = targets[t].type
        if c == UInt8(ascii: "n") {
            try expectWord(p, start, "null")
            builders[t].appendNull()
            return start + 4
        }
        switch type {
        case .bigint, .timestamp, .interval:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try scanString(p, start)
                let text = esc ? try Self.unescape(p, s, e) : String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                if type == .timestamp {
                    guard let ms = Timestamps.parse(UnsafeBufferPointer(rebasing: p[s..<e])) ?? Timestamps.parse(text) else {
                        throw Failure(message: "field '\(fieldName(t))': '\(text)' is not a timestamp (expected ISO-8601 or epoch milliseconds)")
                    }
                    builders[t].appendInt(ms)
                } else {
                    guard let v = Int64(text.trimmingWhitespace()) else {
                        throw Failure(message: "field '\(fieldName(t))': expected \(type.sqlName), found \"\(text)\"")
                    }
                    builders[t].appendInt(v)
                }
                return after
            }
            let (end, intValue, doubleValue) = try scanNumber(p, start, t)
            if let v = intValue {
                builders[t].appendInt(v)
            } else if let d = doubleValue, d == d.rounded(.towardZero), let v = Int64(exactly: d) {
                builders[t].appendInt(v)
            } else {
                throw Failure(message: "field '\(fieldName(t))': expected \(type.sqlName), found \(Self.describe(p, start, end))")
            }
            return end
        case .double:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try scanString(p, start)
                let text = esc ? try Self.unescape(p, s, e) : String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                guard let v = Double(text.trimmingWhitespace()) else {
                    throw Failure(message: "field '\(fieldName(t))': expected DOUBLE, found \"\(text)\"")
                }
                builders[t].appendDouble(v)
                return after
            }
            let (end, intValue, doubleValue) = try scanNumber(p, start, t)
            builders[t].appendDouble(intValue.map(Double.init) ?? doubleValue ?? 0)
            return end
        case .boolean:
            if c == UInt8(ascii: "t") {
                try expectWord(p, start, "true")
                builders[t].appendBool(true)
                return start + 4
            }
            if c == UInt8(ascii: "f") {
                try expectWord(p, start, "false")
                builders[t].appendBool(false)
                return start + 5
            }
            throw Failure(message: "field '\(fieldName(t))': expected BOOLEAN, found \(Self.describe(p, start, min(p.count, start + 12)))")
        case .varchar, .null:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try scanString(p, start)
                if esc {
                    builders[t].appendString(try Self.unescape(p, s, e))
                } else {
                    builders[t].appendString(String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self))
                }
                return after
            }
            // A number, boolean or nested value kept as its JSON text.
            let end = try skipValue(p, start, depth: 0)
            builders[t].appendString(String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self))
            return end
        }
    }

    private func fieldName(_ t: Int) -> String { String(decoding: targets[t].name, as: UTF8.self) }

    private func expectWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) throws(Failure) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard start + w.count <= p.count else { throw Failure(message: "invalid literal at column \(start + 1)") }
        for k in 0..<w.count where p[start + k] != w[k] {
            throw Failure(message: "invalid literal '\(Self.describe(p, start, min(p.count, start + w.count)))' at column \(start + 1)")
        }
    }

    /// Scans a JSON number: an exact Int64 when it is an integer that fits, else a Double.
    @inline(__always)
    private func scanNumber(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ t: Int) throws(Failure) -> (Int, Int64?, Double?) {
        var i = start
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        while i < p.count, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            digits += 1
            i += 1
        }
        guard digits > 0 else {
            throw Failure(message: "field '\(fieldName(t))': expected \(targets[t].type.sqlName), found \(Self.describe(p, start, min(p.count, start + 12)))")
        }
        var isInteger = true
        var fractionDigits = 0
        if i < p.count && p[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            while i < p.count, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                digits += 1
                fractionDigits += 1
                i += 1
            }
        }
        var hasExponent = false
        if i < p.count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            isInteger = false
            hasExponent = true
            i += 1
            if i < p.count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            while i < p.count, p[i] &- 48 < 10 { i += 1 }
        }
        // Up to 19 digits fit a UInt64 without wrapping; then check the Int64 range.
        if isInteger && digits <= 19 {
            if negative && mantissa <= UInt64(Int64.max) + 1 { return (i, Int64(bitPattern: 0 &- mantissa), nil) }
            if !negative && mantissa <= UInt64(Int64.max) { return (i, Int64(mantissa), nil) }
        }
        // Exact fast path: a mantissa below 2^53 divided by an exact power of ten.
        if !hasExponent && digits <= 15 && fractionDigits <= 22 {
            let d = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return (i, nil, negative ? -d : d)
        }
        return (i, nil, Self.strtodSlice(p, start, i))
    }

    private static let powersOfTen: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    private static func strtodSlice(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for k in 0..<(end - start) { buffer[k] = CChar(bitPattern: p[start + k]) }
        return buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }

    /// Skips any JSON value (objects and arrays of any depth).
    private func skipValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, depth: Int) throws(Failure) -> Int {
        guard depth < 256 else { throw Failure(message: "nesting too deep") }
        guard start < p.count else { throw Failure(message: "record ends before a value") }
        let c = p[start]
        switch c {
        case UInt8(ascii: "\""):
            return try scanString(p, start).3
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var i = skipSpace(p, start + 1)
            if i < p.count && p[i] == close { return i + 1 }
            while true {
                if c == UInt8(ascii: "{") {
                    guard i < p.count, p[i] == UInt8(ascii: "\"") else {
                        throw Failure(message: "expected a field name at column \(i + 1)")
                    }
                    i = skipSpace(p, try scanString(p, i).3)
                    guard i < p.count, p[i] == UInt8(ascii: ":") else {
                        throw Failure(message: "expected ':' at column \(i + 1)")
                    }
                    i = skipSpace(p, i + 1)
                }
                i = skipSpace(p, try skipValue(p, i, depth: depth + 1))
                guard i < p.count else { throw Failure(message: "unterminated \(c == UInt8(ascii: "{") ? "object" : "array")") }
                if p[i] == UInt8(ascii: ",") {
                    i = skipSpace(p, i + 1)
                    continue
                }
                if p[i] == close { return i + 1 }
                throw Failure(message: "unexpected '\(Self.describe(p, i))' at column \(i + 1)")
            }
        case UInt8(ascii: "t"):
            try expectWord(p, start, "true")
            return start + 4
        case UInt8(ascii: "f"):
            try expectWord(p, start, "false")
            return start + 5
        case UInt8(ascii: "n"):
            try expectWord(p, start, "null")
            return start + 4
        default:
            var i = start
            while i < p.count {
                let b = p[i]
                if (b >= 48 && b <= 57) || b == 45 || b == 43 || b == 46 || b == 101 || b == 69 { i += 1 } else { break }
            }
            if i == start { throw Failure(message: "unexpected '\(Self.describe(p, start))' at column \(start + 1)") }
            return i
        }
    }

    /// The content of a string with escapes resolved.
    private static func unescape(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        func hex4(_ at: Int) throws(Failure) -> UInt32 {
            guard at + 4 <= end else { throw Failure(message: "truncated \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = p[at + k]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: throw Failure(message: "invalid \\u escape")
                }
                v = v * 16 + d
            }
            return v
        }
        while i < end {
            let c = p[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else { throw Failure(message: "string ends in a backslash") }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                var code = try hex4(i)
                i += 4
                if code >= 0xD800 && code < 0xDC00 && i + 6 <= end && p[i] == UInt8(ascii: "\\") && p[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func describe(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> String {
        guard i < p.count else { return "end of line" }
        return String(decoding: [p[i]], as: UTF8.self)
    }

    private static func describe(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<max(start, min(end, p.count))]), as: UTF8.self)
    }
}
