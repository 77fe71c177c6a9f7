import EddyCore

/// Builds a column one value at a time (decoders, aggregate output, tests).
public struct ColumnBuilder: Sendable {
    public let type: DataType
    private var bools: [Bool] = []
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var strings: [String] = []
    /// Empty until the first NULL (most columns have none, and their values then cost one
    /// append, not two); from then on one flag per value.
    private var validity: [Bool] = []
    private var nullCount = 0
    public private(set) var count = 0

    public init(type: DataType, capacity: Int = 0) {
        self.type = type
        switch type {
        case .boolean: bools.reserveCapacity(capacity)
        case .bigint, .timestamp, .interval: ints.reserveCapacity(capacity)
        case .double: doubles.reserveCapacity(capacity)
        case .varchar, .null: strings.reserveCapacity(capacity)
        }
    }

    /// Whether the last value appended is NULL.
    public var lastIsNull: Bool { validity.last == false }

    @inline(__always) private mutating func appended() {
        count += 1
        if !validity.isEmpty { validity.append(true) }
    }

    @inline(__always) public mutating func appendInt(_ v: Int64) {
        ints.append(v)
        appended()
    }

    @inline(__always) public mutating func appendDouble(_ v: Double) {
        doubles.append(v)
        appended()
    }

    @inline(__always) public mutating func appendBool(_ v: Bool) {
        bools.append(v)
        appended()
    }

    @inline(__always) public mutating func appendString(_ v: String) {
        strings.append(v)
        appended()
    }

    public mutating func appendNull() {
        switch type {
        case .boolean: bools.append(false)
        case .bigint, .timestamp, .interval: ints.append(0)
        case .double: doubles.append(0)
        case .varchar, .null: strings.append("")
        }
        if validity.isEmpty {
            validity.reserveCapacity(Swift.max(count + 1, ints.capacity, doubles.capacity, strings.capacity, bools.capacity))
            validity.append(contentsOf: repeatElement(true, count: count))
        }
        validity.append(false)
        nullCount += 1
        count += 1
    }

    /// Appends a boxed value, converting numbers to this column's type.
    public mutating func append(_ value: Value) {
        switch (value, type) {
        case (.null, _): appendNull()
        case (.bool(let b), .boolean): appendBool(b)
        case (.int(let i), .bigint), (.timestamp(let i), .timestamp), (.interval(let i), .interval),
            (.int(let i), .timestamp), (.int(let i), .interval):
            appendInt(i)
        case (.int(let i), .double): appendDouble(Double(i))
        case (.double(let d), .double): appendDouble(d)
        case (.double(let d), .bigint): appendInt(Int64(exactly: d.rounded(.towardZero)) ?? 0)
        case (.string(let s), .varchar): appendString(s)
        case (_, .varchar): appendString(value.displayText)
        default: appendNull()
        }
    }

    /// Removes the last value (used to roll back a partly decoded record).
    public mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        if let valid = validity.popLast(), !valid { nullCount -= 1 }
        switch type {
        case .boolean: bools.removeLast()
        case .bigint, .timestamp, .interval: ints.removeLast()
        case .double: doubles.removeLast()
        case .varchar, .null: strings.removeLast()
        }
    }

    /// The column built; the builder starts again, empty, with room for `reserving` values
    /// (a decoder's next batch is as big as its last).
    public mutating func finish(reserving: Int = 0) -> Column {
        let values: ColumnValues
        switch type {
        case .boolean: values = .bools(bools)
        case .bigint, .timestamp, .interval: values = .ints(ints)
        case .double: values = .doubles(doubles)
        case .varchar, .null: values = .strings(strings)
        }
        let column = Column(type: type, values: values, validity: nullCount > 0 ? validity : nil)
        self = ColumnBuilder(type: type, capacity: reserving)
        return column
    }
}
