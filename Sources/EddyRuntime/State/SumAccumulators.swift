import EddyCore

/// The storage of SUM and AVG state, so that one accumulator serves BIGINT and DOUBLE
/// instead of hand-copied pairs. The loops over rows and slots are requirements with one
/// default implementation below: a generic class's methods are not specialized per type
/// (operators call them through `Accumulator`), but each conformance's witness is, so the
/// accumulator crosses into a specialized loop once per batch and each row costs the
/// plain `&+=` or `+=` it did before.
protocol SummableNumber {
    /// Folds `values[rows[i]]` (skipping NULLs) into `sums[slots[i]]`, counting each.
    static func fold(
        _ values: [Self], validity: [Bool]?, rows: [Int32], slots: [Int32], into sums: inout [Self], counts: inout [Int64])
    /// The sum (or, `averaging`, the average) of each slot, and whether it has one.
    static func totals(of slots: [Int32], sums: [Self], counts: [Int64], averaging: Bool) -> (values: [Self], valid: [Bool])
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

extension SummableNumber {
    static func fold(
        _ values: [Self], validity: [Bool]?, rows: [Int32], slots: [Int32], into sums: inout [Self], counts: inout [Int64]
    ) {
        for (i, r) in rows.enumerated() {
            let row = Int(r)
            if let validity, !validity[row] { continue }
            let s = Int(slots[i])
            accumulate(&sums[s], values[row])
            counts[s] += 1
        }
    }

    static func totals(of slots: [Int32], sums: [Self], counts: [Int64], averaging: Bool) -> (values: [Self], valid: [Bool]) {
        var values = [Self](repeating: .zero, count: slots.count)
        var valid = [Bool](repeating: true, count: slots.count)
        for (i, slot) in slots.enumerated() {
            let s = Int(slot), n = counts[s]
            if n == 0 {
                valid[i] = false
            } else {
                values[i] = averaging ? sums[s].averaged(over: n) : sums[s]
            }
        }
        return (values, valid)
    }
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
        Number.fold(v, validity: input.validity, rows: rows, slots: slots, into: &sums, counts: &counts)
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
    func result(_ slot: Int) -> Value {
        let n = counts[slot]
        guard n > 0 else { return .null }
        return (averages ? sums[slot].averaged(over: n) : sums[slot]).value(as: resultType)
    }
    func results(_ slots: [Int32], type: DataType) -> Column {
        let (values, valid) = Number.totals(of: slots, sums: sums, counts: counts, averaging: averages)
        return Number.column(values, type: type, validity: valid.contains(false) ? valid : nil)
    }
}
