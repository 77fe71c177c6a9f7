import EddyCore

/// The running state of one aggregate for many groups at once: group `slot` owns index
/// `slot` of every array. Updates are vectorized: one call per batch with the input row
/// and the slot of each update.
public protocol Accumulator: AnyObject {
    /// Makes room for slots `0..<capacity`.
    func grow(to capacity: Int)
    /// Puts `slot` back to the empty state (a reused slot).
    func reset(_ slot: Int)
    /// Folds input rows into slots: row `rows[i]` of `input` into `slots[i]`.
    func update(rows: [Int32], slots: [Int32], input: Column?)
    func result(_ slot: Int) -> Value
    /// The results of many slots as one column (overridden where it can skip boxing).
    func results(_ slots: [Int32], type: DataType) -> Column
    /// Folds slot `from` into slot `into` (session windows merging); `from` is then unused.
    func merge(from: Int, into: Int)
    /// Writes the slot's state for a checkpoint.
    func write(_ slot: Int, to w: inout StateWriter)
    /// Reads back a slot's state written by `write(_:to:)`.
    func read(_ slot: Int, from r: inout StateReader) throws
}

extension Accumulator {
    public func results(_ slots: [Int32], type: DataType) -> Column {
        var b = ColumnBuilder(type: type, capacity: slots.count)
        for s in slots { b.append(result(Int(s))) }
        return b.finish()
    }
}

/// COUNT(*) (counts every row) or COUNT(x) (counts non-NULL x).
final class CountAccumulator: Accumulator {
    let countsNulls: Bool
    var counts: [Int64] = []
    init(countsNulls: Bool) { self.countsNulls = countsNulls }
    func grow(to capacity: Int) { while counts.count < capacity { counts.append(0) } }
    func reset(_ slot: Int) { counts[slot] = 0 }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        if countsNulls || input?.validity == nil {
            for s in slots { counts[Int(s)] += 1 }
        } else if let validity = input?.validity {
            for (i, r) in rows.enumerated() where validity[Int(r)] { counts[Int(slots[i])] += 1 }
        }
    }
    func result(_ slot: Int) -> Value { .int(counts[slot]) }
    func merge(from: Int, into: Int) { counts[into] += counts[from] }
    func write(_ slot: Int, to w: inout StateWriter) { w.writeInt(counts[slot]) }
    func read(_ slot: Int, from r: inout StateReader) throws { counts[slot] = try r.readInt() }
    func results(_ slots: [Int32], type: DataType) -> Column {
        Column(type: .bigint, values: .ints(slots.map { counts[Int($0)] }))
    }
}

/// MIN or MAX of any ordered type.
final class ExtremumAccumulator: Accumulator {
    let type: DataType
    let keepsMax: Bool
    var values: [Value] = []
    init(type: DataType, keepsMax: Bool) {
        self.type = type
        self.keepsMax = keepsMax
    }
    func grow(to capacity: Int) { while values.count < capacity { values.append(.null) } }
    func reset(_ slot: Int) { values[slot] = .null }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        switch input.values {
        case .ints(let v):
            for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
                let s = Int(slots[i])
                let x = v[Int(r)]
                switch values[s] {
                case .int(let cur), .timestamp(let cur), .interval(let cur):
                    if keepsMax ? x > cur : x < cur { values[s] = box(x) }
                default: values[s] = box(x)
                }
            }
        case .doubles(let v):
            for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
                let s = Int(slots[i])
                let x = v[Int(r)]
                if case .double(let cur) = values[s] {
                    if keepsMax ? x > cur : x < cur { values[s] = .double(x) }
                } else {
                    values[s] = .double(x)
                }
            }
        default:
            for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
                let s = Int(slots[i])
                let x = input.value(at: Int(r))
                if values[s].isNull {
                    values[s] = x
                } else {
                    let c = Value.compare(x, values[s])
                    if keepsMax ? c > 0 : c < 0 { values[s] = x }
                }
            }
        }
    }
    @inline(__always) private func box(_ x: Int64) -> Value {
        switch type {
        case .timestamp: return .timestamp(x)
        case .interval: return .interval(x)
        default: return .int(x)
        }
    }
    func result(_ slot: Int) -> Value { values[slot] }
    func write(_ slot: Int, to w: inout StateWriter) { w.writeValue(values[slot]) }
    func read(_ slot: Int, from r: inout StateReader) throws { values[slot] = try r.readValue() }
    func merge(from: Int, into: Int) {
        let x = values[from]
        guard !x.isNull else { return }
        if values[into].isNull {
            values[into] = x
        } else {
            let c = Value.compare(x, values[into])
            if keepsMax ? c > 0 : c < 0 { values[into] = x }
        }
    }
}

/// `AGG(DISTINCT x)`: passes each slot's first occurrence of a value to the wrapped
/// accumulator and ignores repeats.
final class DistinctAccumulator: Accumulator {
    let inner: Accumulator
    var seen: [Set<Value>] = []
    init(_ inner: Accumulator) { self.inner = inner }
    func grow(to capacity: Int) {
        inner.grow(to: capacity)
        while seen.count < capacity { seen.append([]) }
    }
    func reset(_ slot: Int) {
        inner.reset(slot)
        seen[slot] = []
    }
    func update(rows: [Int32], slots: [Int32], input: Column?) {
        guard let input else { return }
        var newRows: [Int32] = []
        var newSlots: [Int32] = []
        for (i, r) in rows.enumerated() where !input.isNull(Int(r)) {
            let s = Int(slots[i])
            if seen[s].insert(input.value(at: Int(r))).inserted {
                newRows.append(r)
                newSlots.append(slots[i])
            }
        }
        inner.update(rows: newRows, slots: newSlots, input: input)
    }
    func result(_ slot: Int) -> Value { inner.result(slot) }
    /// The inner state, then the distinct values seen.
    func write(_ slot: Int, to w: inout StateWriter) {
        inner.write(slot, to: &w)
        w.writeValues(Array(seen[slot]))
    }
    func read(_ slot: Int, from r: inout StateReader) throws {
        try inner.read(slot, from: &r)
        seen[slot] = Set(try r.readValues())
    }
    /// Values new to `into` are fed to the inner accumulator; repeats are not.
    func merge(from: Int, into: Int) {
        let fresh = seen[from].subtracting(seen[into])
        seen[into].formUnion(fresh)
        guard let type = fresh.first?.type, !fresh.isEmpty else { return }
        var b = ColumnBuilder(type: type, capacity: fresh.count)
        for v in fresh { b.append(v) }
        inner.update(rows: (0..<Int32(fresh.count)).map { $0 }, slots: [Int32](repeating: Int32(into), count: fresh.count), input: b.finish())
    }
}
