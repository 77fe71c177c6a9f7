import EddyCore

/// Keeps a sink's rows in memory, in arrival order with their row kinds: what the test
/// runner, the REPL and stdout printing read.
public final class CollectSink: SinkWriter {
    public let names: [String]
    public let types: [DataType]
    public private(set) var rows: [[Value]] = []
    public private(set) var kinds: [RowKind] = []
    /// Called after each batch, for hosts that show rows as they arrive.
    public var onBatch: ((Batch) -> Void)?
    /// Called when the job hands its output on (caught up with a followed log, stopped, ended).
    public var onFlush: (() -> Void)?

    public init(schema: Schema) {
        names = schema.names
        types = schema.types
    }

    public func write(_ batch: Batch) throws {
        batch.forEachRow { r in
            rows.append(batch.columns.map { $0.value(at: r) })
            kinds.append(batch.kind(at: r))
        }
        onBatch?(batch)
    }

    public func flush() throws { onFlush?() }

    /// Puts back rows collected before (restoring a checkpoint in tests).
    public func restore(rows: [[Value]], kinds: [RowKind]) {
        self.rows = rows
        self.kinds = kinds
    }

    /// Forgets the rows collected so far.
    public func clear() {
        rows.removeAll()
        kinds.removeAll()
    }
}
