import EddyCore

extension GroupAggregateOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(now)
        g.writeBool(sawWatermark)
        g.writeInt(expiry?.expiredCount ?? 0)
        let pending = Set(pendingTouches)
        var records: [(Int, [UInt8])] = []
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            var w = StateWriter()
            w.writeValues(keys.values(of: key))
            w.writeInt(rowCounts[s])
            w.writeBool(emitted[s] != nil)
            w.writeValues(emitted[s] ?? [])
            w.writeStates(accumulators.map { $0.state(s) })
            w.writeInt(expiry?.lastTouched(slot) ?? .min)
            w.writeBool(pending.contains(slot))
            records.append((keys.keyGroup(of: key), w.bytes))
        }
        return OperatorState(global: g.bytes, records: records)
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        now = try g.readInt()
        sawWatermark = try g.readBool()
        expiry?.expiredCount = Int(try g.readInt())
        var touches: [(slot: Int32, time: Int64)] = []
        defer { expiry?.restoreTouches(touches) }
        for record in state.records {
            var r = StateReader(record.bytes)
            let key = try keys.key(from: try r.readValues())
            let count = try r.readInt()
            let hasEmitted = try r.readBool()
            let row = try r.readValues()
            let slot = try slots.restoreSlot(try r.readStates())
            let s = Int(slot)
            while slotKeys.count <= s {
                slotKeys.append(GroupKey())
                rowCounts.append(0)
                emitted.append(nil)
            }
            index[key] = slot
            slotKeys[s] = key
            rowCounts[s] = count
            emitted[s] = hasEmitted ? row : nil
            let touched = try r.readInt()
            if touched != .min { touches.append((slot, touched)) }
            if try r.readBool() { pendingTouches.append(slot) }
        }
    }
}

extension TopNOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(now)
        g.writeBool(sawWatermark)
        g.writeInt(expiry?.expiredCount ?? 0)
        let pending = Set(pendingTouches)
        var records: [(Int, [UInt8])] = []
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            var w = StateWriter()
            w.writeValues(keys.values(of: key))
            for list in [ranked[s], emitted[s]] {
                w.writeUInt(UInt64(list.count))
                for row in list { w.writeValues(row) }
            }
            w.writeInt(expiry?.lastTouched(slot) ?? .min)
            w.writeBool(pending.contains(slot))
            records.append((keys.keyGroup(of: key), w.bytes))
        }
        return OperatorState(global: g.bytes, records: records)
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        now = try g.readInt()
        sawWatermark = try g.readBool()
        expiry?.expiredCount = Int(try g.readInt())
        var touches: [(slot: Int32, time: Int64)] = []
        defer { expiry?.restoreTouches(touches) }
        for record in state.records {
            var r = StateReader(record.bytes)
            let key = try keys.key(from: try r.readValues())
            let slot = allocate(key)
            let s = Int(slot)
            var lists: [[[Value]]] = []
            for _ in 0..<2 {
                let n = try r.readCount()
                lists.append(try (0..<n).map { _ in try r.readValues() })
            }
            ranked[s] = lists[0]
            emitted[s] = lists[1]
            let touched = try r.readInt()
            if touched != .min { touches.append((slot, touched)) }
            if try r.readBool() { pendingTouches.append(slot) }
        }
    }
}

extension RegularJoinOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(now)
        g.writeBool(sawWatermark)
        for side in 0..<2 { g.writeInt(expiry[side]?.expiredCount ?? 0) }
        var records: [(Int, [UInt8])] = []
        for side in 0..<2 {
            for (key, entries) in state[side] {
                var w = StateWriter()
                w.writeUInt(UInt64(side))
                w.writeValues(keys.values(of: key))
                w.writeUInt(UInt64(entries.count))
                for e in entries {
                    w.writeValues(e.row)
                    w.writeInt(e.matches)
                }
                let id = keyIds[side][key]
                w.writeInt(id.flatMap { expiry[side]?.lastTouched($0) } ?? .min)
                w.writeBool(id.map { pendingTouches[side].contains($0) } ?? false)
                records.append((keys.keyGroup(of: key), w.bytes))
            }
        }
        return OperatorState(global: g.bytes, records: records.sorted { $0.1.lexicographicallyPrecedes($1.1) })
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        now = try g.readInt()
        sawWatermark = try g.readBool()
        for side in 0..<2 { expiry[side]?.expiredCount = Int(try g.readInt()) }
        var touches: [[(slot: Int32, time: Int64)]] = [[], []]
        defer { for side in 0..<2 { expiry[side]?.restoreTouches(touches[side]) } }
        for record in state.records {
            var r = StateReader(record.bytes)
            let side = Int(try r.readUInt())
            guard side < 2 else { throw StateFormatError("join state names side \(side)") }
            let key = try keys.key(from: try r.readValues())
            let n = try r.readCount()
            var entries: [Entry] = []
            for _ in 0..<n { entries.append(Entry(row: try r.readValues(), matches: Int(try r.readInt()))) }
            self.state[side][key] = entries
            let touched = try r.readInt()
            let id = self.id(of: key, side: side)
            if touched != .min { touches[side].append((id, touched)) }
            if try r.readBool() { pendingTouches[side].append(id) }
        }
    }
}

extension IntervalJoinOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var records: [(Int, [UInt8])] = []
        for side in 0..<2 {
            for (key, waiting) in state[side] {
                var w = StateWriter()
                w.writeUInt(UInt64(side))
                w.writeValues(keys.values(of: key))
                w.writeUInt(UInt64(waiting.count))
                for x in waiting {
                    w.writeInt(x.time)
                    w.writeValues(x.row)
                    w.writeBool(x.matched)
                }
                records.append((keys.keyGroup(of: key), w.bytes))
            }
        }
        return OperatorState(global: g.bytes, records: records.sorted { $0.1.lexicographicallyPrecedes($1.1) })
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        watermark = try g.readInt()
        lateRowsDropped = Int(try g.readInt())
        for record in state.records {
            var r = StateReader(record.bytes)
            let side = Int(try r.readUInt())
            guard side < 2 else { throw StateFormatError("join state names side \(side)") }
            let key = try keys.key(from: try r.readValues())
            let n = try r.readCount()
            var list: [Waiting] = []
            for _ in 0..<n {
                let t = try r.readInt()
                let row = try r.readValues()
                list.append(Waiting(time: t, row: row, matched: try r.readBool()))
                expiries.push((waitsUntil(t, side: side), side, key))
            }
            self.state[side][key] = list
        }
    }
}

extension WindowJoinOperator: CheckpointableOperator {
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var records: [(Int, [UInt8])] = []
        for end in windows.keys.sorted() {
            for key in keyOrder[end] ?? [] {
                var w = StateWriter()
                w.writeInt(end)
                w.writeValues(keys.values(of: key))
                for side in 0..<2 {
                    let rows = windows[end]?[side][key] ?? []
                    w.writeUInt(UInt64(rows.count))
                    for row in rows { w.writeValues(row) }
                }
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
            var sides = windows[end] ?? [[:], [:]]
            for side in 0..<2 {
                let n = try r.readCount()
                let rows = try (0..<n).map { _ in try r.readValues() }
                if !rows.isEmpty { sides[side][key] = rows }
            }
            windows[end] = sides
            keyOrder[end, default: []].append(key)
        }
    }
}

extension LookupJoinOperator: CheckpointableOperator {
    /// The whole table is operator-wide state: every worker looks up all of it.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        let rows = table.values.flatMap { $0 }
        g.writeUInt(UInt64(rows.count))
        for row in rows.sorted(by: { $0.map(\.displayText).joined(separator: "\u{1}") < $1.map(\.displayText).joined(separator: "\u{1}") }) {
            g.writeValues(row)
        }
        return OperatorState(global: g.bytes)
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        let n = try g.readCount()
        var rows: [[Value]] = []
        for _ in 0..<n { rows.append(try g.readValues()) }
        guard !rows.isEmpty else { return }
        updateTable(Batch.fromRows(rows, types: self.rows.rightTypes))
    }
}
