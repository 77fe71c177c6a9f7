import EddyCore

extension GroupAggregateOperator: CheckpointableOperator {
    /// A record per key: its row count, whether it emitted, accumulators, last touch for
    /// the TTL.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        clock.write(to: &g)
        g.writeInt(expiry?.expiredCount ?? 0)
        let pending = Set(pendingTouches)
        var b = OperatorStateBuilder(global: g.bytes)
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            b.record(key, keys) { w in
                w.writeInt(rowCounts[s])
                w.writeBool(emitted[s])
                for a in accumulators { a.write(s, to: &w) }
                w.writeInt(expiry?.lastTouched(slot) ?? .min)
                w.writeBool(pending.contains(slot))
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        try clock.read(from: &g)
        expiry?.expiredCount = Int(try g.readInt())
        var touches: [(slot: Int32, time: Int64)] = []
        defer { expiry?.restoreTouches(touches) }
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            let count = try r.readInt()
            let hasEmitted = try r.readBool()
            let slot = slots.allocate()
            let s = Int(slot)
            for a in accumulators { try a.read(s, from: &r) }
            while slotKeys.count <= s {
                slotKeys.append(GroupKey())
                rowCounts.append(0)
                emitted.append(false)
                touchedIn.append(0)
            }
            index[key] = slot
            slotKeys[s] = key
            rowCounts[s] = count
            emitted[s] = hasEmitted
            let touched = try r.readInt()
            if touched != .min { touches.append((slot, touched)) }
            if try r.readBool() { pendingTouches.append(slot) }
        }
    }
}

extension TopNOperator: CheckpointableOperator {
    /// The width of the rows kept: the input's columns (the output may add the rank).
    private var inputWidth: Int { outputTypes.count - (spec.emitsRowNumber ? 1 : 0) }

    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        clock.write(to: &g)
        g.writeInt(expiry?.expiredCount ?? 0)
        let pending = Set(pendingTouches)
        var b = OperatorStateBuilder(global: g.bytes)
        for (key, slot) in index.sorted(by: { $0.value < $1.value }) {
            let s = Int(slot)
            b.record(key, keys) { w in
                w.writeRows(ranked[s])
                w.writeRows(emitted[s])
                w.writeInt(expiry?.lastTouched(slot) ?? .min)
                w.writeBool(pending.contains(slot))
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        try clock.read(from: &g)
        expiry?.expiredCount = Int(try g.readInt())
        var touches: [(slot: Int32, time: Int64)] = []
        defer { expiry?.restoreTouches(touches) }
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            let slot = allocate(key)
            let s = Int(slot)
            ranked[s] = try r.readRows(width: inputWidth)
            emitted[s] = try r.readRows(width: inputWidth)
            let touched = try r.readInt()
            if touched != .min { touches.append((slot, touched)) }
            if try r.readBool() { pendingTouches.append(slot) }
        }
    }
}

extension RegularJoinOperator: CheckpointableOperator {
    /// The side (0 left, 1 right) a join state record belongs to; any other number is
    /// damage (read as a UInt64 first: converting a huge one to Int would trap).
    static func readSide(from r: inout StateReader) throws -> Int {
        let side = try r.readUInt()
        guard side < 2 else { throw StateFormatError("join state names side \(side)") }
        return Int(side)
    }

    /// A record per (key, side): the side's rows with their match counts.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        clock.write(to: &g)
        for side in 0..<2 { g.writeInt(expiry[side]?.expiredCount ?? 0) }
        var b = OperatorStateBuilder(global: g.bytes)
        for side in 0..<2 {
            for key in state[side].keys.sorted(by: { (keyIds[side][$0] ?? 0) < (keyIds[side][$1] ?? 0) }) {
                let entries = state[side][key] ?? []
                b.record(key, keys) { w in
                    w.writeUInt(UInt64(side))
                    w.writeUInt(UInt64(entries.count))
                    for e in entries {
                        w.writeValues(e.row)
                        w.writeInt(e.matches)
                    }
                    let id = keyIds[side][key]
                    w.writeInt(id.flatMap { expiry[side]?.lastTouched($0) } ?? .min)
                    w.writeBool(id.map { pendingTouches[side].contains($0) } ?? false)
                }
            }
        }
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        try clock.read(from: &g)
        for side in 0..<2 { expiry[side]?.expiredCount = Int(try g.readInt()) }
        var touches: [[(slot: Int32, time: Int64)]] = [[], []]
        defer { for side in 0..<2 { expiry[side]?.restoreTouches(touches[side]) } }
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            let side = try Self.readSide(from: &r)
            let width = side == 0 ? rows.leftWidth : rows.rightWidth
            var entries: [Entry] = []
            for _ in 0..<(try r.readCount()) { entries.append(Entry(row: try r.readRow(width: width), matches: Int(try r.readInt()))) }
            self.state[side][key] = entries
            let id = self.id(of: key, side: side)
            let touched = try r.readInt()
            if touched != .min { touches[side].append((id, touched)) }
            if try r.readBool() { pendingTouches[side].append(id) }
        }
    }
}

extension IntervalJoinOperator: CheckpointableOperator {
    /// A record per (key, side): rows still waiting for a partner.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var b = OperatorStateBuilder(global: g.bytes)
        for side in 0..<2 {
            for (key, waiting) in state[side] {
                b.record(key, keys) { w in
                    w.writeUInt(UInt64(side))
                    w.writeUInt(UInt64(waiting.count))
                    for x in waiting {
                        w.writeInt(x.time)
                        w.writeValues(x.row)
                        w.writeBool(x.matched)
                    }
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
            let side = try RegularJoinOperator.readSide(from: &r)
            var list: [Waiting] = []
            for _ in 0..<(try r.readCount()) {
                let t = try r.readInt()
                let row = try r.readRow(width: side == 0 ? rows.leftWidth : rows.rightWidth)
                list.append(Waiting(time: t, row: row, matched: try r.readBool()))
                expiries.push((waitsUntil(t, side: side), side, key))
            }
            self.state[side][key] = list
        }
    }
}

extension WindowJoinOperator: CheckpointableOperator {
    /// A record per (window, key): both sides' rows.
    public func snapshot() throws -> OperatorState {
        var g = StateWriter()
        g.writeInt(watermark)
        g.writeInt(lateRowsDropped)
        var b = OperatorStateBuilder(global: g.bytes)
        for end in windows.keys.sorted() {
            for key in keyOrder[end] ?? [] {
                b.record(key, keys) { w in
                    w.writeInt(end)
                    for side in 0..<2 { w.writeRows(windows[end]?[side][key] ?? []) }
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
            var sides = windows[end] ?? [[:], [:]]
            for side in 0..<2 {
                let rows = try r.readRows(width: side == 0 ? self.rows.leftWidth : self.rows.rightWidth)
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
        let all = table.values.flatMap { $0 }
        g.writeRows(all.sorted { $0.map(\.displayText).joined(separator: "\u{1}") < $1.map(\.displayText).joined(separator: "\u{1}") })
        var b = OperatorStateBuilder(global: g.bytes)
        return b.finish()
    }

    public func restore(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        let all = try g.readRows(width: rows.rightWidth)
        guard !all.isEmpty else { return }
        updateTable(Batch.fromRows(all, types: rows.rightTypes))
    }
}
