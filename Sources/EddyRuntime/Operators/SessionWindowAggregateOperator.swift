import EddyCore

/// Keyed aggregation over SESSION windows: per key, sessions of activity separated by
/// gaps longer than `gap`. Each event opens the window `[ts, ts + gap)`; windows of one
/// key that overlap or touch merge (as Flink's session windows do, so two events exactly
/// `gap` apart share a session), their aggregates folded together. A session is emitted
/// once, when the watermark reaches its last millisecond.
public final class SessionWindowAggregateOperator: StreamOperator {
    struct Session {
        var start: Int64
        var end: Int64
        var slot: Int32
    }

    let spec: WindowAggregateSpec
    let gap: Int64
    let keys: KeyEncoder
    let slots: SlotTable
    let keyTypes: [DataType]
    let outputTypes: [DataType]
    var sessions: [GroupKey: [Session]] = [:]
    /// A timer per session at its end, naming the session by its accumulator slot and the
    /// slot's generation: a due entry closes that session, moves to its end if it grew
    /// since, or is stale (the slot was released since) and skipped.
    var closing = MinHeap<(slot: Int32, generation: UInt32)>()
    /// By slot: the key of the open session that holds it, and how many times the slot
    /// was released (which makes older timers naming it stale).
    var slotKeys: [GroupKey] = []
    var slotGenerations: [UInt32] = []
    var watermark = Int64.min
    var openSessions = 0
    public internal(set) var lateRowsDropped = 0

    let lateOutput: LateRowWriter?

    public init(spec: WindowAggregateSpec, gap: Int64, inputSchema: Schema, outputSchema: Schema, lateOutput: LateRowWriter? = nil) {
        self.lateOutput = lateOutput
        self.spec = spec
        self.gap = gap
        self.keyTypes = spec.keyColumns.map { inputSchema.fields[$0].type }
        self.keys = KeyEncoder(types: keyTypes)
        self.slots = SlotTable(aggregates: spec.aggregates, input: inputSchema)
        self.outputTypes = outputSchema.types
    }

    public var stateSize: Int { openSessions }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let times = batch.columns[spec.timeColumn]
        guard case .ints(let ts) = times.values else { return }
        let groupKeys = keys.encode(spec.keyColumns.map { batch.columns[$0] }, rows: rows)
        var updateRows: [Int32] = []
        var updateSlots: [Int32] = []
        var lateRows: [Int32] = []
        func flush() {
            for (k, call) in spec.aggregates.enumerated() {
                slots.accumulators[k].update(rows: updateRows, slots: updateSlots, input: call.argument.map { batch.columns[$0] })
            }
            updateRows.removeAll(keepingCapacity: true)
            updateSlots.removeAll(keepingCapacity: true)
        }
        for (j, r) in rows.enumerated() {
            let row = Int(r)
            let t = ts[row]
            guard !times.isNull(row) else {
                lateRowsDropped += 1
                lateRows.append(r)
                continue
            }
            let key = groupKeys[j]
            // Most events extend their key's one open session or start one: done in place,
            // without copying the key's list or allocating.
            switch extendInPlace(key, t) {
            case .late:
                lateRowsDropped += 1
                lateRows.append(r)
                continue
            case .placed(let slot):
                updateRows.append(r)
                updateSlots.append(slot)
                continue
            case .merges:
                break
            }
            var list = sessions[key] ?? []
            var merged = Session(start: t, end: t &+ gap, slot: -1)
            // Sessions that overlap or touch the new window fold into one.
            let touching = list.indices.filter { list[$0].start <= merged.end && list[$0].end >= merged.start }
            // As in Flink, a row is late only if the session it ends up in has closed: one
            // that reaches back into an open session joins it, however old it is.
            let mergedEnd = touching.reduce(merged.end) { max($0, list[$1].end) }
            if mergedEnd &- 1 <= watermark {
                lateRowsDropped += 1
                lateRows.append(r)
                continue
            }
            if touching.count > 1 { flush() }  // pending updates must land before slots merge
            for i in touching {
                let s = list[i]
                merged.start = min(merged.start, s.start)
                merged.end = max(merged.end, s.end)
                if merged.slot < 0 {
                    merged.slot = s.slot
                } else {
                    for acc in slots.accumulators { acc.merge(from: Int(s.slot), into: Int(merged.slot)) }
                    slots.release([s.slot])
                    forget(s.slot)
                }
            }
            for i in touching.reversed() { list.remove(at: i) }
            if merged.slot < 0 { merged.slot = openSlot(for: key) }
            list.append(merged)
            sessions[key] = list
            scheduleClose(merged)
            updateRows.append(r)
            updateSlots.append(merged.slot)
        }
        flush()
        try lateOutput?.write(batch, rows: lateRows)
    }

    /// What `extendInPlace` did with an event.
    enum Placement {
        case late
        /// Counted in the session with this slot.
        case placed(Int32)
        /// It touches several sessions, which merge: the general path does that.
        case merges
    }

    /// Places an event at `t` of `key` when it touches at most one session of its key:
    /// that session grows (or a new one opens) in place in `sessions`.
    @inline(__always)
    private func extendInPlace(_ key: GroupKey, _ t: Int64) -> Placement {
        let end = t &+ gap
        guard let at = sessions.index(forKey: key) else {
            if end &- 1 <= watermark { return .late }
            let session = Session(start: t, end: end, slot: openSlot(for: key))
            sessions[key] = [session]
            scheduleClose(session)
            return .placed(session.slot)
        }
        var touching = -1
        let count = sessions.values[at].count
        for i in 0..<count {
            let s = sessions.values[at][i]
            guard s.start <= end && s.end >= t else { continue }
            if touching >= 0 { return .merges }
            touching = i
        }
        guard touching >= 0 else {
            if end &- 1 <= watermark { return .late }
            let session = Session(start: t, end: end, slot: openSlot(for: key))
            sessions.values[at].append(session)
            scheduleClose(session)
            return .placed(session.slot)
        }
        let s = sessions.values[at][touching]
        // Late only if the session it joins has closed (as in the general path).
        if max(s.end, end) &- 1 <= watermark { return .late }
        if t < s.start { sessions.values[at][touching].start = t }
        // The session's entry in `closing` keeps its earlier end: when that comes due,
        // the session is found still open and its entry moves to the new end. One heap
        // entry per session and watermark step, not one per event.
        if end > s.end { sessions.values[at][touching].end = end }
        return .placed(s.slot)
    }

    /// A new session's accumulator slot, noted as holding a session of `key`.
    private func openSlot(for key: GroupKey) -> Int32 {
        let slot = slots.allocate()
        track(slot, key)
        return slot
    }

    /// Notes that `slot` holds an open session of `key` (a new one, or one restored).
    func track(_ slot: Int32, _ key: GroupKey) {
        let i = Int(slot)
        if i >= slotKeys.count {
            slotKeys.append(contentsOf: repeatElement(GroupKey(), count: i + 1 - slotKeys.count))
            slotGenerations.append(contentsOf: repeatElement(0, count: i + 1 - slotGenerations.count))
        }
        slotKeys[i] = key
        openSessions += 1
    }

    /// Notes that the session in `slot` closed or merged into another (its slot is being
    /// released): timers naming it are stale from now on.
    private func forget(_ slot: Int32) {
        slotGenerations[Int(slot)] &+= 1
        slotKeys[Int(slot)] = GroupKey()
        openSessions -= 1
    }

    func scheduleClose(_ session: Session) {
        closing.push(session.end, (session.slot, slotGenerations[Int(session.slot)]))
    }

    public func finish(emit: Emit) throws {}

    public func advanceWatermark(to newWatermark: Int64, emit: Emit) throws {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        var groupKeys: [GroupKey] = []
        var groupSlots: [Int32] = []
        var starts: [Int64] = []
        var ends: [Int64] = []
        while let (end, timer) = closing.min, end &- 1 <= newWatermark {
            closing.pop()
            let slot = Int(timer.slot)
            guard slotGenerations[slot] == timer.generation else { continue }  // stale
            let key = slotKeys[slot]
            guard let at = sessions.index(forKey: key), let i = sessions.values[at].firstIndex(where: { $0.slot == timer.slot }) else {
                continue
            }
            let s = sessions.values[at][i]
            if s.end > end {
                closing.push(s.end, timer)  // it grew: due later
                continue
            }
            if sessions.values[at].count == 1 {
                sessions.remove(at: at)
            } else {
                sessions.values[at].remove(at: i)
            }
            groupKeys.append(key)
            groupSlots.append(s.slot)
            starts.append(s.start)
            ends.append(s.end)
        }
        guard !groupSlots.isEmpty else { return }
        var columns = (0..<keyTypes.count).map { keys.column(groupKeys, part: $0) }
        columns.append(Column(type: .timestamp, values: .ints(starts)))
        columns.append(Column(type: .timestamp, values: .ints(ends)))
        for (k, acc) in slots.accumulators.enumerated() {
            columns.append(acc.results(groupSlots, type: outputTypes[keyTypes.count + 2 + k]))
        }
        slots.release(groupSlots)
        for slot in groupSlots { forget(slot) }
        try emit(Batch(columns: columns, rowCount: groupSlots.count))
    }
}
