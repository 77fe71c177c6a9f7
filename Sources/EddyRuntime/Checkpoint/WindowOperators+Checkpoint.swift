import EddyCore

// The checkpointed state of the window operators, each declared once as a
// `KeyedStateLayout` (see KeyedOperators+Checkpoint.swift).

extension WindowAggregateOperator: CheckpointableOperator, WatermarkStateLayout {
    /// A group's accumulators in one window.
    struct StateRecord {
        var start: Int64 = 0
        var end: Int64 = 0
        var slot: Int32 = 0
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(&record.start)
        try c.code(&record.end)
        // A window ends after it starts; the watermark is compared with `end - 1`.
        guard record.start < record.end else { throw StateFormatError("the state has a window ending before it starts") }
        try c.code(accumulatorsOf: &record.slot, in: slots)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for bounds in windows.keys.sorted() {
            guard let groups = windows[bounds] else { continue }
            for (key, slot) in zip(groups.index.keys, groups.index.slots) {
                try body(key, StateRecord(start: bounds.start, end: bounds.end, slot: slot))
            }
        }
    }

    func restore(global: WatermarkState, records: [(key: GroupKey, record: StateRecord)]) throws {
        restore(global: global)
        var cached: (WindowBounds, WindowGroups)?
        for (key, record) in records {
            let bounds = WindowBounds(start: record.start, end: record.end)
            let groups: WindowGroups
            if let c = cached, c.0 == bounds {
                groups = c.1
            } else {
                groups = windows[bounds] ?? WindowGroups(expectedGroups: 16)
                windows[bounds] = groups
                cached = (bounds, groups)
            }
            _ = groups.index.slot(for: key) { record.slot }
        }
    }
}

extension SessionWindowAggregateOperator: CheckpointableOperator, WatermarkStateLayout {
    /// A key's open sessions with their accumulators.
    struct StateRecord {
        var sessions: [Session] = []
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(&record.sessions, blank: Session(start: 0, end: 0, slot: 0)) { s, c in
            try c.code(&s.start)
            try c.code(&s.end)
            try c.code(accumulatorsOf: &s.slot, in: slots)
        }
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for (key, list) in sessions { try body(key, StateRecord(sessions: list)) }
    }

    func restore(global: WatermarkState, records: [(key: GroupKey, record: StateRecord)]) throws {
        restore(global: global)
        for (key, record) in records {
            for s in record.sessions {
                sessions[key, default: []].append(s)
                track(s.slot, key)
                scheduleClose(s)
            }
        }
    }
}

extension WindowTopNOperator: CheckpointableOperator, WatermarkStateLayout {
    /// A partition's best rows in the window ending at `end`.
    struct StateRecord {
        var end: Int64 = 0
        var rows: [[Value]] = []
    }

    public func snapshot() throws -> OperatorState { try snapshotLayout() }
    public func restore(_ state: OperatorState) throws { try restoreLayout(state) }

    /// The width of the rows kept: the input's columns (the output may add the rank).
    private var inputWidth: Int { outputTypes.count - (spec.emitsRowNumber ? 1 : 0) }
    var blankRecord: StateRecord { StateRecord() }

    func code<C: StateCoder>(record: inout StateRecord, _ c: inout C) throws {
        try c.code(&record.end)
        try c.code(rows: &record.rows, width: inputWidth)
    }

    func forEachRecord(_ body: (GroupKey, StateRecord) throws -> Void) rethrows {
        for end in windows.keys.sorted() {
            for key in partitionOrder[end] ?? [] { try body(key, StateRecord(end: end, rows: windows[end]?[key] ?? [])) }
        }
    }

    func restore(global: WatermarkState, records: [(key: GroupKey, record: StateRecord)]) throws {
        restore(global: global)
        for (key, record) in records {
            windows[record.end, default: [:]][key] = record.rows
            partitionOrder[record.end, default: []].append(key)
        }
    }
}
