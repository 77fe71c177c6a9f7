import EddyCore

/// Accumulators for aggregations over changelogs: every update can be taken back.
/// COUNT, SUM and AVG subtract; MIN and MAX keep a count per value so that retracting
/// the current extreme finds the next one; DISTINCT keeps a count per value.
public protocol RetractableAccumulator: Accumulator {
    /// Takes rows back out of slots: the inverse of `update`.
    func retract(rows: [Int32], slots: [Int32], input: Column?)
}

extension RetractableAccumulator {
    /// Aggregations over changelogs have no session windows: nothing merges.
    public func merge(from: Int, into: Int) {}
}

final class RetractableCount: RetractableAccumulator {
    let countsNulls: Bool
    var counts: [Int64] = []
    init(countsNulls: Bool) { self.countsNulls = countsNulls }
    func grow(to capacity: Int) { while counts.count < capacity { counts.append(0) } }
    func reset(_ slot: Int) { counts[slot] = 0 }
    func update(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, 1) }
    func retract(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, -1) }
    private func add(_ rows: [Int32], _ slots: [Int32], _ input: Column?, _ delta: Int64) {
        for (i, r) in rows.enumerated() where countsNulls || !(input?.isNull(Int(r)) ?? true) {
            counts[Int(slots[i])] += delta
        }
    }
    func result(_ slot: Int) -> Value { .int(counts[slot]) }
    func write(_ slot: Int, to w: inout StateWriter) { w.writeInt(counts[slot]) }
    func read(_ slot: Int, from r: inout StateReader) throws { counts[slot] = try r.readInt() }
}

/// SUM or AVG with a count of non-NULL inputs, so an emptied group gives NULL again.
final class RetractableSum: RetractableAccumulator {
    let resultType: DataType
    let average: Bool
    var intSums: [Int64] = []
    var doubleSums: [Double] = []
    var counts: [Int64] = []
    init(resultType: DataType, average: Bool) {
        self.resultType = resultType
        self.average = average
    }
    func grow(to capacity: Int) {
        while counts.count < capacity {
            intSums.append(0)
            doubleSums.append(0)
            counts.append(0)
        }
    }
    func reset(_ slot: Int) {
        intSums[slot] = 0
        doubleSums[slot] = 0
        counts[slot] = 0
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, 1) }
    func retract(rows: [Int32], slots: [Int32], input: Column?) { add(rows, slots, input, -1) }
    private func add(_ rows: [Int32], _ slots: [Int32], _ input: Column?, _ sign: Int64) {
        guard let input else { return }
        switch input.values {
        case .ints(let v):
            for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
                let s = Int(slots[i])
                intSums[s] &+= sign &* v[Int(r)]
                counts[s] += sign
            }
        case .doubles(let v):
            for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
                let s = Int(slots[i])
                doubleSums[s] += Double(sign) * v[Int(r)]
                counts[s] += sign
            }
        default: break
        }
    }
    func write(_ slot: Int, to w: inout StateWriter) {
        w.writeInt(intSums[slot])
        w.writeDouble(doubleSums[slot])
        w.writeInt(counts[slot])
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        intSums[slot] = try r.readInt()
        doubleSums[slot] = try r.readDouble()
        counts[slot] = try r.readInt()
    }
    func result(_ slot: Int) -> Value {
        guard counts[slot] > 0 else { return .null }
        switch resultType {
        case .double: return .double(average ? doubleSums[slot] / Double(counts[slot]) : doubleSums[slot])
        case .interval: return .interval(average ? intSums[slot] / counts[slot] : intSums[slot])
        default: return .int(average ? intSums[slot] / counts[slot] : intSums[slot])
        }
    }
}

/// MIN or MAX over a multiset of values.
final class MultisetExtremum: RetractableAccumulator {
    let keepsMax: Bool
    var counts: [[Value: Int]] = []
    var current: [Value] = []
    init(keepsMax: Bool) { self.keepsMax = keepsMax }
    func grow(to capacity: Int) {
        while counts.count < capacity {
            counts.append([:])
            current.append(.null)
        }
    }
    func reset(_ slot: Int) {
        counts[slot] = [:]
        current[slot] = .null
    }
    private func better(_ a: Value, than b: Value) -> Bool {
        let c = Value.compare(a, b)
        return keepsMax ? c > 0 : c < 0
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            let v = input.value(at: Int(r))
            counts[s][v, default: 0] += 1
            if current[s].isNull || better(v, than: current[s]) { current[s] = v }
        }
    }
    func retract(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            let v = input.value(at: Int(r))
            guard let n = counts[s][v] else { continue }
            if n <= 1 {
                counts[s].removeValue(forKey: v)
                if v == current[s] {
                    current[s] = counts[s].keys.reduce(Value.null) { best, x in best.isNull || better(x, than: best) ? x : best }
                }
            } else {
                counts[s][v] = n - 1
            }
        }
    }
    func result(_ slot: Int) -> Value { current[slot] }
    /// Value, count pairs.
    func write(_ slot: Int, to w: inout StateWriter) {
        w.writeUInt(UInt64(counts[slot].count))
        for (v, n) in counts[slot] {
            w.writeValue(v)
            w.writeInt(n)
        }
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        counts[slot] = [:]
        current[slot] = .null
        for _ in 0..<(try r.readCount()) {
            let v = try r.readValue()
            counts[slot][v] = Int(try r.readInt())
            if current[slot].isNull || better(v, than: current[slot]) { current[slot] = v }
        }
    }
}

/// `AGG(DISTINCT x)` over a changelog: a value reaches the inner accumulator when its
/// count goes from 0 to 1, and leaves it when the count returns to 0.
final class RetractableDistinct: RetractableAccumulator {
    let inner: RetractableAccumulator
    var counts: [[Value: Int]] = []
    init(_ inner: RetractableAccumulator) { self.inner = inner }
    func grow(to capacity: Int) {
        inner.grow(to: capacity)
        while counts.count < capacity { counts.append([:]) }
    }
    func reset(_ slot: Int) {
        inner.reset(slot)
        counts[slot] = [:]
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        var newRows: [Int32] = [], newSlots: [Int32] = []
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            let v = input.value(at: Int(r))
            let n = counts[s][v, default: 0]
            counts[s][v] = n + 1
            if n == 0 {
                newRows.append(r)
                newSlots.append(slots[i])
            }
        }
        inner.update(rows: newRows, slots: newSlots, input: input)
    }
    func retract(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        var goneRows: [Int32] = [], goneSlots: [Int32] = []
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            let v = input.value(at: Int(r))
            guard let n = counts[s][v] else { continue }
            if n <= 1 {
                counts[s].removeValue(forKey: v)
                goneRows.append(r)
                goneSlots.append(slots[i])
            } else {
                counts[s][v] = n - 1
            }
        }
        inner.retract(rows: goneRows, slots: goneSlots, input: input)
    }
    func result(_ slot: Int) -> Value { inner.result(slot) }
    /// The inner state, then value, count pairs.
    func write(_ slot: Int, to w: inout StateWriter) {
        inner.write(slot, to: &w)
        w.writeUInt(UInt64(counts[slot].count))
        for (v, n) in counts[slot] {
            w.writeValue(v)
            w.writeInt(n)
        }
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        try inner.read(slot, from: &r)
        counts[slot] = [:]
        for _ in 0..<(try r.readCount()) {
            let v = try r.readValue()
            counts[slot][v] = Int(try r.readInt())
        }
    }
}
