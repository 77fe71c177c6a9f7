import EddyCore

/// `right.time BETWEEN left.time - lower AND left.time + upper`: each row waits only as
/// long as a matching row could still arrive on the other side, which the watermark
/// tells. An unmatched row of an outer side is emitted, NULL-padded, when it stops
/// waiting. Append-only.
public final class IntervalJoinOperator: StreamOperator {
    struct Waiting {
        var time: Int64
        var row: [Value]
        var matched: Bool
    }

    let rows: JoinRows
    let keys: KeyEncoder
    let timeColumns: [Int]
    let lower: Int64
    let upper: Int64
    var state: [[GroupKey: [Waiting]]] = [[:], [:]]
    /// When rows of each side stop waiting: (side, key) by expiry.
    var expiries = MinHeap<(side: Int, key: GroupKey)>()
    var watermark = Int64.min
    public internal(set) var lateRowsDropped = 0

    public init(spec: JoinSpec, leftTime: Int, rightTime: Int, lower: Int64, upper: Int64, leftSchema: Schema, rightSchema: Schema, outputSchema: Schema) {
        rows = JoinRows(spec: spec, leftSchema: leftSchema, rightSchema: rightSchema, outputSchema: outputSchema)
        keys = KeyEncoder(types: spec.leftKeys.map { leftSchema.fields[$0].type })
        timeColumns = [leftTime, rightTime]
        self.lower = lower
        self.upper = upper
    }

    public var stateSize: Int { state.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }

    /// The last moment a row of `side` at `time` can meet a row of the other side.
    func waitsUntil(_ time: Int64, side: Int) -> Int64 { side == 0 ? time &+ upper : time &+ lower }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let side = port == 0 ? 0 : 1
        let other = 1 - side
        var out = JoinOutput()
        for item in keys.keyedRows(batch, columns: rows.keyColumns(side)) {
            guard case .timestamp(let t) = item.row[timeColumns[side]] else {
                lateRowsDropped += 1
                continue
            }
            if waitsUntil(t, side: side) < watermark {
                lateRowsDropped += 1  // no row of the other side can still come for it
                continue
            }
            var candidates: [Int] = []
            if item.key.nulls == 0, let waiting = state[other][item.key] {
                for (i, w) in waiting.enumerated() {
                    let (l, r) = side == 0 ? (t, w.time) : (w.time, t)
                    if r >= l &- lower && r <= l &+ upper { candidates.append(i) }
                }
            }
            let others = state[other][item.key] ?? []
            let pairs = candidates.map { side == 0 ? (item.row, others[$0].row) : (others[$0].row, item.row) }
            let accepted = rows.accepts(pairs)
            var matched = false
            for (n, i) in candidates.enumerated() where accepted[n] {
                matched = true
                state[other][item.key]?[i].matched = true
                out.add(pairs[n].0 + pairs[n].1, .insert)
            }
            state[side][item.key, default: []].append(Waiting(time: t, row: item.row, matched: matched))
            expiries.push(waitsUntil(t, side: side), (side, item.key))
        }
        try out.emit(types: rows.outputTypes, appendOnly: true, emit)
    }

    public func advanceWatermark(to newWatermark: Int64, emit: Emit) throws {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        var out = JoinOutput()
        while let (at, next) = expiries.min, at < newWatermark {
            expiries.pop()
            guard let waiting = state[next.side][next.key] else { continue }
            var kept: [Waiting] = []
            for w in waiting {
                if waitsUntil(w.time, side: next.side) < newWatermark {
                    if !w.matched && rows.keepsUnmatched(next.side) { out.add(rows.padded(w.row, side: next.side), .insert) }
                } else {
                    kept.append(w)
                }
            }
            state[next.side][next.key] = kept.isEmpty ? nil : kept
        }
        try out.emit(types: rows.outputTypes, appendOnly: true, emit)
    }
}
