import EddyCore

/// Keyed aggregation over TUMBLE, HOP and CUMULATE windows. State is one hash table per
/// open window from group key to an accumulator slot; a window is emitted once, when the
/// watermark reaches its last millisecond, and its state is freed then. Rows for a window
/// that has already fired are late: dropped and counted.
public final class WindowAggregateOperator: StreamOperator {
    let spec: WindowAggregateSpec
    let assigner: WindowAssigner
    let keys: KeyEncoder
    let slots: SlotTable
    let keyTypes: [DataType]
    let outputTypes: [DataType]

    /// The groups of one open window, in the order they first appeared.
    final class WindowGroups {
        var index: [GroupKey: Int32]
        var order: [(GroupKey, Int32)] = []

        /// Sized like the last window that fired, so the table rarely grows.
        init(expectedGroups: Int) {
            index = Dictionary(minimumCapacity: expectedGroups)
            order.reserveCapacity(expectedGroups)
        }
    }
    var windows: [WindowBounds: WindowGroups] = [:]
    var watermark = Int64.min
    var lastWindowGroupCount = 16
    public internal(set) var lateRowsDropped = 0

    let lateOutput: LateRowWriter?

    public init(spec: WindowAggregateSpec, inputSchema: Schema, outputSchema: Schema) {
        self.lateOutput = spec.lateOutputPath.map { LateRowWriter(path: $0, schema: inputSchema) }
        self.spec = spec
        self.assigner = WindowAssigner(window: spec.window)
        self.keyTypes = spec.keyColumns.map { inputSchema.fields[$0].type }
        self.keys = KeyEncoder(types: keyTypes)
        self.slots = SlotTable(
            accumulators: spec.aggregates.map { call in
                AccumulatorFactory.make(call, inputType: call.argument.map { inputSchema.fields[$0].type })
            })
        self.outputTypes = outputSchema.types
    }

    public var stateSize: Int { slots.inUse }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let times = batch.columns[spec.timeColumn]
        let ts: [Int64]
        if case .ints(let t) = times.values { ts = t } else { ts = [] }
        let groupKeys = keys.encode(spec.keyColumns.map { batch.columns[$0] }, rows: rows)
        var updateRows: [Int32] = []
        var updateSlots: [Int32] = []
        updateRows.reserveCapacity(rows.count)
        updateSlots.reserveCapacity(rows.count)
        var lateRows: [Int32] = []
        var cachedBounds = WindowBounds(start: 0, end: 0)
        var cachedGroups: WindowGroups?
        // The second phase of a two-phase aggregation reads each row's window from it.
        let given = spec.windowColumns.flatMap { cols -> ([Int64], [Int64])? in
            guard cols.count == 2, case .ints(let s) = batch.columns[cols[0]].values, case .ints(let e) = batch.columns[cols[1]].values
            else { return nil }
            return (s, e)
        }
        for (j, r) in rows.enumerated() {
            let row = Int(r)
            if given == nil && times.isNull(row) {
                lateRowsDropped += 1  // no event time: no window
                lateRows.append(r)
                continue
            }
            var assigned = false
            func place(_ bounds: WindowBounds) {
                if bounds.maxTimestamp <= self.watermark { return }
                assigned = true
                let groups: WindowGroups
                if let cached = cachedGroups, cachedBounds == bounds {
                    groups = cached
                } else if let existing = self.windows[bounds] {
                    groups = existing
                } else {
                    groups = WindowGroups(expectedGroups: self.lastWindowGroupCount)
                    self.windows[bounds] = groups
                }
                cachedBounds = bounds
                cachedGroups = groups
                let key = groupKeys[j]
                let slot: Int32
                if let s = groups.index[key] {
                    slot = s
                } else {
                    slot = self.slots.allocate()
                    groups.index[key] = slot
                    groups.order.append((key, slot))
                }
                updateRows.append(r)
                updateSlots.append(slot)
            }
            if let (starts, ends) = given {
                place(WindowBounds(start: starts[row], end: ends[row]))
            } else {
                assigner.forEachWindow(ts[row], place)
            }
            if !assigned {
                lateRowsDropped += 1
                lateRows.append(r)
            }
        }
        try lateOutput?.write(batch, rows: lateRows)
        for (k, call) in spec.aggregates.enumerated() {
            slots.accumulators[k].update(rows: updateRows, slots: updateSlots, input: call.argument.map { batch.columns[$0] })
        }
    }

    public func finish(emit: Emit) throws { try lateOutput?.flush() }

    public func advanceWatermark(to newWatermark: Int64, emit: Emit) throws {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        try emitWindows(windows.keys.filter { $0.maxTimestamp <= newWatermark }.sorted(), emit)
    }

    /// Emits every open window now (the first phase of a two-phase aggregation, per batch).
    func emitAll(_ emit: Emit) throws { try emitWindows(windows.keys.sorted(), emit) }

    private func emitWindows(_ due: [WindowBounds], _ emit: Emit) throws {
        guard !due.isEmpty else { return }
        var groupKeys: [GroupKey] = []
        var groupSlots: [Int32] = []
        var starts: [Int64] = []
        var ends: [Int64] = []
        for bounds in due {
            guard let groups = windows.removeValue(forKey: bounds) else { continue }
            lastWindowGroupCount = groups.order.count
            for (key, slot) in groups.order {
                groupKeys.append(key)
                groupSlots.append(slot)
                starts.append(bounds.start)
                ends.append(bounds.end)
            }
        }
        var columns = (0..<keyTypes.count).map { keys.column(groupKeys, part: $0) }
        columns.append(Column(type: .timestamp, values: .ints(starts)))
        columns.append(Column(type: .timestamp, values: .ints(ends)))
        for (k, acc) in slots.accumulators.enumerated() {
            columns.append(acc.results(groupSlots, type: outputTypes[keyTypes.count + 2 + k]))
        }
        slots.release(groupSlots)
        let count = groupSlots.count
        try emit(Batch(columns: columns, rowCount: count))
    }
}
