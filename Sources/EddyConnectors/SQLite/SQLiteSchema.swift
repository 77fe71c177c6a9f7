import EddyCore
internal import GRDB

/// The tables a SQLite sink needs: its target (made from the result's columns, or checked
/// against them), the bookkeeping of committed checkpoints, its staging table.
enum SQLiteSchema {
    static func declaredType(_ t: DataType) -> String {
        switch t {
        case .bigint, .boolean, .interval: return "INTEGER"
        case .double: return "REAL"
        case .varchar, .timestamp, .null: return "TEXT"
        }
    }

    /// SQLite's type affinity of a declared column type (its rules, section 3.1).
    static func affinity(_ declared: String) -> String {
        let t = declared.uppercased()
        if t.contains("INT") { return "INTEGER" }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return "TEXT" }
        if t.isEmpty || t.contains("BLOB") { return "BLOB" }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return "REAL" }
        return "NUMERIC"
    }

    /// Makes the target table if missing; refuses one whose columns or key differ.
    static func prepare(_ shape: TableShape, in db: Database) throws {
        let existing = try Row.fetchAll(db, sql: "PRAGMA table_info(\(shape.quotedTable))")
        if existing.isEmpty {
            var columns = zip(shape.quotedColumns, shape.types).map { "\($0) \(declaredType($1))" }
            if !shape.key.isEmpty {
                columns.append("PRIMARY KEY (\(shape.key.map { shape.quotedColumns[$0] }.joined(separator: ", ")))")
            }
            try db.execute(sql: "CREATE TABLE \(shape.quotedTable) (\(columns.joined(separator: ", ")))")
            return
        }
        let names = existing.map { ($0["name"] as String).lowercased() }
        let types = existing.map { affinity($0["type"] as String? ?? "") }
        let problem: String?
        if Set(names) != Set(shape.names.map { $0.lowercased() }) {
            problem = "it has columns (\(existing.map { $0["name"] as String }.joined(separator: ", "))), the query gives (\(shape.names.joined(separator: ", ")))"
        } else if let bad = shape.names.indices.first(where: { i in
            let j = names.firstIndex(of: shape.names[i].lowercased()) ?? 0
            let want = affinity(declaredType(shape.types[i]))
            return types[j] != want && !(types[j] == "NUMERIC" && want != "TEXT")
        }) {
            problem = "column '\(shape.names[bad])' is not of a type that holds \(shape.types[bad].sqlName)"
        } else {
            let keyColumns = existing.filter { ($0["pk"] as Int) > 0 }.map { ($0["name"] as String).lowercased() }
            let wanted = shape.key.map { shape.names[$0].lowercased() }
            problem = Set(keyColumns) == Set(wanted) ? nil
                : "its primary key is (\(keyColumns.joined(separator: ", "))), the sink's is (\(wanted.joined(separator: ", ")))"
        }
        if let problem {
            throw DatabaseError(message: "table '\(shape.table)' does not fit the sink: \(problem)")
        }
    }

    static func prepareStaging(_ shape: TableShape, sink: String, in db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS _eddy_commits (sink TEXT PRIMARY KEY, segment INTEGER NOT NULL)")
        let columns = ["\"segment\" INTEGER", "\"seq\" INTEGER", "\"accumulate\" INTEGER"]
            + zip(shape.quotedColumns, shape.types).map { "\($0) \(declaredType($1))" }
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(TableShape.quote("_eddy_staged_" + sink)) (\(columns.joined(separator: ", ")))")
    }
}

/// Applies changes to a SQLite sink's table through cached statements.
struct SQLiteApply {
    let shape: TableShape
    let db: Database

    init(_ shape: TableShape, _ db: Database) {
        self.shape = shape
        self.db = db
    }

    func change(_ row: ChangeRow) throws {
        let values = row.values.map(Self.storable)
        if shape.key.isEmpty {
            guard row.accumulate else { return }  // append mode never gets retractions (the planner refuses them)
            try db.cachedStatement(sql: insertSQL).execute(arguments: StatementArguments(values))
        } else if row.accumulate {
            try db.cachedStatement(sql: upsertSQL).execute(arguments: StatementArguments(values))
        } else {
            try db.cachedStatement(sql: deleteSQL).execute(arguments: StatementArguments(shape.key.map { values[$0] }))
        }
    }

    private var placeholders: String { Array(repeating: "?", count: shape.names.count).joined(separator: ", ") }

    private var insertSQL: String {
        "INSERT INTO \(shape.quotedTable) (\(shape.quotedColumns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    private var upsertSQL: String {
        let keys = shape.key.map { shape.quotedColumns[$0] }
        let others = shape.quotedColumns.indices.filter { !shape.key.contains($0) }.map { shape.quotedColumns[$0] }
        let update = others.isEmpty ? "NOTHING" : "UPDATE SET " + others.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return insertSQL + " ON CONFLICT (\(keys.joined(separator: ", "))) DO \(update)"
    }

    private var deleteSQL: String {
        "DELETE FROM \(shape.quotedTable) WHERE " + shape.key.map { "\(shape.quotedColumns[$0]) IS ?" }.joined(separator: " AND ")
    }

    /// A value as SQLite stores it: timestamps as ISO-8601 text, booleans as 0 or 1.
    static func storable(_ v: Value) -> DatabaseValueConvertible? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i), .interval(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .timestamp(let t): return Timestamps.format(t)
        }
    }

    /// A stored value read back as the column's type.
    static func value(_ stored: DatabaseValue, _ type: DataType) -> Value {
        if stored.isNull { return .null }
        switch type {
        case .bigint: return Int64.fromDatabaseValue(stored).map(Value.int) ?? .null
        case .interval: return Int64.fromDatabaseValue(stored).map(Value.interval) ?? .null
        case .boolean: return Bool.fromDatabaseValue(stored).map(Value.bool) ?? .null
        case .double: return Double.fromDatabaseValue(stored).map(Value.double) ?? .null
        case .varchar, .null: return String.fromDatabaseValue(stored).map(Value.string) ?? .null
        case .timestamp: return String.fromDatabaseValue(stored).flatMap(Timestamps.parse).map(Value.timestamp) ?? .null
        }
    }
}
