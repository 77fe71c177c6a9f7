import EddyCore
import EddyRuntime
internal import GRDB

/// A table of a SQLite database kept current by a query: a read model other programs
/// query while Eddy writes it (WAL mode). Without a primary key rows are appended; with
/// one, a changelog is applied: `+I`/`+U` upsert, `-U`/`-D` delete. The table is made from
/// the result's columns if missing, and refused if it has other columns.
///
/// With checkpoints it is exactly-once: a checkpoint's changes are first staged in the
/// database (a table beside the target), then applied in the transaction that also records
/// the checkpoint in `_eddy_commits`; recovery applies a staged checkpoint the crash
/// interrupted and drops what no complete checkpoint covers. Without checkpoints changes
/// are applied in transactions of up to 10,000.
public final class SQLiteSink: TransactionalSink {
    public let name: String
    let shape: TableShape
    private let database: DatabaseQueue
    private let exactlyOnce: Bool
    private var pending: [ChangeRow] = []
    private var staging = StagingSegments()

    public init(name: String, path: String, table: String, names: [String], types: [DataType], primaryKey: [String], exactlyOnce: Bool, fresh: Bool) throws {
        self.name = name
        let key = primaryKey.compactMap { k in names.firstIndex { $0.lowercased() == k.lowercased() } }
        shape = TableShape(table: table, names: names, types: types, key: key)
        self.exactlyOnce = exactlyOnce
        FileSystem.createParentDirectory(of: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")  // a committed checkpoint survives power loss
            }
            try database.write { db in
                try SQLiteSchema.prepare(shape, in: db)
                if exactlyOnce {
                    try SQLiteSchema.prepareStaging(shape, sink: name, in: db)
                    if fresh {
                        // A run from the beginning numbers its checkpoints from 1 again: an
                        // earlier run's record would make recovery skip their changes.
                        try db.execute(sql: "DELETE FROM \(stagingTable)")
                        try db.execute(sql: "DELETE FROM _eddy_commits WHERE sink = ?", arguments: [name])
                    }
                }
            }
        } catch let e as FileError {
            throw e
        } catch {
            throw FileError(path: path, reason: "cannot keep table '\(table)' there: \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
        return "\(error)"
    }

    private var stagingTable: String { TableShape.quote("_eddy_staged_" + name) }

    public func write(_ batch: Batch) throws {
        pending += ChangeRow.of(batch)
        if pending.count >= 10_000 { try flush() }
    }

    /// Without checkpoints: applies what came. With them: stages it (not visible yet).
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        try guarded {
            try database.write { db in
                if exactlyOnce {
                    try stage(rows, in: db)
                } else {
                    let apply = SQLiteApply(shape, db)
                    for row in rows { try apply.change(row) }
                }
            }
        }
    }

    private func stage(_ rows: [ChangeRow], in db: Database) throws {
        let columns = ["segment", "seq", "accumulate"].map(TableShape.quote) + shape.quotedColumns
        let insert = try db.cachedStatement(
            sql: "INSERT INTO \(stagingTable) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        var next = staging
        var sequence = next.take(rows.count)
        for row in rows {
            let head: [DatabaseValueConvertible?] = [next.segment, sequence, row.accumulate]
            try insert.execute(arguments: StatementArguments(head + row.values.map(SQLiteApply.storable)))
            sequence += 1
        }
        staging = next
    }

    public func preCommit() throws -> SinkCommit {
        try flush()
        return staging.close()
    }

    /// Applies a checkpoint's staged changes and records the checkpoint, in one transaction.
    public func commit(_ c: SinkCommit) throws {
        try guarded {
            try database.write { db in try applyStaged(c.segment, in: db) }
        }
    }

    private func applyStaged(_ segment: Int64, in db: Database) throws {
        let apply = SQLiteApply(shape, db)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT * FROM \(stagingTable) WHERE segment = ? ORDER BY seq", arguments: [segment])
        while let row = try rows.next() {
            let values = shape.names.indices.map { i in SQLiteApply.value(row[i + 3] as DatabaseValue, shape.types[i]) }
            try apply.change(ChangeRow(values: values, accumulate: row[2] as Bool))
        }
        try db.execute(sql: "DELETE FROM \(stagingTable) WHERE segment <= ?", arguments: [segment])
        try db.execute(
            sql: "INSERT INTO _eddy_commits (sink, segment) VALUES (?, ?) ON CONFLICT (sink) DO UPDATE SET segment = excluded.segment",
            arguments: [name, segment])
    }

    public func finish() throws {}

    /// After a crash: applies the recovered checkpoint's changes if the crash came before
    /// they were, and drops changes staged after it.
    public func recover(_ c: SinkCommit) throws {
        try guarded {
            try database.write { db in
                let committed = try Int64.fetchOne(db, sql: "SELECT segment FROM _eddy_commits WHERE sink = ?", arguments: [name]) ?? 0
                if committed < c.segment { try applyStaged(c.segment, in: db) }
                try db.execute(sql: "DELETE FROM \(stagingTable) WHERE segment > ?", arguments: [c.segment])
            }
        }
        staging.resume(after: c)
        pending.removeAll()
    }

    private func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw FileError(path: database.path, reason: "cannot write table '\(shape.table)': \(Self.describe(error))")
        }
    }
}
