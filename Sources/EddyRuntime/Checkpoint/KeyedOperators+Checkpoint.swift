import EddyCore

// The checkpointed state of the keyed (non-window) operators, each declared once as a
// `KeyedStateLayout`: what one key's record holds and in which order, for writing and
// reading alike.

extension GroupAggregateOperator: CheckpointableOperator, KeyedStateLayout {
    /// A key's row count, whether it emitted, its accumulators, its TTL touch.
    struct StateRecord {
        var count: Int64 = 0
        var emitted = false
        var slot: Int32 = 0
        var touch = TTLTouch()
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var globalState: TTLState { TTLState(clock: clock, expired: [expiry?.expiredCount ?? 0]) }
    func code<C: StateCoder>(global: inout TTLState, _ c: inout C) throws { try c.code(&global) }
    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(&record.count)
        try c.code(&record.emitted)
        try c.code(accumulatorsOf: &record.slot, in: slots)
        try c.code(&record.touch)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        let pending = Set(pendingTouches)
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            let touch = TTLTouch(lastTouched: expiry?.lastTouched(slot) ?? .min, pending: pending.contains(slot))
            try body(key, StateRecord(count: rowCounts[s], emitted: emitted[s], slot: slot, touch: touch))
        }
    }

    func restore(global: TTLState, records: [(key: GroupKey, record: StateRecord)]) throws {
        clock = global.clock
        expiry?.expiredCount = global.expired[0]
        var touches: [(slot: Int32, time: Int64)] = []
        for (key, record) in records {
            let s = Int(record.slot)
            while slotKeys.count <= s {
                slotKeys.append(GroupKey())
                rowCounts.append(0)
                emitted.append(false)
                touchedIn.append(0)
            }
            index[key] = record.slot
            slotKeys[s] = key
            rowCounts[s] = record.count
            emitted[s] = record.emitted
            if record.touch.lastTouched != .min { touches.append((record.slot, record.touch.lastTouched)) }
            if record.touch.pending { pendingTouches.append(record.slot) }
        }
        expiry?.restoreTouches(touches)
    }
}

extension TopNOperator: CheckpointableOperator, KeyedStateLayout {
    /// A partition's ranked rows, the rows it emitted, its TTL touch.
    struct StateRecord {
        var ranked: [[Value]] = []
        var emitted: [[Value]] = []
        var touch = TTLTouch()
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    /// The width of the rows kept: the input's columns (the output may add the rank).
    private var inputWidth: Int { outputTypes.count - (spec.emitsRowNumber ? 1 : 0) }
    var globalState: TTLState { TTLState(clock: clock, expired: [expiry?.expiredCount ?? 0]) }
    func code<C: StateCoder>(global: inout TTLState, _ c: inout C) throws { try c.code(&global) }
    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(rows: &record.ranked, width: inputWidth)
        try c.code(rows: &record.emitted, width: inputWidth)
        try c.code(&record.touch)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        let pending = Set(pendingTouches)
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            let touch = TTLTouch(lastTouched: expiry?.lastTouched(slot) ?? .min, pending: pending.contains(slot))
            try body(key, StateRecord(ranked: ranked[s], emitted: emitted[s], touch: touch))
        }
    }

    func restore(global: TTLState, records: [(key: GroupKey, record: StateRecord)]) throws {
        clock = global.clock
        expiry?.expiredCount = global.expired[0]
        var touches: [(slot: Int32, time: Int64)] = []
        for (key, record) in records {
            let slot = allocate(key)
            ranked[Int(slot)] = record.ranked
            emitted[Int(slot)] = record.emitted
            if record.touch.lastTouched != .min { touches.append((slot, record.touch.lastTouched)) }
            if record.touch.pending { pendingTouches.append(slot) }
        }
        expiry?.restoreTouches(touches)
    }
}

extension RegularJoinOperator: CheckpointableOperator, KeyedStateLayout {
    /// One side's rows of a key, with their match counts, and the key's TTL touch.
    struct StateRecord {
        var side = 0
        var entries: [Entry] = []
        var touch = TTLTouch()
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var globalState: TTLState { TTLState(clock: clock, expired: (0..<2).map { expiry[$0]?.expiredCount ?? 0 }) }
    func code<C: StateCoder>(global: inout TTLState, _ c: inout C) throws { try c.code(&global) }
    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(side: &record.side)
        let width = record.side == 0 ? rows.leftWidth : rows.rightWidth
        try c.code(&record.entries, blank: Entry(row: [], matches: 0)) { e, c in
            try c.code(row: &e.row, width: width)
            try c.code(&e.matches)
        }
        try c.code(&record.touch)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for side in 0..<2 {
            for key in state[side].keys.sorted(by: { (keyIds[side][$0] ?? 0) < (keyIds[side][$1] ?? 0) }) {
                let id = keyIds[side][key]
                let touch = TTLTouch(
                    lastTouched: id.flatMap { expiry[side]?.lastTouched($0) } ?? .min,
                    pending: id.map { pendingTouches[side].contains($0) } ?? false)
                try body(key, StateRecord(side: side, entries: state[side][key] ?? [], touch: touch))
            }
        }
    }

    func restore(global: TTLState, records: [(key: GroupKey, record: StateRecord)]) throws {
        clock = global.clock
        for side in 0..<2 { expiry[side]?.expiredCount = global.expired[side] }
        var touches: [[(slot: Int32, time: Int64)]] = [[], []]
        for (key, record) in records {
            let side = record.side
            state[side][key] = record.entries
            let id = self.id(of: key, side: side)
            if record.touch.lastTouched != .min { touches[side].append((id, record.touch.lastTouched)) }
            if record.touch.pending { pendingTouches[side].append(id) }
        }
        for side in 0..<2 { expiry[side]?.restoreTouches(touches[side]) }
    }
}

extension IntervalJoinOperator: CheckpointableOperator, WatermarkStateLayout {
    /// One side's rows of a key still waiting for a partner.
    struct StateRecord {
        var side = 0
        var waiting: [Waiting] = []
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(side: &record.side)
        let width = record.side == 0 ? rows.leftWidth : rows.rightWidth
        try c.code(&record.waiting, blank: Waiting(time: 0, row: [], matched: false)) { x, c in
            try c.code(&x.time)
            try c.code(row: &x.row, width: width)
            try c.code(&x.matched)
        }
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for side in 0..<2 {
            for (key, waiting) in state[side] { try body(key, StateRecord(side: side, waiting: waiting)) }
        }
    }

    func restore(global: WatermarkState, records: [(key: GroupKey, record: StateRecord)]) throws {
        restore(global: global)
        for (key, record) in records {
            for x in record.waiting { expiries.push(waitsUntil(x.time, side: record.side), (record.side, key)) }
            state[record.side][key] = record.waiting
        }
    }
}

extension WindowJoinOperator: CheckpointableOperator, WatermarkStateLayout {
    /// A key's rows of both sides in the window ending at `end`.
    struct StateRecord {
        var end: Int64 = 0
        var sides: [[[Value]]] = [[], []]
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(&record.end)
        try c.code(rows: &record.sides[0], width: rows.leftWidth)
        try c.code(rows: &record.sides[1], width: rows.rightWidth)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for end in windows.keys.sorted() {
            for key in keyOrder[end] ?? [] {
                try body(key, StateRecord(end: end, sides: (0..<2).map { windows[end]?[$0][key] ?? [] }))
            }
        }
    }

    func restore(global: WatermarkState, records: [(key: GroupKey, record: StateRecord)]) throws {
        restore(global: global)
        for (key, record) in records {
            var sides = windows[record.end] ?? [[:], [:]]
            for side in 0..<2 where !record.sides[side].isEmpty { sides[side][key] = record.sides[side] }
            windows[record.end] = sides
            keyOrder[record.end, default: []].append(key)
        }
    }
}

extension LookupJoinOperator: CheckpointableOperator {
    /// The whole table is operator-wide state: every worker looks up all of it.
    public func snapshot() throws -> OperatorState {
        var all = table.values.flatMap { $0 }
            .sorted { $0.map(\.displayText).joined(separator: "\u{1}") < $1.map(\.displayText).joined(separator: "\u{1}") }
        var g = StateWriter()
        try g.code(rows: &all, width: rows.rightWidth)
        var b = OperatorStateBuilder(global: g.bytes)
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        var all: [[Value]] = []
        try g.code(rows: &all, width: rows.rightWidth)
        guard !all.isEmpty else { return }
        updateTable(Batch.fromRows(all, types: rows.rightTypes))
    }
}
