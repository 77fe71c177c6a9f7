import EddyCore

/// Writes values as JSON text (sinks, stdout in JSON mode, dead letters).
public enum JSONText {
    /// A JSON string literal with the required escapes.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A value as JSON: numbers and booleans bare, timestamps as ISO-8601 strings.
    public static func value(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .interval(let i): return String(i)
        case .double(let d): return d.isFinite ? Value.formatDouble(d) : "\"\(Value.formatDouble(d))\""  // as Flink's JSON format
        case .string(let s): return quote(s)
        case .timestamp(let t): return quote(Timestamps.format(t))
        }
    }

    /// One row as a JSON object, with an `op` field first for changelog rows.
    public static func object(names: [String], values: [Value], op: RowKind? = nil) -> String {
        var out = "{"
        if let op { out += "\"op\": \"\(op.symbol)\", " }
        for (i, name) in names.enumerated() {
            if i > 0 { out += ", " }
            out += quote(name) + ": " + value(i < values.count ? values[i] : .null)
        }
        return out + "}"
    }
}
