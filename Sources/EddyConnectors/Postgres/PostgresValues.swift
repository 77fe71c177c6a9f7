import EddyCore
internal import NIOCore
internal import PostgresNIO

/// How Eddy's types are kept in PostgreSQL: each in its own type, timestamps as real
/// `timestamp(3)` values (UTC), intervals as milliseconds.
enum PostgresTypes {
    static func declared(_ t: DataType) -> String {
        switch t {
        case .bigint, .interval: return "bigint"
        case .double: return "double precision"
        case .varchar, .null: return "text"
        case .boolean: return "boolean"
        case .timestamp: return "timestamp(3)"
        }
    }

    /// The type ids (pg_type.oid) of the column types that hold a type without loss:
    /// int8; float8; text and varchar; bool; timestamp and timestamptz (the session is UTC).
    static func accepted(_ t: DataType) -> Set<Int64>? {
        switch t {
        case .bigint, .interval: return [20]
        case .double: return [701]
        case .varchar: return [25, 1043]
        case .boolean: return [16]
        case .timestamp: return [1114, 1184]
        case .null: return nil  // a column that is always NULL fits any type
        }
    }
}

/// A timestamp as PostgreSQL's binary `timestamp`: microseconds since 2000-01-01 UTC.
struct PostgresTimestamp: PostgresEncodable {
    static var psqlType: PostgresDataType { .timestamp }
    static var psqlFormat: PostgresFormat { .binary }
    /// Epoch milliseconds.
    let millis: Int64

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
        let (since2000, o1) = millis.subtractingReportingOverflow(946_684_800_000)
        let (micros, o2) = since2000.multipliedReportingOverflow(by: 1000)
        guard !o1 && !o2 else { throw PostgresFailure(message: "timestamp \(millis) ms is out of PostgreSQL's range") }
        buffer.writeInteger(micros)
    }
}

extension PostgresBindings {
    /// Binds a value as the column's type.
    mutating func append(_ v: Value, as type: DataType) throws {
        switch v {
        case .null: appendNull()
        case .bool(let b): append(b)
        case .int(let i):
            if type == .double { append(Double(i)) } else { append(i) }
        case .interval(let i): append(i)
        case .double(let d): append(d)
        case .string(let s): append(s)
        case .timestamp(let t): try append(PostgresTimestamp(millis: t))
        }
    }
}
