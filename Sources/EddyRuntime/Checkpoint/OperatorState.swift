import EddyCore

/// The number of key groups keyed state is split into: a checkpoint taken with N workers
/// can be restored with M, each taking whole key groups.
public let keyGroupCount = 128

/// What an operator saves in a checkpoint: operator-wide values (its watermark, counters)
/// and records of keyed state, each tagged with the key group of its key. A record is an
/// operator-specific encoding (written with `StateWriter`).
public struct OperatorState: Sendable {
    public var global: [UInt8]
    public var records: [(keyGroup: Int, bytes: [UInt8])]

    public init(global: [UInt8] = [], records: [(keyGroup: Int, bytes: [UInt8])] = []) {
        self.global = global
        self.records = records
    }

    /// The encoded state, for a checkpoint file.
    public func encoded() -> [UInt8] {
        var w = StateWriter(capacity: global.count + records.count * 32 + 16)
        w.writeBytes(global)
        w.writeUInt(UInt64(records.count))
        for r in records {
            w.writeUInt(UInt64(r.keyGroup))
            w.writeBytes(r.bytes)
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> OperatorState {
        var r = StateReader(bytes)
        let global = try r.readBytes()
        let n = try r.readCount()
        var records: [(Int, [UInt8])] = []
        records.reserveCapacity(n)
        for _ in 0..<n {
            let group = Int(try r.readUInt())
            guard group < keyGroupCount else { throw StateFormatError("key group \(group) out of range") }
            records.append((group, try r.readBytes()))
        }
        return OperatorState(global: global, records: records)
    }

    /// Only the records of the given key groups (a worker's share when rescaling).
    public func restricted(to groups: Range<Int>) -> OperatorState {
        OperatorState(global: global, records: records.filter { groups.contains($0.keyGroup) })
    }
}

/// An operator whose state survives a crash. `snapshot` is called between batches (every
/// operator is quiescent then); `restore` on a fresh instance before any input.
public protocol CheckpointableOperator: StreamOperator {
    func snapshot() throws -> OperatorState
    func restore(_ state: OperatorState) throws
}
