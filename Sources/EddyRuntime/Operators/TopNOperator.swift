import EddyCore

/// Top-N over an unbounded (possibly updating) input: keeps each partition's rows ranked
/// and emits the changes to its first `limit` rows as a changelog. With the rank in the
/// output, a row that moves emits `-U`/`+U` at each position that changed; without it, only
/// rows entering (`+I`) and leaving (`-D`) the top.
public final class TopNOperator: StreamOperator {
    let spec: TopNSpec
    let ordering: RowOrdering
    let keys: KeyEncoder
    let outputTypes: [DataType]
    /// Per partition slot: every live row ranked (only the top `limit` when the input
    /// only appends), and the top rows last emitted.
    var index: [GroupKey: Int32] = [:]
    var slotKeys: [GroupKey] = []
    var ranked: [[[Value]]] = []
    var emitted: [[[Value]]] = []
    var freeSlots: [Int32] = []
    let appendOnlyInput: Bool
    var expiry: StateExpiry?
    var pendingTouches: [Int32] = []
    /// The TTL clock: the watermark once there is one, else processing time.
    var clock = TTLClock()

    public init(spec: TopNSpec, inputSchema: Schema, outputSchema: Schema, appendOnlyInput: Bool) {
        self.spec = spec
        self.ordering = RowOrdering(keys: spec.orderBy)
        self.keys = KeyEncoder(types: spec.partitionColumns.map { inputSchema.fields[$0].type })
        self.outputTypes = outputSchema.types
        self.appendOnlyInput = appendOnlyInput
        self.expiry = spec.stateTTLMillis.map { StateExpiry(ttl: $0) }
    }

    public var stateSize: Int { index.count }
    public var stateExpired: Int { expiry?.expiredCount ?? 0 }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let partitionKeys = keys.encode(spec.partitionColumns.map { batch.columns[$0] }, rows: rows)
        var touched: [Int32] = []
        var isTouched = Set<Int32>()
        for (j, r) in rows.enumerated() {
            let row = batch.columns.map { $0.value(at: Int(r)) }
            let key = partitionKeys[j]
            let accumulate = batch.kind(at: Int(r)).isAccumulate
            let slot: Int32
            if let s = index[key] {
                slot = s
            } else {
                guard accumulate else { continue }
                slot = allocate(key)
            }
            let s = Int(slot)
            if accumulate {
                let i = ordering.insertionIndex(of: row, in: ranked[s])
                // An append-only input never takes rows back: ranks past the limit are dead.
                if !appendOnlyInput || i < spec.limit {
                    ranked[s].insert(row, at: i)
                    if appendOnlyInput && ranked[s].count > spec.limit { ranked[s].removeLast() }
                }
            } else if let i = ranked[s].firstIndex(of: row) {
                ranked[s].remove(at: i)
            }
            if isTouched.insert(slot).inserted { touched.append(slot) }
        }
        var out: [[Value]] = []
        var kinds: [RowKind] = []
        for slot in touched {
            let s = Int(slot)
            let top = Array(ranked[s].prefix(spec.limit))
            diff(old: emitted[s], new: top, into: &out, kinds: &kinds)
            emitted[s] = top
            if ranked[s].isEmpty {
                release(slot)
            } else if expiry != nil {
                pendingTouches.append(slot)
            }
        }
        guard !out.isEmpty else { return }
        try emit(Batch.fromRows(out, types: outputTypes, kinds: kinds))
    }

    private func diff(old: [[Value]], new: [[Value]], into out: inout [[Value]], kinds: inout [RowKind]) {
        if spec.emitsRowNumber {
            for i in 0..<max(old.count, new.count) {
                let rank = Value.int(Int64(i + 1))
                switch (i < old.count ? old[i] : nil, i < new.count ? new[i] : nil) {
                case (let o?, let n?) where o != n:
                    out.append(o + [rank])
                    kinds.append(.updateBefore)
                    out.append(n + [rank])
                    kinds.append(.updateAfter)
                case (nil, let n?):
                    out.append(n + [rank])
                    kinds.append(.insert)
                case (let o?, nil):
                    out.append(o + [rank])
                    kinds.append(.delete)
                default:
                    break
                }
            }
            return
        }
        var remaining = new
        for o in old {
            if let i = remaining.firstIndex(of: o) {
                remaining.remove(at: i)
            } else {
                out.append(o)
                kinds.append(.delete)
            }
        }
        for n in remaining {
            out.append(n)
            kinds.append(.insert)
        }
    }

    func allocate(_ key: GroupKey) -> Int32 {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slotKeys[Int(slot)] = key
        } else {
            slot = Int32(slotKeys.count)
            slotKeys.append(key)
            ranked.append([])
            emitted.append([])
        }
        index[key] = slot
        return slot
    }

    private func release(_ slot: Int32) {
        let s = Int(slot)
        index.removeValue(forKey: slotKeys[s])
        ranked[s] = []
        emitted[s] = []
        expiry?.forget(slot)
        freeSlots.append(slot)
    }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws {
        if clock.advance(watermark: watermark) { expireIdlePartitions() }
    }

    public func advanceProcessingTime(to time: Int64, emit: Emit) throws {
        if clock.advance(processingTime: time) { expireIdlePartitions() }
    }

    /// Drops partitions idle longer than the TTL, without emitting (as Flink).
    private func expireIdlePartitions() {
        guard var e = expiry else { return }
        for slot in pendingTouches where index[slotKeys[Int(slot)]] == slot { e.touch(slot, at: clock.now) }
        pendingTouches.removeAll(keepingCapacity: true)
        let expired = e.expire(now: clock.now)
        expiry = e
        for slot in expired where index[slotKeys[Int(slot)]] == slot {
            let s = Int(slot)
            index.removeValue(forKey: slotKeys[s])
            ranked[s] = []
            emitted[s] = []
            freeSlots.append(slot)
        }
    }
}
