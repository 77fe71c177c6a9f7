import EddyCore
import EddyRuntime
internal import PostgresNIO

/// A table of a PostgreSQL database kept current by a query: a read model other programs
/// query while Eddy writes it. Without a primary key rows are appended; with one, a
/// changelog is applied: `+I`/`+U` upsert (`INSERT ... ON CONFLICT (key) DO UPDATE`),
/// `-U`/`-D` delete. The table is made from the result's columns if missing, and refused
/// if its columns, their types or its key differ.
///
/// With checkpoints it is exactly-once, as the SQLite sink: a checkpoint's changes are
/// staged in the database (committed there before the checkpoint completes), then applied
/// in the transaction that also records the checkpoint in `_eddy_commits`; recovery
/// applies a staged checkpoint the crash interrupted and drops what no complete
/// checkpoint covers. Without checkpoints changes are applied in transactions of up to
/// 10,000. A lost connection is made again and the transaction run again (see
/// `PostgresSession`): staging and applying a checkpoint are idempotent, so a retry
/// neither loses nor repeats a change.
public final class PostgresSink: TransactionalSink {
    public let name: String
    private let tables: PostgresTables
    private let session: PostgresSession
    /// The URL without its password, for messages.
    private let display: String
    private let exactlyOnce: Bool
    private var pending: [ChangeRow] = []
    private var staging = StagingSegments()
    static let batchSize = 10_000

    /// Connects to the database of `url` and makes (or checks) the table `table` for
    /// rows of `names` and `types`; upserts by `primaryKey` when it is not empty. With
    /// `exactlyOnce` changes are staged until a checkpoint commits them; `fresh` (a run
    /// from the beginning) forgets what an earlier run staged and committed. Fails, with
    /// the URL without its password, when the database cannot be reached or the table
    /// does not fit.
    public init(
        name: String, url: String, table: String, names: [String], types: [DataType], primaryKey: [String], maxRetries: Int?,
        queryTimeoutMillis: Int64? = nil, exactlyOnce: Bool, fresh: Bool
    ) throws {
        self.name = name
        self.exactlyOnce = exactlyOnce
        display = DatabaseText.withoutPassword(url)
        let parsed: PostgresURL
        switch PostgresURL.parse(url) {
        case .success(let u): parsed = u
        case .failure(let e): throw FileError(path: display, reason: "bad PostgreSQL URL: \(e.message)")
        }
        let key = primaryKey.compactMap { k in names.firstIndex { $0.lowercased() == k.lowercased() } }
        var tables = PostgresTables(shape: TableShape(table: table, names: names, types: types, key: key), sink: name)
        let session = PostgresSession(
            url: parsed, maxRetries: maxRetries ?? DatabaseTable.defaultMaxRetries,
            queryTimeoutMillis: queryTimeoutMillis ?? DatabaseTable.defaultQueryTimeoutMillis)
        if !exactlyOnce { session.onConnect = [tables.batchTableDefinition] }
        do {
            try session.transaction {
                try tables.prepareTarget(in: session)
                if exactlyOnce { try tables.prepareStaging(in: session, sink: name, fresh: fresh) }
            }
        } catch {
            session.shutDown()
            throw FileError(path: display, reason: "cannot keep table '\(table)' there: \(error)")
        }
        self.tables = tables
        self.session = session
    }

    deinit { session.shutDown() }

    /// Takes a batch's rows (a changelog's ops included); written at `flush`, or when
    /// 10,000 have come. A NULL in a key column stops the run.
    public func write(_ batch: Batch) throws {
        let rows = ChangeRow.of(batch)
        if !tables.shape.key.isEmpty {
            for row in rows {
                if let i = tables.shape.key.first(where: { row.values[$0].isNull }) {
                    throw FileError(
                        path: display,
                        reason: "cannot write table '\(tables.shape.table)': a row has NULL in its key column '\(tables.shape.names[i])', and a primary key is never NULL")
                }
            }
        }
        pending += rows
        if pending.count >= Self.batchSize { try flush() }
    }

    /// Without checkpoints: applies what came. With them: stages it (not visible yet).
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        try guarded {
            if exactlyOnce {
                var next = staging
                let first = next.take(rows.count)
                let inserts = try tables.stagingInserts(into: tables.staging, rows[...], segment: next.segment, firstSequence: first)
                try session.transaction {
                    for (sql, binds) in inserts { try session.run(sql, binds) }
                }
                staging = next
            } else {
                let inserts = try tables.stagingInserts(into: PostgresTables.batch, rows[...], segment: 0, firstSequence: 1)
                let apply = tables.applyStatements(from: PostgresTables.batch)
                try session.transaction {
                    for (sql, binds) in inserts { try session.run(sql, binds) }
                    for sql in apply { try session.run(sql, Self.binds(0)) }
                }
            }
        }
    }

    /// A checkpoint is being taken: its changes are staged durably in the database, and
    /// later changes go into the next segment.
    public func preCommit() throws -> SinkCommit {
        try flush()
        return staging.close()
    }

    /// Applies a checkpoint's staged changes and records the checkpoint, in one transaction.
    /// A checkpoint that staged nothing changes nothing: it is not recorded (recovery from
    /// it records it), which spares an idle job a transaction a checkpoint.
    public func commit(_ c: SinkCommit) throws {
        guard c.stagedLength > 0 else { return }
        try guarded {
            try session.transaction { try applyIfNeeded(c) }
        }
    }

    /// Applies segment `c` unless `_eddy_commits` says it was (a retried transaction whose
    /// first COMMIT went through, or a recovery after the commit): first checking that
    /// every change staged for it is there.
    private func applyIfNeeded(_ c: SinkCommit) throws {
        let committed = try session.run("SELECT segment FROM \(tables.commits) WHERE sink = $1 FOR UPDATE", Self.binds(name))
            .first.map { try $0.decode(Int64.self) } ?? 0
        guard committed < c.segment else { return }
        let staged = try session.run("SELECT count(*) FROM \(tables.staging) WHERE segment = $1", Self.binds(c.segment))
            .first.map { try $0.decode(Int64.self) } ?? 0
        guard staged == c.stagedLength else {
            throw PostgresFailure(
                message: "\(tables.staging) holds \(staged) of the \(c.stagedLength) changes staged for checkpoint segment \(c.segment): "
                    + "the staging table was changed by someone else; run without --recover to start over")
        }
        for sql in tables.applyStatements(from: tables.staging) { try session.run(sql, Self.binds(c.segment)) }
        try session.run("DELETE FROM \(tables.staging) WHERE segment <= $1", Self.binds(c.segment))
        var record = PostgresBindings()
        record.append(name)
        record.append(c.segment)
        try session.run(
            "INSERT INTO \(tables.commits) (sink, segment) VALUES ($1, $2) ON CONFLICT (sink) DO UPDATE SET segment = EXCLUDED.segment", record)
    }

    /// The run is over: nothing waits in the background; the connection is closed.
    public func finish() throws {
        session.shutDown()
    }

    /// After a crash: applies the recovered checkpoint's changes if the crash came before
    /// they were, and drops changes staged after it.
    public func recover(_ c: SinkCommit) throws {
        try guarded {
            try session.transaction {
                try applyIfNeeded(c)
                try session.run("DELETE FROM \(tables.staging) WHERE segment > $1", Self.binds(c.segment))
            }
        }
        staging.resume(after: c)
        pending.removeAll()
    }

    private static func binds(_ value: Int64) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(value)
        return b
    }

    private static func binds(_ value: String) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(value)
        return b
    }

    private func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as FileError {
            throw e
        } catch {
            throw FileError(path: display, reason: "cannot write table '\(tables.shape.table)': \(error)")
        }
    }
}
