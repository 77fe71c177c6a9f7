import EddyCore

/// The values of one column of a batch, in one typed array. Timestamps and intervals are
/// stored as `Int64` milliseconds.
public enum ColumnValues: Sendable {
    case bools([Bool])
    case ints([Int64])
    case doubles([Double])
    case strings([String])

    public var count: Int {
        switch self {
        case .bools(let v): return v.count
        case .ints(let v): return v.count
        case .doubles(let v): return v.count
        case .strings(let v): return v.count
        }
    }
}

/// A typed column with optional validity: `validity == nil` means no value is NULL.
/// A NULL slot holds an arbitrary placeholder (0, false, "") in `values`.
public struct Column: Sendable {
    public var type: DataType
    public var values: ColumnValues
    public var validity: [Bool]?

    public init(type: DataType, values: ColumnValues, validity: [Bool]? = nil) {
        self.type = type
        self.values = values
        self.validity = validity
    }

    public var count: Int { values.count }

    @inline(__always)
    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

    /// The value at `row`, boxed (for display, tests and keys; not for hot loops).
    public func value(at row: Int) -> Value {
        if isNull(row) { return .null }
        switch values {
        case .bools(let v): return .bool(v[row])
        case .doubles(let v): return .double(v[row])
        case .strings(let v): return .string(v[row])
        case .ints(let v):
            switch type {
            case .timestamp: return .timestamp(v[row])
            case .interval: return .interval(v[row])
            default: return .int(v[row])
            }
        }
    }

    /// A column of `count` copies of one value, converted to the column's type once.
    public static func constant(_ value: Value, type: DataType, count: Int) -> Column {
        var builder = ColumnBuilder(type: type, capacity: 1)
        builder.append(value)
        let one = builder.finish()
        let validity = one.isNull(0) ? [Bool](repeating: false, count: count) : nil
        switch one.values {
        case .bools(let v): return Column(type: type, values: .bools(Array(repeating: v[0], count: count)), validity: validity)
        case .ints(let v): return Column(type: type, values: .ints(Array(repeating: v[0], count: count)), validity: validity)
        case .doubles(let v): return Column(type: type, values: .doubles(Array(repeating: v[0], count: count)), validity: validity)
        case .strings(let v): return Column(type: type, values: .strings(Array(repeating: v[0], count: count)), validity: validity)
        }
    }

    /// The rows at `indices`, in that order.
    public func gather(_ indices: [Int32]) -> Column {
        let newValidity = validity.map { v in indices.map { v[Int($0)] } }
        switch values {
        case .bools(let v): return Column(type: type, values: .bools(indices.map { v[Int($0)] }), validity: newValidity)
        case .ints(let v): return Column(type: type, values: .ints(indices.map { v[Int($0)] }), validity: newValidity)
        case .doubles(let v): return Column(type: type, values: .doubles(indices.map { v[Int($0)] }), validity: newValidity)
        case .strings(let v): return Column(type: type, values: .strings(indices.map { v[Int($0)] }), validity: newValidity)
        }
    }

    /// The storage a column of `type` uses, empty.
    static func emptyValues(for type: DataType) -> ColumnValues {
        switch type {
        case .boolean: return .bools([])
        case .bigint, .timestamp, .interval: return .ints([])
        case .double: return .doubles([])
        case .varchar, .null: return .strings([])
        }
    }
}
