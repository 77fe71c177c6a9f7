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

    /// Whether rows are kept: a host that shows them as they come (`onBatch`) and needs
    /// nothing at the end keeps none, so a long result costs no memory.
    public let keepsRows: Bool

    public init(schema: Schema, keepsRows: Bool = true) {
        names = schema.names
        types = schema.types
        self.keepsRows = keepsRows
    }

    public func write(_ batch: Batch) throws {
        if keepsRows { collect(batch) }
        onBatch?(batch)
    }

    private func collect(_ batch: Batch) {
        batch.forEachRow { r in
            rows.append(batch.columns.map { $0.value(at: r) })
            kinds.append(batch.kind(at: r))
        }
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
