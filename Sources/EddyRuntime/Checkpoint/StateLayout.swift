import EddyCore

/// One direction of a checkpoint. `StateWriter` writes each field it is handed;
/// `StateReader` overwrites the field with what it reads, refusing what Eddy could not
/// have written. An operator declares the layout of its state once, as functions generic
/// over this protocol (see `KeyedStateLayout`), so its snapshot and its restore cannot
/// drift apart.
protocol StateCoder {
    mutating func code(_ v: inout Int64) throws
    mutating func code(_ v: inout Bool) throws
    /// A join side: 0 (left) or 1 (right).
    mutating func code(side: inout Int) throws
    /// A row of exactly `width` values (operators index a row's columns).
    mutating func code(row: inout [Value], width: Int) throws
    /// The accumulators of `slot`; reading first allocates the slot in `table`.
    mutating func code(accumulatorsOf slot: inout Int32, in table: SlotTable) throws
    /// A list: its length, then each element as `element` lays it out. Reading starts
    /// each element from `blank`.
    mutating func code<T>(_ list: inout [T], blank: T, _ element: (inout T, inout Self) throws -> Void) throws
}

extension StateCoder {
    mutating func code(_ v: inout Int) throws {
        var x = Int64(v)
        try code(&x)
        v = Int(x)
    }

    /// Rows of `width` values each.
    mutating func code(rows: inout [[Value]], width: Int) throws {
        try code(&rows, blank: []) { row, c in try c.code(row: &row, width: width) }
    }

    mutating func code(_ clock: inout TTLClock) throws { try clock.code(&self) }
}

extension StateWriter: StateCoder {
    mutating func code(_ v: inout Int64) { writeInt(v) }
    mutating func code(_ v: inout Bool) { writeBool(v) }
    mutating func code(side: inout Int) { writeUInt(UInt64(side)) }
    mutating func code(row: inout [Value], width: Int) { writeValues(row) }
    mutating func code(accumulatorsOf slot: inout Int32, in table: SlotTable) {
        for a in table.accumulators { a.write(Int(slot), to: &self) }
    }
    mutating func code<T>(_ list: inout [T], blank: T, _ element: (inout T, inout Self) throws -> Void) rethrows {
        writeUInt(UInt64(list.count))
        for i in list.indices { try element(&list[i], &self) }
    }
}

extension StateReader: StateCoder {
    mutating func code(_ v: inout Int64) throws { v = try readInt() }
    mutating func code(_ v: inout Bool) throws { v = try readBool() }
    mutating func code(side: inout Int) throws {
        // Read as a UInt64 first: converting a huge number to Int would trap.
        let s = try readUInt()
        guard s < 2 else { throw StateFormatError("join state names side \(s)") }
        side = Int(s)
    }
    mutating func code(row: inout [Value], width: Int) throws {
        row = try readValues()
        guard row.count == width else { throw StateFormatError("a row of the state has \(row.count) columns, not \(width)") }
    }
    mutating func code(accumulatorsOf slot: inout Int32, in table: SlotTable) throws {
        slot = table.allocate()
        for a in table.accumulators { try a.read(Int(slot), from: &self) }
    }
    mutating func code<T>(_ list: inout [T], blank: T, _ element: (inout T, inout Self) throws -> Void) throws {
        let n = try readCount()
        list = []
        list.reserveCapacity(min(n, 1 << 16))
        for _ in 0..<n {
            var e = blank
            try element(&e, &self)
            list.append(e)
        }
    }
}

/// The declared checkpoint of a keyed operator: operator-wide fields (`Global`) and one
/// record per key (`Record`), each laid out once by a `code` function that both writes and
/// reads. `snapshotLayout()` and `restoreLayout(_:)` follow from the declaration.
protocol KeyedStateLayout: AnyObject {
    associatedtype Global
    associatedtype Record
    var keys: KeyEncoder { get }
    /// The operator-wide fields as they are now.
    var globalState: Global { get }
    func code<C: StateCoder>(global: inout Global, _ c: inout C) throws
    /// Visits every key's record, in an order that does not depend on hashing.
    func forEachRecord(_ body: (GroupKey, Record) throws -> Void) rethrows
    /// A record before anything is read into it.
    var blankRecord: Record { get }
    func code<C: StateCoder>(record: inout Record, _ c: inout C) throws
    /// Puts read state back into an operator that holds none.
    func restore(global: Global, records: [(key: GroupKey, record: Record)]) throws
}

extension KeyedStateLayout {
    func snapshotLayout() throws -> OperatorState {
        var g = StateWriter()
        var global = globalState
        try code(global: &global, &g)
        var b = OperatorStateBuilder(global: g.bytes)
        try forEachRecord { key, record in
            var r = record
            try b.record(key, keys) { w in try code(record: &r, &w) }
        }
        return b.finish()
    }

    func restoreLayout(_ state: OperatorState) throws {
        var g = StateReader(state.global)
        var global = globalState
        try code(global: &global, &g)
        var records: [(key: GroupKey, record: Record)] = []
        records.reserveCapacity(state.recordCount)
        for i in 0..<state.recordCount {
            var r = state.record(i)
            let key = try keys.readKey(from: &r)
            var record = blankRecord
            try code(record: &record, &r)
            records.append((key, record))
        }
        try restore(global: global, records: records)
    }
}

/// The operator-wide fields of an event-time operator.
struct WatermarkState {
    var watermark: Int64
    var lateRowsDropped: Int
}

/// A layout whose operator-wide fields are the operator's watermark and late-row count.
protocol WatermarkStateLayout: KeyedStateLayout where Global == WatermarkState {
    var watermark: Int64 { get set }
    var lateRowsDropped: Int { get set }
}

extension WatermarkStateLayout {
    var globalState: WatermarkState { WatermarkState(watermark: watermark, lateRowsDropped: lateRowsDropped) }
    func code<C: StateCoder>(global: inout WatermarkState, _ c: inout C) throws { try c.code(&global) }

    func restore(global: WatermarkState) {
        watermark = global.watermark
        lateRowsDropped = global.lateRowsDropped
    }
}

extension StateCoder {
    mutating func code(_ s: inout WatermarkState) throws {
        try code(&s.watermark)
        try code(&s.lateRowsDropped)
    }

    /// A TTL clock and the counts of expired keys (one per side of a join).
    mutating func code(_ s: inout TTLState) throws {
        try code(&s.clock)
        for i in s.expired.indices { try code(&s.expired[i]) }
    }
}

/// The operator-wide fields of an operator whose keyed state expires by TTL.
struct TTLState {
    var clock: TTLClock
    var expired: [Int]
}

/// When a key was last touched for its TTL (`.min`: never) and whether a touch is pending.
struct TTLTouch {
    var lastTouched: Int64 = .min
    var pending = false
}

extension StateCoder {
    mutating func code(_ t: inout TTLTouch) throws {
        try code(&t.lastTouched)
        try code(&t.pending)
    }
}
