import EddyCore

extension SlotTable {
    /// Every accumulator's state of a slot, one list per accumulator.
    func states(_ slot: Int32) -> [[Value]] { accumulators.map { $0.state(Int(slot)) } }

    /// A fresh slot holding saved accumulator states.
    func restoreSlot(_ states: [[Value]]) throws -> Int32 {
        guard states.count == accumulators.count else { throw StateFormatError("saved aggregates do not match the query") }
        let slot = allocate()
        for (a, s) in zip(accumulators, states) { try a.setState(Int(slot), s) }
        return slot
    }
}

extension StateWriter {
    mutating func writeStates(_ states: [[Value]]) {
        writeUInt(UInt64(states.count))
        for s in states { writeValues(s) }
    }
}

extension StateReader {
    mutating func readStates() throws -> [[Value]] {
        let n = try readCount()
        return try (0..<n).map { _ in try readValues() }
    }
}

extension WindowAggregateOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var records: [(Int, [UInt8])] = []
        for bounds in windows.keys.sorted() {
            guard let groups = windows[bounds] else { continue }
            for (key, slot) in groups.order {
                var w = StateWriter()
                w.writeInt(bounds.start)
                w.writeInt(bounds.end)
                w.writeValues(keys.values(of: key))
                w.writeStates(slots.states(slot))
                records.append((keys.keyGroup(of: key), w.bytes))
            }
        }
        return OperatorState(global: g.bytes, records: records)
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for record in state.records {
            var r = StateReader(record.bytes)
            let bounds = WindowBounds(start: try r.readInt(), end: try r.readInt())
            let key = try keys.key(from: try r.readValues())
            let slot = try slots.restoreSlot(try r.readStates())
            let groups = windows[bounds] ?? WindowGroups(expectedGroups: 16)
            groups.index[key] = slot
            groups.order.append((key, slot))
            windows[bounds] = groups
        }
    }
}

extension SessionWindowAggregateOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var records: [(Int, [UInt8])] = []
        for (key, list) in sessions {
            let values = keys.values(of: key)
            for s in list {
                var w = StateWriter()
                w.writeValues(values)
                w.writeInt(s.start)
                w.writeInt(s.end)
                w.writeStates(slots.states(s.slot))
                records.append((keys.keyGroup(of: key), w.bytes))
            }
        }
        // Sessions close in order of their end: keep records in a stable order.
        return OperatorState(global: g.bytes, records: records.sorted { $0.1.lexicographicallyPrecedes($1.1) })
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for record in state.records {
            var r = StateReader(record.bytes)
            let key = try keys.key(from: try r.readValues())
            let start = try r.readInt(), end = try r.readInt()
            let slot = try slots.restoreSlot(try r.readStates())
            sessions[key, default: []].append(Session(start: start, end: end, slot: slot))
            closing.push((end, key))
            openSessions += 1
        }
    }
}

extension WindowTopNOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var records: [(Int, [UInt8])] = []
        for end in windows.keys.sorted() {
            for key in partitionOrder[end] ?? [] {
                var w = StateWriter()
                w.writeInt(end)
                w.writeValues(keys.values(of: key))
                let rows = windows[end]?[key] ?? []
                w.writeUInt(UInt64(rows.count))
                for row in rows { w.writeValues(row) }
                records.append((keys.keyGroup(of: key), w.bytes))
            }
        }
        return OperatorState(global: g.bytes, records: records)
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for record in state.records {
            var r = StateReader(record.bytes)
            let end = try r.readInt()
            let key = try keys.key(from: try r.readValues())
            let n = try r.readCount()
            let rows = try (0..<n).map { _ in try r.readValues() }
            windows[end, default: [:]][key] = rows
            partitionOrder[end, default: []].append(key)
        }
    }
}
