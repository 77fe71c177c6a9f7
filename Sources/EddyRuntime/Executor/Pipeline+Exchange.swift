import EddyCore

/// A node's input port.
struct NodePort: Hashable {
    var node: Int
    var port: Int
}

/// How rows travel on an edge between workers.
public enum EdgeMode: Sendable, Equatable {
    /// On the worker that produced them (stateless operators, sinks).
    case forward
    /// To the worker owning the key group of these columns' values (keyed operators; no
    /// columns: one worker holds all).
    case hash(columns: [Int])
    /// To every worker (a reference table each worker's lookup join reads whole).
    case broadcast

    /// The mode of a consumer's input port, from what the operator keys its state by.
    public static func of(consumer: JobNode, port: Int) -> EdgeMode {
        switch consumer.spec {
        case .windowAggregate(let s): return .hash(columns: s.keyColumns)
        case .groupAggregate(let s): return .hash(columns: s.keyColumns)
        case .topN(let s): return .hash(columns: s.partitionColumns)
        case .join(let j):
            if case .lookup = j.strategy { return port == 0 ? .forward : .broadcast }
            return .hash(columns: port == 0 ? j.leftKeys : j.rightKeys)
        default: return .forward
        }
    }
}

/// What workers send each other.
public enum WorkerMessage: Sendable {
    case batch(node: Int, port: Int, Batch)
    case watermark(node: Int, port: Int, sender: Int, Int64)
    case end(node: Int, port: Int, sender: Int)
}

/// Carries messages to other workers (thread-safe).
public protocol WorkerMailbox: AnyObject {
    func send(_ message: WorkerMessage, to worker: Int)
}

/// The worker that owns a key group: contiguous ranges of key groups per worker, so that a
/// checkpoint's key groups can be handed to another number of workers.
public func keyGroupOwner(_ group: Int, workers: Int) -> Int { group * workers / keyGroupCount }

/// The key groups worker `w` of `workers` owns.
public func keyGroupRange(worker w: Int, workers: Int) -> Range<Int> {
    let lower = (0..<keyGroupCount).first { keyGroupOwner($0, workers: workers) == w } ?? keyGroupCount
    let upper = (0..<keyGroupCount).first { keyGroupOwner($0, workers: workers) > w } ?? keyGroupCount
    return lower..<upper
}

/// Splits a batch's rows by the worker owning each row's key group. A key's group is the
/// hash of its checkpoint encoding, so rows and restored state agree on their worker.
final class Partitioner {
    let columns: [Int]
    let workers: Int
    /// Interns the rows' keys; `owners` maps each key seen to its worker (the stable hash
    /// is costly, the key's own hash is not). Both start over past `maxCachedKeys`, so
    /// memory does not grow with every key a stream ever had.
    private var keys: KeyEncoder
    private var owners = GroupIndex(expectedGroups: 1024)
    static let maxCachedKeys = 1 << 16

    init(columns: [Int], types: [DataType], workers: Int) {
        self.columns = columns
        self.keys = KeyEncoder(types: types)
        self.workers = workers
    }

    /// The live rows of `batch` for each worker.
    func split(_ batch: Batch) -> [[Int32]] {
        if owners.count > Self.maxCachedKeys {
            keys = KeyEncoder(types: keys.types)
            owners = GroupIndex(expectedGroups: 1024)
        }
        let rows = batch.liveRows
        var shares = [[Int32]](repeating: [], count: workers)
        let groupKeys = keys.encode(columns.map { batch.columns[$0] }, rows: rows)
        groupKeys.withUnsafeBufferPointer { groupKeys in
            for (j, r) in rows.enumerated() {
                let owner = owners.slot(for: groupKeys[j]) {
                    Int32(keyGroupOwner(keys.keyGroup(of: groupKeys[j]), workers: workers))
                }
                shares[Int(owner)].append(r)
            }
        }
        return shares
    }
}

extension Pipeline {
    /// Applies a message another worker sent.
    public func receive(_ message: WorkerMessage) throws {
        switch message {
        case .batch(let node, let port, let batch):
            guard let target = nodes[node] else { return }
            try deliver(batch, to: target, port: port)
        case .watermark(let node, let port, let sender, let wm):
            try receiveWatermark(wm, at: node, port: port, sender: sender)
        case .end(let node, let port, let sender):
            try receiveEnd(at: node, port: port, sender: sender)
        }
    }

    /// Whether every sink of this worker has received the end of all its input.
    public var allSinksFinished: Bool {
        order.allSatisfy { id in
            guard let node = nodes[id], case .sink = node.spec.spec else { return true }
            return node.finished
        }
    }
}
