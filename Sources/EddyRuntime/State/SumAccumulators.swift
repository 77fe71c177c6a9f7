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

/// SUM or AVG: per slot a sum and a count of non-NULL values; NULL without any. One class
/// for both and for both storages. Checkpointed as the former per-function classes were,
/// so old checkpoints restore: SUM as the sum and whether a value was seen, AVG as the sum
/// and the count (SUM needs no more than "some" of its count).
final class SumAccumulator<Number: SummableNumber>: Accumulator {
    let resultType: DataType
    let averages: Bool
    var sums: [Number] = []
    var counts: [Int64] = []
    init(resultType: DataType, averages: Bool) {
        self.resultType = resultType
        self.averages = averages
    }
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
    func merge(from: Int, into: Int) {
        Number.accumulate(&sums[into], sums[from])
        counts[into] += counts[from]
    }
    func write(_ slot: Int, to w: inout StateWriter) {
        sums[slot].write(to: &w)
        if averages { w.writeInt(counts[slot]) } else { w.writeBool(counts[slot] > 0) }
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        sums[slot] = try Number.read(from: &r)
        counts[slot] = averages ? try r.readInt() : (try r.readBool() ? 1 : 0)
    }
    /// The sum, or the average; nil without values.
    @inline(__always) private func total(_ slot: Int) -> Number? {
        let n = counts[slot]
        guard n > 0 else { return nil }
        return averages ? sums[slot].averaged(over: n) : sums[slot]
    }
    func result(_ slot: Int) -> Value { total(slot)?.value(as: resultType) ?? .null }
    func results(_ slots: [Int32], type: DataType) -> Column {
        var values = [Number](repeating: .zero, count: slots.count)
        var valid = [Bool](repeating: true, count: slots.count)
        for (i, slot) in slots.enumerated() {
            if let t = total(Int(slot)) { values[i] = t } else { valid[i] = false }
        }
        return Number.column(values, type: type, validity: valid.contains(false) ? valid : nil)
    }
}
