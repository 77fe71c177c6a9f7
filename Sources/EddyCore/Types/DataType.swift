/// The SQL types Eddy knows. Timestamps are UTC milliseconds since the epoch (`TIMESTAMP(3)`);
/// intervals are a number of milliseconds (day-time intervals, as Flink's `INTERVAL SECOND`).
public enum DataType: String, Codable, Sendable, Hashable, CaseIterable {
    case boolean = "boolean"
    case bigint = "bigint"
    case double = "double"
    case varchar = "varchar"
    case timestamp = "timestamp"
    case interval = "interval"
    /// The type of a bare `NULL` literal before it meets a context that gives it a type.
    case null = "null"

    /// The name a user writes and reads: `BIGINT`, `TIMESTAMP(3)`, ...
    public var sqlName: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .bigint: return "BIGINT"
        case .double: return "DOUBLE"
        case .varchar: return "VARCHAR"
        case .timestamp: return "TIMESTAMP(3)"
        case .interval: return "INTERVAL"
        case .null: return "NULL"
        }
    }

    public var isNumeric: Bool { self == .bigint || self == .double }

    /// The letter a conformance `query` header uses for a column of this type
    /// (sqllogictest's I, R, T, B plus P for a point in time).
    public var typeLetter: Character {
        switch self {
        case .boolean: return "B"
        case .bigint, .interval: return "I"
        case .double: return "R"
        case .varchar, .null: return "T"
        case .timestamp: return "P"
        }
    }

    /// The type both sides of a comparison or arithmetic are converted to, if any:
    /// BIGINT widens to DOUBLE, NULL takes the other side's type.
    public static func common(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isNumeric && b.isNumeric { return .double }
        return nil
    }
}
