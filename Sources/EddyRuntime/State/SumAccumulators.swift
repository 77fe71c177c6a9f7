import EddyCore

/// The storage of SUM and AVG state, so that one accumulator serves BIGINT and DOUBLE
/// instead of hand-copied pairs. The accumulators are generic over it and specialized by
/// the compiler, so the per-row loop is the same plain `&+=` or `+=` it was.
protocol SummableNumber {
    static var zero: Self { get }
    /// The values of a column stored as this type; nil for a column of another storage.
    static func values(of column: Column) -> [Self]?
    /// BIGINT sums wrap on overflow, as Flink's do, rather than trap on user data.
    static func accumulate(_ total: inout Self, _ x: Self)
    /// AVG: integers truncate toward zero, as in Flink.
    func averaged(over count: Int64) -> Self
    /// The value of a result of `type` (a BIGINT sum of intervals is an interval).
    func value(as type: DataType) -> Value
    static func column(_ values: [Self], type: DataType, validity: [Bool]?) -> Column
    func write(to w: inout StateWriter)
    static func read(from r: inout StateReader) throws -> Self
}

extension Int64: SummableNumber {
    static func values(of column: Column) -> [Int64]? {
        if case .ints(let v) = column.values { return v }
        return nil
    }
    @inline(__always) static func accumulate(_ total: inout Int64, _ x: Int64) { total &+= x }
    func averaged(over count: Int64) -> Int64 { self / count }
    func value(as type: DataType) -> Value { type == .interval ? .interval(self) : .int(self) }
    static func column(_ values: [Int64], type: DataType, validity: [Bool]?) -> Column {
        Column(type: type, values: .ints(values), validity: validity)
    }
    func write(to w: inout StateWriter) { w.writeInt(self) }
    static func read(from r: inout StateReader) throws -> Int64 { try r.readInt() }
}

extension Double: SummableNumber {
    static func values(of column: Column) -> [Double]? {
        if case .doubles(let v) = column.values { return v }
        return nil
    }
    @inline(__always) static func accumulate(_ total: inout Double, _ x: Double) { total += x }
    func averaged(over count: Int64) -> Double { self / Double(count) }
    func value(as type: DataType) -> Value { .double(self) }
    static func column(_ values: [Double], type: DataType, validity: [Bool]?) -> Column {
        Column(type: type, values: .doubles(values), validity: validity)
    }
    func write(to w: inout StateWriter) { w.writeDouble(self) }
    static func read(from r: inout StateReader) throws -> Double { try r.readDouble() }
}

/// SUM; NULL when no non-NULL value was seen. Checkpointed as the sum and whether a value
/// was seen (the encoding of the former per-type classes, so old checkpoints restore).
final class SumAccumulator<Number: SummableNumber>: Accumulator {
    let resultType: DataType
    var sums: [Number] = []
    var seen: [Bool] = []
    init(resultType: DataType) { self.resultType = resultType }
    func grow(to capacity: Int) {
        while sums.count < capacity {
            sums.append(.zero)
            seen.append(false)
        }
    }
    func reset(_ slot: Int) {
        sums[slot] = .zero
        seen[slot] = false
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input, let v = Number.values(of: input) else { return }
        let validity = input.validity
        for (i, r) in rows.enumerated() {
            let row = Int(r)
            if let validity, !validity[row] { continue }
            let s = Int(slots[i])
            Number.accumulate(&sums[s], v[row])
            seen[s] = true
        }
    }
    func merge(from: Int, into: Int) {
        Number.accumulate(&sums[into], sums[from])
        seen[into] = seen[into] || seen[from]
    }
    func write(_ slot: Int, to w: inout StateWriter) {
        sums[slot].write(to: &w)
        w.writeBool(seen[slot])
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        sums[slot] = try Number.read(from: &r)
        seen[slot] = try r.readBool()
    }
    func result(_ slot: Int) -> Value { seen[slot] ? sums[slot].value(as: resultType) : .null }
    func results(_ slots: [Int32], type: DataType) -> Column {
        let valid = slots.map { seen[Int($0)] }
        return Number.column(slots.map { sums[Int($0)] }, type: type, validity: valid.contains(false) ? valid : nil)
    }
}

/// AVG: a sum and a count of non-NULL values; NULL without any. Checkpointed as the sum
/// and the count, as before the classes were one.
final class AverageAccumulator<Number: SummableNumber>: Accumulator {
    let resultType: DataType
    var sums: [Number] = []
    var counts: [Int64] = []
    init(resultType: DataType) { self.resultType = resultType }
    func grow(to capacity: Int) {
        while sums.count < capacity {
            sums.append(.zero)
            counts.append(0)
        }
    }
    func reset(_ slot: Int) {
        sums[slot] = .zero
        counts[slot] = 0
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input, let v = Number.values(of: input) else { return }
        let validity = input.validity
        for (i, r) in rows.enumerated() {
            let row = Int(r)
            if let validity, !validity[row] { continue }
            let s = Int(slots[i])
            Number.accumulate(&sums[s], v[row])
            counts[s] += 1
        }
    }
    func result(_ slot: Int) -> Value {
        counts[slot] == 0 ? .null : sums[slot].averaged(over: counts[slot]).value(as: resultType)
    }
    func merge(from: Int, into: Int) {
        Number.accumulate(&sums[into], sums[from])
        counts[into] += counts[from]
    }
    func write(_ slot: Int, to w: inout StateWriter) {
        sums[slot].write(to: &w)
        w.writeInt(counts[slot])
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        sums[slot] = try Number.read(from: &r)
        counts[slot] = try r.readInt()
    }
}
