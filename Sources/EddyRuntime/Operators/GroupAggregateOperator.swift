import EddyCore

/// Keyed aggregation without windows over an append-only or updating input, emitting a
/// changelog. Rows of one batch are folded in before anything is emitted, so a key
/// touched several times in a batch emits one update (as Flink's mini-batch mode does).
public final class GroupAggregateOperator: StreamOperator {
    let spec: GroupAggregateSpec
    let keys: KeyEncoder
    let slots: SlotTable
    let accumulators: [RetractableAccumulator]
    let keyTypes: [DataType]
    let outputTypes: [DataType]

    var index: [GroupKey: Int32] = [:]
    /// Per slot: its key, live row count, and whether a row was emitted for it. The row last
    /// emitted is the slot's result before a batch's updates, so it is recomputed then
    /// rather than kept (a million keys hold no million arrays).
    var slotKeys: [GroupKey] = []
    var rowCounts: [Int64] = []
    var emitted: [Bool] = []
    /// Per slot: the number of the last batch that touched it (cheaper than a set per batch).
    var touchedIn: [Int] = []
    var batchNumber = 0
    var expiry: StateExpiry?
    /// The TTL clock: the watermark once there is one, else processing time.
    var clock = TTLClock()
    /// Slots updated since the clock last moved: stamped with the new time when it does
    /// (a batch is followed by its watermark, so its keys count as touched at that time).
    var pendingTouches: [Int32] = []

    public init(spec: GroupAggregateSpec, inputSchema: Schema, outputSchema: Schema) {
        self.spec = spec
        self.keyTypes = spec.keyColumns.map { inputSchema.fields[$0].type }
        self.keys = KeyEncoder(types: keyTypes)
        let accumulators = spec.aggregates.map { call in
            AggregateKernels.retractable(call, inputType: call.argument.map { inputSchema.fields[$0].type })
        }
        self.accumulators = accumulators
        self.slots = SlotTable(accumulators: accumulators)
        self.outputTypes = outputSchema.types
        self.expiry = spec.stateTTLMillis.map { StateExpiry(ttl: $0) }
    }

    public var stateSize: Int { index.count }
    public var stateExpired: Int { expiry?.expiredCount ?? 0 }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws {
        if clock.advance(watermark: watermark) { expireIdleKeys() }
    }

    public func advanceProcessingTime(to time: Int64, emit: Emit) throws {
        if clock.advance(processingTime: time) { expireIdleKeys() }
    }

    /// Drops the state of keys idle for longer than the TTL. Like Flink, nothing is
    /// emitted: a key seen again starts over with `+I`.
    private func expireIdleKeys() {
        guard var e = expiry else { return }
        for slot in pendingTouches where rowCounts[Int(slot)] > 0 { e.touch(slot, at: clock.now) }
        pendingTouches.removeAll(keepingCapacity: true)
        let expired = e.expire(now: clock.now)
        expiry = e
        guard !expired.isEmpty else { return }
        for slot in expired {
            let s = Int(slot)
            index.removeValue(forKey: slotKeys[s])
            emitted[s] = false
            rowCounts[s] = 0
        }
        slots.release(expired)
    }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let groupKeys = keys.encode(spec.keyColumns.map { batch.columns[$0] }, rows: rows)
        var addRows: [Int32] = [], addSlots: [Int32] = []
        var removeRows: [Int32] = [], removeSlots: [Int32] = []
        var touched: [Int32] = []
        batchNumber += 1
        for (j, r) in rows.enumerated() {
            let key = groupKeys[j]
            let accumulate = batch.kind(at: Int(r)).isAccumulate
            let slot: Int32
            if let s = index[key] {
                slot = s
            } else {
                guard accumulate else { continue }  // retracting a row never seen: nothing to undo
                slot = slots.allocate()
                index[key] = slot
                let s = Int(slot)
                while slotKeys.count <= s {
                    slotKeys.append(GroupKey())
                    rowCounts.append(0)
                    emitted.append(false)
                    touchedIn.append(0)
                }
                slotKeys[s] = key
                rowCounts[s] = 0
                emitted[s] = false
            }
            if accumulate {
                addRows.append(r)
                addSlots.append(slot)
                rowCounts[Int(slot)] += 1
            } else {
                removeRows.append(r)
                removeSlots.append(slot)
                rowCounts[Int(slot)] -= 1
            }
            if touchedIn[Int(slot)] != batchNumber {
                touchedIn[Int(slot)] = batchNumber
                touched.append(slot)
            }
        }
        // What each touched group emitted last: its result before this batch.
        let before = touched.filter { emitted[Int($0)] }
        let previous = resultColumns(before)
        for (k, call) in spec.aggregates.enumerated() {
            let input = call.argument.map { batch.columns[$0] }
            accumulators[k].update(rows: addRows, slots: addSlots, input: input)
            accumulators[k].retract(rows: removeRows, slots: removeSlots, input: input)
        }
        let after = touched.filter { rowCounts[Int($0)] > 0 }
        let current = resultColumns(after)
        // Output rows as indices into previous ++ current.
        var picks: [Int32] = []
        var kinds: [RowKind] = []
        var freed: [Int32] = []
        var p = 0, c = 0
        let offset = Int32(before.count)
        for slot in touched {
            let s = Int(slot)
            let had = p < before.count && before[p] == slot
            if had { p += 1 }
            if rowCounts[s] <= 0 {
                if had {
                    picks.append(Int32(p - 1))
                    kinds.append(.delete)
                }
                index.removeValue(forKey: slotKeys[s])
                emitted[s] = false
                freed.append(slot)
                expiry?.forget(slot)
                continue
            }
            if expiry != nil { pendingTouches.append(slot) }
            let now = c
            c += 1
            if had {
                let unchanged = (keyTypes.count..<outputTypes.count).allSatisfy {
                    previous[$0].sameValue(at: p - 1, as: current[$0], at: now)
                }
                if unchanged { continue }
                picks.append(Int32(p - 1))
                kinds.append(.updateBefore)
                picks.append(offset + Int32(now))
                kinds.append(.updateAfter)
            } else {
                picks.append(offset + Int32(now))
                kinds.append(.insert)
            }
            emitted[s] = true
        }
        slots.release(freed)
        guard !picks.isEmpty else { return }
        let columns = zip(previous, current).map { Column.concatenated($0, $1).gather(picks) }
        try emit(Batch(columns: columns, rowCount: picks.count, rowKinds: kinds))
    }

    /// The result rows of `slots` as columns: keys, then aggregates.
    func resultColumns(_ slots: [Int32]) -> [Column] {
        let keyValues = slots.map { slotKeys[Int($0)] }
        var columns = (0..<keyTypes.count).map { keys.column(keyValues, part: $0) }
        for (k, a) in accumulators.enumerated() {
            columns.append(a.results(slots, type: outputTypes[keyTypes.count + k]))
        }
        return columns
    }
}
