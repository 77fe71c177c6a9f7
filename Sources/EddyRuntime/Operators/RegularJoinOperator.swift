import EddyCore

/// A join without time bounds: every row of both sides is kept (until retracted, or its
/// key's state expires) and each arrival is matched against the other side. Emits a
/// changelog: a join that finds its first match for a row of an outer side retracts the
/// NULL-padded row emitted before, and the other way round. NULL keys never match.
public final class RegularJoinOperator: StreamOperator {
    struct Entry {
        var row: [Value]
        var matches: Int
    }

    let rows: JoinRows
    let keys: KeyEncoder
    var state: [[GroupKey: [Entry]]] = [[:], [:]]
    var expiry: [StateExpiry?]
    var keyIds: [[GroupKey: Int32]] = [[:], [:]]
    var idKeys: [[GroupKey]] = [[], []]
    var pendingTouches: [[Int32]] = [[], []]
    /// The TTL clock: the watermark once there is one, else processing time.
    var clock = TTLClock()

    public init(spec: JoinSpec, leftSchema: Schema, rightSchema: Schema, outputSchema: Schema) {
        rows = JoinRows(spec: spec, leftSchema: leftSchema, rightSchema: rightSchema, outputSchema: outputSchema)
        keys = KeyEncoder(types: spec.leftKeys.map { leftSchema.fields[$0].type })
        let ttl = spec.stateTTLMillis.map { StateExpiry(ttl: $0) }
        expiry = [ttl, ttl]
    }

    public var stateSize: Int { state.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }
    public var stateExpired: Int { expiry.reduce(0) { $0 + ($1?.expiredCount ?? 0) } }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let side = port == 0 ? 0 : 1
        let other = 1 - side
        var out = JoinOutput()
        for item in keys.keyedRows(batch, columns: rows.keyColumns(side)) {
            let key = item.key
            let candidates = key.nulls == 0 ? (state[other][key] ?? []) : []
            let pairs = candidates.map { side == 0 ? (item.row, $0.row) : ($0.row, item.row) }
            let accepted = rows.accepts(pairs)
            let matched = accepted.indices.filter { accepted[$0] }
            if batch.kind(at: item.physical).isAccumulate {
                for i in matched {
                    if state[other][key]?[i].matches == 0 && rows.keepsUnmatched(other) {
                        out.add(rows.padded(candidates[i].row, side: other), .delete)
                    }
                    state[other][key]?[i].matches += 1
                    out.add(pairs[i].0 + pairs[i].1, .insert)
                }
                if matched.isEmpty && rows.keepsUnmatched(side) { out.add(rows.padded(item.row, side: side), .insert) }
                state[side][key, default: []].append(Entry(row: item.row, matches: matched.count))
            } else {
                guard let i = state[side][key]?.firstIndex(where: { $0.row == item.row }) else { continue }
                state[side][key]?.remove(at: i)
                if state[side][key]?.isEmpty == true { state[side][key] = nil }
                for m in matched {
                    out.add(pairs[m].0 + pairs[m].1, .delete)
                    state[other][key]?[m].matches -= 1
                    if state[other][key]?[m].matches == 0 && rows.keepsUnmatched(other) {
                        out.add(rows.padded(candidates[m].row, side: other), .insert)
                    }
                }
                if matched.isEmpty && rows.keepsUnmatched(side) { out.add(rows.padded(item.row, side: side), .delete) }
            }
            if expiry[side] != nil { pendingTouches[side].append(id(of: key, side: side)) }
        }
        try out.emit(types: rows.outputTypes, appendOnly: false, emit)
    }

    func id(of key: GroupKey, side: Int) -> Int32 {
        if let id = keyIds[side][key] { return id }
        let id = Int32(idKeys[side].count)
        idKeys[side].append(key)
        keyIds[side][key] = id
        return id
    }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws {
        if clock.advance(watermark: watermark) { expireIdleKeys() }
    }

    public func advanceProcessingTime(to time: Int64, emit: Emit) throws {
        if clock.advance(processingTime: time) { expireIdleKeys() }
    }

    /// Drops the rows of keys idle longer than the TTL, without emitting (as Flink).
    private func expireIdleKeys() {
        for side in 0..<2 {
            guard var e = expiry[side] else { continue }
            for id in pendingTouches[side] { e.touch(id, at: clock.now) }
            pendingTouches[side].removeAll(keepingCapacity: true)
            for id in e.expire(now: clock.now) { state[side][idKeys[side][Int(id)]] = nil }
            expiry[side] = e
        }
    }
}
