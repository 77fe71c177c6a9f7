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
        var index: GroupIndex

        /// Sized like the last window that fired, so the table rarely grows.
        init(expectedGroups: Int) { index = GroupIndex(expectedGroups: expectedGroups) }
    }
    var windows: [WindowBounds: WindowGroups] = [:]
    var watermark = Int64.min
    var lastWindowGroupCount = 16
    public internal(set) var lateRowsDropped = 0

    let lateOutput: LateRowWriter?

    public init(spec: WindowAggregateSpec, inputSchema: Schema, outputSchema: Schema, lateOutput: LateRowWriter? = nil) {
        self.lateOutput = lateOutput
        self.spec = spec
        self.assigner = WindowAssigner(window: spec.window)
        self.keyTypes = spec.keyColumns.map { inputSchema.fields[$0].type }
        self.keys = KeyEncoder(types: keyTypes)
        self.slots = SlotTable(aggregates: spec.aggregates, input: inputSchema)
        self.outputTypes = outputSchema.types
    }

    public var stateSize: Int { slots.inUse }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let groupKeys = keys.encode(spec.keyColumns.map { batch.columns[$0] }, rows: rows)
        var updateRows: [Int32] = []
        var updateSlots: [Int32] = []
        updateRows.reserveCapacity(rows.count)
        updateSlots.reserveCapacity(rows.count)
        var lateRows: [Int32] = []
        var cache = OpenWindowCache(window: spec.window)
        // Keys are read in place (borrowed), not copied out of the array per row.
        groupKeys.withUnsafeBufferPointer { keys in
            if let cols = spec.windowColumns, cols.count == 2,
                case .ints(let starts) = batch.columns[cols[0]].values, case .ints(let ends) = batch.columns[cols[1]].values
            {
                // The second phase of a two-phase aggregation reads each row's window from it.
                for (j, r) in rows.enumerated() {
                    let bounds = WindowBounds(start: starts[Int(r)], end: ends[Int(r)])
                    if let slot = slot(for: keys[j], in: bounds, cache: &cache) {
                        updateRows.append(r)
                        updateSlots.append(slot)
                    } else {
                        lateRows.append(r)
                    }
                }
            } else {
                let times = batch.columns[spec.timeColumn]
                let ts: [Int64]
                if case .ints(let t) = times.values { ts = t } else { ts = [] }
                for (j, r) in rows.enumerated() {
                    let row = Int(r)
                    guard !times.isNull(row) else {
                        lateRows.append(r)  // no event time: no window
                        continue
                    }
                    var assigned = false
                    for bounds in assigner.windows(ts[row]) {
                        guard let slot = slot(for: keys[j], in: bounds, cache: &cache) else { continue }
                        updateRows.append(r)
                        updateSlots.append(slot)
                        assigned = true
                    }
                    if !assigned { lateRows.append(r) }
                }
            }
        }
        lateRowsDropped += lateRows.count
        try lateOutput?.write(batch, rows: lateRows)
        for (k, call) in spec.aggregates.enumerated() {
            slots.accumulators[k].update(rows: updateRows, slots: updateSlots, input: call.argument.map { batch.columns[$0] })
        }
    }

    /// The open windows recent rows went to, so that most rows find theirs without a
    /// dictionary lookup: a HOP row goes to size/slide windows in turn, and the rows of a
    /// batch mostly share them. Direct-mapped on `end / unit` (window ends are multiples
    /// of the unit apart, so consecutive windows take different entries).
    /// Unretained: `windows` owns every open window for the whole of `process`, and
    /// skipping the reference counting per row is measurable.
    struct OpenWindowCache {
        static let entries = 8
        let unit: Int64
        var bounds = [WindowBounds](repeating: WindowBounds(start: .min, end: .min), count: entries)
        var groups = [Unmanaged<WindowGroups>?](repeating: nil, count: entries)

        init(window: WindowSpec) {
            let unit: Int64
            switch window {
            case .tumble(let size): unit = size
            case .hop(let slide, _): unit = slide
            case .cumulate(let step, _): unit = step
            case .session(let gap): unit = gap
            }
            self.unit = max(unit, 1)
        }

        @inline(__always)
        func entry(_ bounds: WindowBounds) -> Int {
            Int(truncatingIfNeeded: bounds.end / unit) & (Self.entries - 1)
        }
    }

    /// The accumulator slot of `key` in the window `bounds`, created if new; nil when the
    /// window has already fired (the row is late).
    @inline(__always)
    private func slot(for key: borrowing GroupKey, in bounds: WindowBounds, cache: inout OpenWindowCache) -> Int32? {
        if bounds.maxTimestamp <= watermark { return nil }
        let e = cache.entry(bounds)
        if cache.groups[e] == nil || cache.bounds[e] != bounds {
            let groups: WindowGroups
            if let existing = windows[bounds] {
                groups = existing
            } else {
                groups = WindowGroups(expectedGroups: lastWindowGroupCount)
                windows[bounds] = groups
            }
            cache.bounds[e] = bounds
            cache.groups[e] = Unmanaged.passUnretained(groups)
        }
        guard let groups = cache.groups[e] else { return nil }
        return groups._withUnsafeGuaranteedRef { g in
            g.index.slot(for: key) { self.slots.allocate() }
        }
    }

    public func finish(emit: Emit) throws {}

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
            let index = groups.index
            lastWindowGroupCount = index.count
            groupKeys.append(contentsOf: index.keys)
            groupSlots.append(contentsOf: index.slots)
            starts.append(contentsOf: repeatElement(bounds.start, count: index.count))
            ends.append(contentsOf: repeatElement(bounds.end, count: index.count))
        }
        var columns = (0..<keyTypes.count).map { keys.column(groupKeys, part: $0) }
        columns.append(Column(type: .timestamp, values: .ints(starts)))
        columns.append(Column(type: .timestamp, values: .ints(ends)))
        for (k, acc) in slots.accumulators.enumerated() {
            columns.append(acc.results(groupSlots, type: outputTypes[keyTypes.count + 2 + k]))
        }
        slots.release(groupSlots)
        let count = groupSlots.count
        if keys.shouldCompact(liveKeys: slots.inUse) { compactKeys() }
        try emit(Batch(columns: columns, rowCount: count))
    }

    /// Renumbers the keys of every open window after the key strings were compacted.
    private func compactKeys() {
        let open = Array(windows.keys)
        let renumbered = keys.compact(open.flatMap { windows[$0]?.index.keys ?? [] })
        var at = 0
        for bounds in open {
            guard let groups = windows[bounds] else { continue }
            let n = groups.index.count
            groups.index = GroupIndex(keys: Array(renumbered[at..<at + n]), slots: groups.index.slots)
            at += n
        }
    }
}
