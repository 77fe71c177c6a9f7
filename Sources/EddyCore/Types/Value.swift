/// One SQL value. The runtime moves columns, not `Value`s; this type serves literals,
/// group keys shown to users, test expectations and the REPL.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case timestamp(Int64)
    case interval(Int64)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var type: DataType {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .int: return .bigint
        case .double: return .double
        case .string: return .varchar
        case .timestamp: return .timestamp
        case .interval: return .interval
        }
    }

    /// The value as a user reads it in a table or a test: `NULL`, `true`, `42`, `2.5`,
    /// `2024-01-01T00:00:10`.
    public var displayText: String {
        switch self {
        case .null: return "NULL"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.formatDouble(d)
        case .string(let s): return s
        case .timestamp(let t): return Timestamps.format(t)
        case .interval(let ms): return Intervals.format(ms)
        }
    }

    /// Shortest text that reads back as the same double; whole numbers keep a `.0`.
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    /// SQL ordering within one type; NULL sorts first. Values of different numeric types
    /// compare as doubles.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.int(let x), .int(let y)), (.timestamp(let x), .timestamp(let y)),
            (.interval(let x), .interval(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default:
            if let x = a.asDouble, let y = b.asDouble { return x < y ? -1 : (x == y ? 0 : 1) }
            return a.displayText < b.displayText ? -1 : (a.displayText == b.displayText ? 0 : 1)
        }
    }

    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
