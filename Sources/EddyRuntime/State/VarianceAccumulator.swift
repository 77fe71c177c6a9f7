import EddyCore

/// VAR_POP, VAR_SAMP, STDDEV_POP and STDDEV_SAMP: per slot a count of non-NULL values,
/// their sum and their sum of squares, in Double (the formula is `Variance`'s, shared with
/// the two-phase finish). Retracting subtracts; a group that returns to no values starts
/// again from exact zeros, so rounding left by a retraction cannot outlive its values.
/// Sessions merge by adding. Checkpointed as the count and the two sums.
final class VarianceAccumulator: RetractableAccumulator {
    let statistic: Variance
    var counts: [Int64] = []
    var sums: [Double] = []
    var squares: [Double] = []
    init(_ statistic: Variance) { self.statistic = statistic }
    func grow(to capacity: Int) {
        while counts.count < capacity {
            counts.append(0)
            sums.append(0)
            squares.append(0)
        }
    }
    func reset(_ slot: Int) {
        counts[slot] = 0
        sums[slot] = 0
        squares[slot] = 0
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, retracting: false) }
    func retract(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, retracting: true) }
    private func add(_ rows: [Int32], _ slots: [Int32], _ input: Column?, retracting: Bool) {
        guard let input else { return }
        let value: (Int) -> Double
        switch input.values {
        case .ints(let v): value = { Double(v[$0]) }
        case .doubles(let v): value = { v[$0] }
        default: return
        }
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            let x = value(Int(r))
            if retracting {
                counts[s] -= 1
                if counts[s] <= 0 {
                    reset(s)
                    continue
                }
                sums[s] -= x
                squares[s] -= x * x
            } else {
                counts[s] += 1
                sums[s] += x
                squares[s] += x * x
            }
        }
    }
    func merge(from: Int, into: Int) {
        counts[into] += counts[from]
        sums[into] += sums[from]
        squares[into] += squares[from]
    }
    func result(_ slot: Int) -> Value {
        statistic.value(count: counts[slot], sum: sums[slot], sumOfSquares: squares[slot]).map(Value.double) ?? .null
    }
    func results(_ slots: [Int32], type: DataType) -> Column {
        var values = [Double](repeating: 0, count: slots.count)
        var valid = [Bool](repeating: true, count: slots.count)
        for (i, slot) in slots.enumerated() {
            let s = Int(slot)
            if let v = statistic.value(count: counts[s], sum: sums[s], sumOfSquares: squares[s]) { values[i] = v } else { valid[i] = false }
        }
        return Column(type: .double, values: .doubles(values), validity: valid.contains(false) ? valid : nil)
    }
    func write(_ slot: Int, to w: inout StateWriter) {
        w.writeInt(counts[slot])
        w.writeDouble(sums[slot])
        w.writeDouble(squares[slot])
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        counts[slot] = try r.readInt()
        sums[slot] = try r.readDouble()
        squares[slot] = try r.readDouble()
    }
}
