import EddyCore

/// The number of key groups keyed state is split into: a checkpoint taken with N workers
/// can be restored with M, each taking whole key groups.
public let keyGroupCount = 128

/// What an operator saves in a checkpoint: operator-wide bytes (its watermark, counters)
/// and records of keyed state, back to back in one buffer, each tagged with the key group
/// of its key (the stable hash of the key's encoding). One buffer, not an array a record,
/// keeps a million keys cheap to write and read.
public struct OperatorState: Sendable {
    /// This worker's operator-wide state; in a checkpoint of several workers, worker 0's.
    public var global: [UInt8] = []
    /// Every worker's operator-wide state, in a checkpoint of several workers (empty with one).
    public var workerGlobals: [[UInt8]] = []
    /// Every record's bytes, back to back; record i is `data[bounds[i]..<bounds[i + 1]]`.
    public var data: [UInt8] = []
    public var bounds: [Int] = [0]
    public var groups: [UInt8] = []

    public init() {}

    public var recordCount: Int { groups.count }

    /// A reader over record `i`.
    public func record(_ i: Int) -> StateReader { StateReader(data, range: bounds[i]..<bounds[i + 1]) }

    /// The encoded state, for a checkpoint file.
    public func encoded() -> [UInt8] {
        var w = StateWriter(capacity: global.count + data.count + groups.count * 3 + 32)
        w.writeBytes(global)
        w.writeUInt(UInt64(workerGlobals.count))
        for g in workerGlobals { w.writeBytes(g) }
        w.writeUInt(UInt64(groups.count))
        w.writeBytes(groups)
        for i in 0..<groups.count { w.writeUInt(UInt64(bounds[i + 1] - bounds[i])) }
        w.writeBytes(data)
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> OperatorState {
        var r = StateReader(bytes)
        var state = OperatorState()
        state.global = try r.readBytes()
        for _ in 0..<(try r.readCount()) { state.workerGlobals.append(try r.readBytes()) }
        let n = try r.readCount()
        state.groups = try r.readBytes()
        guard state.groups.count == n, state.groups.allSatisfy({ Int($0) < keyGroupCount }) else {
            throw StateFormatError("the key groups of the state are damaged")
        }
        state.bounds.reserveCapacity(n + 1)
        var offset = 0
        for _ in 0..<n {
            offset += try r.readCount()
            state.bounds.append(offset)
        }
        state.data = try r.readBytes()
        guard offset == state.data.count else { throw StateFormatError("the records of the state are damaged") }
        return state
    }

    /// The state of several workers' copies of one operator, as one.
    public static func merged(_ parts: [OperatorState]) -> OperatorState {
        guard parts.count > 1, let first = parts.first else { return parts.first ?? OperatorState() }
        var out = OperatorState()
        out.global = first.global
        out.workerGlobals = parts.map(\.global)
        for p in parts {
            let base = out.data.count
            out.data.append(contentsOf: p.data)
            out.bounds.append(contentsOf: p.bounds.dropFirst().map { $0 + base })
            out.groups.append(contentsOf: p.groups)
        }
        return out
    }

    /// Worker `w`'s share of this state when `workers` workers restore it: the records of
    /// its key groups, and the operator-wide state of the worker it takes over from (the
    /// copies agree on watermarks; counters of late rows stay with the first workers).
    public func share(worker w: Int, of workers: Int) -> OperatorState {
        var out = restricted(to: keyGroupRange(worker: w, workers: workers))
        if !workerGlobals.isEmpty { out.global = workerGlobals[w % workerGlobals.count] }
        out.workerGlobals = []
        return out
    }

    /// Only the records of the given key groups (a worker's share when rescaling).
    public func restricted(to keyGroups: Range<Int>) -> OperatorState {
        var out = OperatorState()
        out.global = global
        for i in 0..<groups.count where keyGroups.contains(Int(groups[i])) {
            out.data.append(contentsOf: data[bounds[i]..<bounds[i + 1]])
            out.bounds.append(out.data.count)
            out.groups.append(groups[i])
        }
        return out
    }
}

/// Writes the records of an operator's keyed state into one buffer: each record starts
/// with its key (whose bytes decide its key group), then whatever else the operator keeps.
public struct OperatorStateBuilder {
    public private(set) var state = OperatorState()
    private var keyStart = 0
    private var keyEnd = 0
    /// The record being written; `finishRecord` files it.
    public var writer = StateWriter()

    public init(global: [UInt8]) { state.global = global }

    /// Appends one record: `key` as `keys` encodes it (its bytes decide the record's key
    /// group), then what `body` writes.
    public mutating func record(_ key: GroupKey, _ keys: KeyEncoder, _ body: (inout StateWriter) throws -> Void) rethrows {
        startRecord()
        keys.write(key, to: &writer)
        keyWritten()
        try body(&writer)
        finishRecord()
    }

    private mutating func startRecord() { keyStart = writer.bytes.count }

    private mutating func keyWritten() { keyEnd = writer.bytes.count }

    private mutating func finishRecord() {
        let group = StableHash.fnv1a(writer.bytes, keyStart..<keyEnd) % UInt64(keyGroupCount)
        state.groups.append(UInt8(group))
        state.bounds.append(writer.bytes.count)
    }

    public mutating func finish() -> OperatorState {
        state.data = writer.bytes
        return state
    }
}

/// An operator whose state survives a crash. `snapshot` is called between batches (every
/// operator is quiescent then); `restore` on a fresh instance before any input.
public protocol CheckpointableOperator: StreamOperator {
    func snapshot() throws -> OperatorState
    func restore(_ state: OperatorState) throws
}
