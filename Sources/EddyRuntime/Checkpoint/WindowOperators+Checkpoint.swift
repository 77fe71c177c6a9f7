import EddyCore

extension SlotTable {
    func write(_ slot: Int32, to w: inout StateWriter) {
        for a in accumulators { a.write(Int(slot), to: &w) }
    }

    /// A fresh slot holding the accumulator states read from `r`.
    func readSlot(from r: inout StateReader) throws -> Int32 {
        let slot = allocate()
        for a in accumulators { try a.read(Int(slot), from: &r) }
        return slot
    }
}

extension StateWriter {
    mutating func writeRows(_ rows: [[Value]]) {
        writeUInt(UInt64(rows.count))
        for row in rows { writeValues(row) }
    }
}

extension StateReader {
    /// Rows of `width` values each. Operators index a row's columns, so a row of another
    /// width (a damaged or foreign checkpoint) is refused here rather than trapping later.
    mutating func readRows(width: Int) throws -> [[Value]] {
        let n = try readCount()
        return try (0..<n).map { _ in try readRow(width: width) }
    }

    /// One row of `width` values (see `readRows(width:)`).
    mutating func readRow(width: Int) throws -> [Value] {
        let row = try readValues()
        guard row.count == width else { throw StateFormatError("a row of the state has \(row.count) columns, not \(width)") }
        return row
    }
}

extension WindowAggregateOperator: CheckpointableOperator {
    /// A record per (window, group): key, window bounds, accumulators.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var b = OperatorStateBuilder(global: g.bytes)
        for bounds in windows.keys.sorted() {
            guard let groups = windows[bounds] else { continue }
            for (key, slot) in zip(groups.index.keys, groups.index.slots) {
                b.record(key, keys) { w in
                    w.writeInt(bounds.start)
                    w.writeInt(bounds.end)
                    slots.write(slot, to: &w)
                }
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        var cached: (WindowBounds, WindowGroups)?
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            let bounds = WindowBounds(start: try r.readInt(), end: try r.readInt())
            // A window ends after it starts; the watermark is compared with `end - 1`.
            guard bounds.start < bounds.end else { throw StateFormatError("the state has a window ending before it starts") }
            let slot = try slots.readSlot(from: &r)
            let groups: WindowGroups
            if let c = cached, c.0 == bounds {
                groups = c.1
            } else {
                groups = windows[bounds] ?? WindowGroups(expectedGroups: 16)
                windows[bounds] = groups
                cached = (bounds, groups)
            }
            _ = groups.index.slot(for: key) { slot }
        }
    }
}

extension SessionWindowAggregateOperator: CheckpointableOperator {
    /// A record per key: its open sessions with their accumulators.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var b = OperatorStateBuilder(global: g.bytes)
        for (key, list) in sessions {
            b.record(key, keys) { w in
                w.writeUInt(UInt64(list.count))
                for s in list {
                    w.writeInt(s.start)
                    w.writeInt(s.end)
                    slots.write(s.slot, to: &w)
                }
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            for _ in 0..<(try r.readCount()) {
                let start = try r.readInt(), end = try r.readInt()
                let slot = try slots.readSlot(from: &r)
                sessions[key, default: []].append(Session(start: start, end: end, slot: slot))
                closing.push((end, key))
                openSessions += 1
            }
        }
    }
}

extension WindowTopNOperator: CheckpointableOperator {
    /// The width of the rows kept: the input's columns (the output may add the rank).
    private var inputWidth: Int { outputTypes.count - (spec.emitsRowNumber ? 1 : 0) }

    /// A record per (window, partition): its best rows.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var b = OperatorStateBuilder(global: g.bytes)
        for end in windows.keys.sorted() {
            for key in partitionOrder[end] ?? [] {
                b.record(key, keys) { w in
                    w.writeInt(end)
                    w.writeRows(windows[end]?[key] ?? [])
                }
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            let end = try r.readInt()
            windows[end, default: [:]][key] = try r.readRows(width: inputWidth)
            partitionOrder[end, default: []].append(key)
        }
    }
}
