import EddyCore
import EddyRuntime
internal import PostgresNIO

/// The tables of a PostgreSQL sink and the statements that write them: its target (made
/// from the result's columns if missing, else checked against them), `_eddy_commits`
/// (the last checkpoint each sink applied), the sink's staging table (changes of
/// checkpoints not yet applied) and, without checkpoints, a temporary table per
/// connection for the batch being applied.
///
/// Staged changes are applied by the server, in two statements whatever their number:
/// per key only the last change counts (`DISTINCT ON` the key, by sequence), which gives
/// what applying them one by one gives, and compares keys as the table's primary key does.
struct PostgresTables {
    let shape: TableShape
    /// `"schema".` when the table name has a schema, else empty (the search path decides).
    let schemaPrefix: String
    let target: String
    /// The target's columns, quoted, in the order of the result's (in the table's own
    /// spelling once an existing table is checked).
    private(set) var columns: [String]
    let staging: String
    let commits: String
    static let batch = "pg_temp._eddy_batch"

    init(shape: TableShape, sink: String) {
        self.shape = shape
        let parts = shape.table.split(separator: ".", maxSplits: 1).map(String.init)
        schemaPrefix = parts.count == 2 ? TableShape.quote(parts[0]) + "." : ""
        target = schemaPrefix + TableShape.quote(parts.last ?? shape.table)
        columns = shape.quotedColumns
        var stagingName = "_eddy_staged_" + sink
        if stagingName.utf8.count > 63 {  // PostgreSQL's longest name: a long one gets a hash
            stagingName = "_eddy_staged_" + String(StableHash.fnv1a(Array(sink.utf8)), radix: 16)
        }
        staging = schemaPrefix + TableShape.quote(stagingName)
        commits = schemaPrefix + "_eddy_commits"
    }

    private var keyColumns: [String] { shape.key.map { columns[$0] } }
    /// The staged copy of column i.
    private static func stagedColumn(_ i: Int) -> String { "c\(i + 1)" }
    private var stagedKey: [String] { shape.key.map(Self.stagedColumn) }
    private var stagedColumns: [String] { shape.names.indices.map(Self.stagedColumn) }

    // MARK: Making and checking tables

    /// Makes the target if missing; refuses one whose columns, types or key differ.
    mutating func prepareTarget(in session: PostgresSession) throws {
        var binds = PostgresBindings()
        binds.append(target)
        let rows = try session.run(
            """
            SELECT c.relkind::text, a.attname::text, a.atttypid::int8, format_type(a.atttypid, a.atttypmod),
                   coalesce(a.attnum = ANY(i.indkey), false)
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            WHERE c.oid = to_regclass($1)
            ORDER BY a.attnum
            """, binds)
        if rows.isEmpty {
            var definitions = zip(columns, shape.types).map { "\($0) \(PostgresTypes.declared($1))" }
            if !shape.key.isEmpty { definitions.append("PRIMARY KEY (\(keyColumns.joined(separator: ", ")))") }
            try session.run("CREATE TABLE \(target) (\(definitions.joined(separator: ", ")))")
            return
        }
        let existing = try rows.map { try $0.decode((String, String, Int64, String, Bool).self) }
        func refuse(_ problem: String) -> PostgresFailure {
            PostgresFailure(message: "table '\(shape.table)' does not fit the sink: \(problem)")
        }
        if let kind = existing.first?.0, kind != "r" && kind != "p" {
            throw refuse("it is not a table (relkind '\(kind)')")
        }
        let names = existing.map(\.1)
        // A result column is the table's column of the same name, or else the one that
        // differs only in case.
        let matched: [Int?] = shape.names.map { name in
            names.firstIndex(of: name) ?? {
                let same = names.indices.filter { names[$0].lowercased() == name.lowercased() }
                return same.count == 1 ? same[0] : nil
            }()
        }
        let index = matched.compactMap { $0 }
        guard names.count == shape.names.count, index.count == matched.count, Set(index).count == names.count else {
            throw refuse("it has columns (\(names.joined(separator: ", "))), the query gives (\(shape.names.joined(separator: ", ")))")
        }
        for (i, j) in index.enumerated() {
            if let accepted = PostgresTypes.accepted(shape.types[i]), !accepted.contains(existing[j].2) {
                throw refuse("column '\(names[j])' is \(existing[j].3), which does not hold \(shape.types[i].sqlName) (make it \(PostgresTypes.declared(shape.types[i])))")
            }
        }
        let tableKey = Set(existing.filter(\.4).map(\.1))
        let sinkKey = Set(shape.key.map { names[index[$0]] })
        if tableKey != sinkKey {
            throw refuse("its primary key is (\(existing.filter(\.4).map(\.1).joined(separator: ", "))), the sink's is (\(shape.key.map { names[index[$0]] }.joined(separator: ", ")))")
        }
        columns = index.map { TableShape.quote(names[$0]) }
    }

    private func stagingDefinition(_ table: String, temporary: Bool) -> String {
        let definitions = ["segment bigint NOT NULL", "seq bigint NOT NULL", "accumulate boolean NOT NULL"]
            + shape.types.enumerated().map { "\(Self.stagedColumn($0)) \(PostgresTypes.declared($1))" }
            + (temporary ? [] : ["PRIMARY KEY (segment, seq)"])
        return "(\(definitions.joined(separator: ", ")))"
    }

    /// `_eddy_commits` and the staging table; a run from the beginning starts with an
    /// empty staging table (made anew: the query may have changed) and no record of an
    /// earlier run's checkpoints.
    func prepareStaging(in session: PostgresSession, sink: String, fresh: Bool) throws {
        try session.run("CREATE TABLE IF NOT EXISTS \(commits) (sink text PRIMARY KEY, segment bigint NOT NULL)")
        if fresh {
            try session.run("DROP TABLE IF EXISTS \(staging)")
            var binds = PostgresBindings()
            binds.append(sink)
            try session.run("DELETE FROM \(commits) WHERE sink = $1", binds)
        }
        try session.run("CREATE TABLE IF NOT EXISTS \(staging) \(stagingDefinition(staging, temporary: false))")
    }

    /// The temporary table a connection applies batches through (without checkpoints).
    var batchTableDefinition: String {
        "CREATE TEMPORARY TABLE IF NOT EXISTS _eddy_batch \(stagingDefinition(Self.batch, temporary: true)) ON COMMIT DELETE ROWS"
    }

    // MARK: Writing

    /// Statements that insert `rows` into a staging table as `segment`, numbered from
    /// `firstSequence`: as many rows a statement as fit (at most 1,000; PostgreSQL takes
    /// 65,535 parameters). Into the durable staging table a row already there is kept: a
    /// statement run again after a lost connection stages nothing twice.
    func stagingInserts(into table: String, _ rows: ArraySlice<ChangeRow>, segment: Int64, firstSequence: Int64) throws -> [(String, PostgresBindings)] {
        let width = shape.names.count + 3
        let perStatement = max(1, min(1000, 65535 / width))
        let head = "INSERT INTO \(table) (segment, seq, accumulate, \(stagedColumns.joined(separator: ", "))) VALUES "
        let tail = table == staging ? " ON CONFLICT DO NOTHING" : ""
        var statements: [(String, PostgresBindings)] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + perStatement, rows.endIndex)
            var binds = PostgresBindings(capacity: (end - start) * width)
            var tuples: [String] = []
            tuples.reserveCapacity(end - start)
            for (n, row) in rows[start..<end].enumerated() {
                let first = n * width
                tuples.append("(" + (1...width).map { "$\(first + $0)" }.joined(separator: ",") + ")")
                binds.append(segment)
                binds.append(firstSequence + Int64(start - rows.startIndex + n))
                binds.append(row.accumulate)
                for (value, type) in zip(row.values, shape.types) { try binds.append(value, as: type) }
            }
            statements.append((head + tuples.joined(separator: ",") + tail, binds))
            start = end
        }
        return statements
    }

    /// Statements that apply the changes staged in `source` as segment `$1` to the target:
    /// appended in order, or per key the last change, upserted or deleted.
    func applyStatements(from source: String) -> [String] {
        let targetColumns = columns.joined(separator: ", ")
        let staged = stagedColumns.joined(separator: ", ")
        if shape.key.isEmpty {
            return ["INSERT INTO \(target) (\(targetColumns)) SELECT \(staged) FROM \(source) WHERE segment = $1 AND accumulate ORDER BY seq"]
        }
        let key = stagedKey.joined(separator: ", ")
        let last = "SELECT DISTINCT ON (\(key)) * FROM \(source) WHERE segment = $1 ORDER BY \(key), seq DESC"
        let matches = zip(keyColumns, stagedKey).map { "t.\($0) = latest.\($1)" }.joined(separator: " AND ")
        let others = columns.indices.filter { !shape.key.contains($0) }.map { columns[$0] }
        let update = others.isEmpty ? "NOTHING" : "UPDATE SET " + others.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        return [
            "DELETE FROM \(target) AS t USING (\(last)) AS latest WHERE NOT latest.accumulate AND \(matches)",
            "INSERT INTO \(target) (\(targetColumns)) SELECT \(staged) FROM (\(last)) AS latest WHERE latest.accumulate "
                + "ON CONFLICT (\(keyColumns.joined(separator: ", "))) DO \(update)",
        ]
    }
}
