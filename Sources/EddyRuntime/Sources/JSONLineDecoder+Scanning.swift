import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scanner's pieces below the value level: numbers, skipped values, escaped strings,
/// and the text of a bad byte for an error message.
extension JSONLineDecoder {
    /// Scans a JSON number: an exact Int64 when it is an integer that fits, else a Double.
    @inline(__always)
    func scanNumber(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ t: Int) throws(Failure) -> (Int, Int64?, Double?) {
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
            digits &+= 1
            i &+= 1
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
                digits &+= 1
                fractionDigits += 1
                i &+= 1
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

    static let powersOfTen: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    static func strtodSlice(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for k in 0..<(end - start) { buffer[k] = CChar(bitPattern: p[start + k]) }
        return buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }

    /// Skips any JSON value (objects and arrays of any depth).
    static func skipValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, depth: Int) throws(Failure) -> Int {
        guard depth < 256 else { throw Failure(message: "nesting too deep") }
        guard start < p.count else { throw Failure(message: "record ends before a value") }
        let c = p[start]
        switch c {
        case UInt8(ascii: "\""):
            return try Self.scanString(p, start).3
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var i = Self.skipSpace(p, start + 1)
            if i < p.count && p[i] == close { return i + 1 }
            while true {
                if c == UInt8(ascii: "{") {
                    guard i < p.count, p[i] == UInt8(ascii: "\"") else {
                        throw Failure(message: "expected a field name at column \(i + 1)")
                    }
                    i = Self.skipSpace(p, try Self.scanString(p, i).3)
                    guard i < p.count, p[i] == UInt8(ascii: ":") else {
                        throw Failure(message: "expected ':' at column \(i + 1)")
                    }
                    i = Self.skipSpace(p, i + 1)
                }
                i = Self.skipSpace(p, try Self.skipValue(p, i, depth: depth + 1))
                guard i < p.count else { throw Failure(message: "unterminated \(c == UInt8(ascii: "{") ? "object" : "array")") }
                if p[i] == UInt8(ascii: ",") {
                    i = Self.skipSpace(p, i + 1)
                    continue
                }
                if p[i] == close { return i + 1 }
                throw Failure(message: "unexpected '\(Self.describe(p, i))' at column \(i + 1)")
            }
        case UInt8(ascii: "t"):
            try Self.expectWord(p, start, "true")
            return start + 4
        case UInt8(ascii: "f"):
            try Self.expectWord(p, start, "false")
            return start + 5
        case UInt8(ascii: "n"):
            try Self.expectWord(p, start, "null")
            return start + 4
        default:
            let i = numberEnd(p, start)
            if i == start { throw Failure(message: "unexpected '\(Self.describe(p, start))' at column \(start + 1)") }
            return i
        }
    }

    /// The end of the run of number characters (digits, signs, '.', 'e') at `start`.
    @inline(__always)
    static func numberEnd(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < p.count {
            let b = p[i]
            guard b &- 48 < 10 || b == 45 || b == 43 || b == 46 || b == 101 || b == 69 else { break }
            i &+= 1
        }
        return i
    }

    /// The content of a string with escapes resolved.
    static func unescape(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(Failure) -> String {
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

    static func describe(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> String {
        guard i < p.count else { return "end of line" }
        return String(decoding: [p[i]], as: UTF8.self)
    }

    static func describe(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<max(start, min(end, p.count))]), as: UTF8.self)
    }
}
