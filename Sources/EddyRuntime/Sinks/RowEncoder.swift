import EddyCore

/// Appends batch rows as JSON objects to a byte buffer straight from the typed columns,
/// without boxing each value: the write path of file sinks and JSON output.
public struct JSONRowEncoder {
    private let keys: [[UInt8]]
    private let opPrefix: [UInt8] = Array("\"op\": \"".utf8)

    /// `names` are the output field names; rows carry an `op` field when `changelog`.
    public init(names: [String]) {
        keys = names.enumerated().map { i, name in Array(((i == 0 ? "" : ", ") + JSONText.quote(name) + ": ").utf8) }
    }

    public func append(_ batch: Batch, changelog: Bool, to out: inout [UInt8]) {
        batch.forEachRow { r in
            out.append(UInt8(ascii: "{"))
            if changelog {
                out.append(contentsOf: opPrefix)
                out.append(contentsOf: batch.kind(at: r).symbol.utf8)
                out.append(contentsOf: "\", ".utf8)
            }
            for (c, column) in batch.columns.enumerated() where c < keys.count {
                out.append(contentsOf: keys[c])
                Self.appendValue(column, r, to: &out)
            }
            out.append(contentsOf: "}\n".utf8)
        }
    }

    @inline(__always)
    static func appendValue(_ column: Column, _ r: Int, to out: inout [UInt8]) {
        if column.isNull(r) {
            out.append(contentsOf: "null".utf8)
            return
        }
        switch column.values {
        case .ints(let v):
            if column.type == .timestamp {
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: Timestamps.format(v[r]).utf8)
                out.append(UInt8(ascii: "\""))
            } else {
                appendInt(v[r], to: &out)
            }
        case .doubles(let v):
            out.append(contentsOf: (v[r].isFinite ? Value.formatDouble(v[r]) : "null").utf8)
        case .bools(let v):
            out.append(contentsOf: (v[r] ? "true" : "false").utf8)
        case .strings(let v):
            appendString(v[r], to: &out)
        }
    }

    @inline(__always)
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value == .min {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var v = value < 0 ? -value : value
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[n] = UInt8(v % 10) + 48
                v /= 10
                n += 1
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            while n > 0 {
                n -= 1
                out.append(buf[n])
            }
        }
    }

    @inline(__always)
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 34 || b == 92 {
            needsEscape = true
            break
        }
        if needsEscape {
            let quoted = JSONText.quote(s)
            out.append(contentsOf: quoted.utf8.dropFirst().dropLast())
        } else {
            out.append(contentsOf: s.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }
}
