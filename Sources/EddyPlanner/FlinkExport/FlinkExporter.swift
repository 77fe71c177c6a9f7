import EddyCore
import EddySQL

/// Translates a checked Eddy script into a Flink SQL script that Flink 2.x's SQL client
/// (or `TableEnvironment.execute_sql`, one statement at a time) runs unchanged: sources as
/// filesystem (or Kafka) tables, views, bare SELECTs in place, and every INSERT in one
/// `EXECUTE STATEMENT SET` at the end, as Eddy runs a script as one job. What has no Flink
/// equivalent is refused with a diagnostic at the statement; what Flink does a little
/// differently is said in a comment above the statement.
///
/// Statements are added one by one after Eddy has checked them, with the catalog as it is
/// after each; sinks are written at the end, when the columns a sink takes from the first
/// query into it are known.
public struct FlinkExporter {
    private enum Piece {
        case text(String)
        case sink(String)
    }

    private let options: FlinkExportOptions
    private let scriptName: String
    private var pieces: [Piece] = []
    private var inserts: [String] = []
    private var expr = FlinkExpressionWriter(names: FlinkNames())
    private var sinks: [String: SinkDefinition] = [:]
    private var updatingSinks: Set<String> = []
    /// Sources written as a raw table plus a view (they have timestamp columns).
    private var rawSources: Set<String> = []

    public init(options: FlinkExportOptions = FlinkExportOptions(), scriptName: String) {
        self.options = options
        self.scriptName = scriptName
    }

    /// Adds one statement that Eddy has executed; `catalog` is the catalog after it, and
    /// `updating` says whether the query it makes (an INSERT, a sink's query) emits updates.
    public mutating func add(_ statement: Statement, catalog: Catalog, updating: Bool = false) throws(Diagnostic) {
        expr.notes = []
        expr.referenceTables = Set(catalog.sources.values.filter { $0.kind == .table }.map { $0.name.lowercased() })
        for (key, sink) in catalog.sinks { sinks[key] = sink }
        switch statement.kind {
        case .createSource(let def):
            guard let source = catalog.sources[def.name.name.lowercased()] else { return }
            let (sql, notes) = try FlinkTableWriter(options: options).source(def, source, &expr)
            if sql.count > 1 { rawSources.insert(def.name.name.lowercased()) }
            emit(sql, notes: notes)
        case .createView(let def):
            var head = "CREATE TEMPORARY VIEW " + expr.names.quoted(def.name.name)
            if !def.columnNames.isEmpty { head += " (" + def.columnNames.map { expr.names.quoted($0.name) }.joined(separator: ", ") + ")" }
            let body = try expr.write(def.query)
            if def.materialized { expr.notes.append("a MATERIALIZED VIEW in Eddy: a view in Flink, computed where it is read") }
            emit([head + " AS\n" + body], notes: expr.notes)
        case .createSink(let def):
            let key = def.name.name.lowercased()
            if updating { updatingSinks.insert(key) }
            pieces.append(.sink(key))
            switch def.input {
            case .none: break
            case .relation(let name):
                inserts.append("INSERT INTO \(expr.names.quoted(def.name.name))\nSELECT * FROM \(expr.names.quoted(name.name))")
            case .query(let q):
                let body = try expr.write(q)
                inserts.append(comments(expr.notes) + "INSERT INTO \(expr.names.quoted(def.name.name))\n" + body)
            }
        case .insert(let insert):
            if updating { updatingSinks.insert(insert.target.name.lowercased()) }
            let body = try expr.write(insert.query)
            inserts.append(comments(expr.notes) + "INSERT INTO \(expr.names.quoted(insert.target.name))\n" + body)
        case .query(let q):
            emit([try expr.write(q)], notes: expr.notes)
        case .explain(let e):
            guard e.mode != .analyze else {
                emit([], notes: ["EXPLAIN ANALYZE has no Flink equivalent; left out"])
                return
            }
            switch e.target {
            case .query(let q): emit(["EXPLAIN " + (try expr.write(q))], notes: expr.notes)
            case .insert(let i):
                emit(["EXPLAIN INSERT INTO \(expr.names.quoted(i.target.name))\n" + (try expr.write(i.query))], notes: expr.notes)
            }
        case .show(let target, _):
            emit([target == .views ? "SHOW VIEWS" : "SHOW TABLES"], notes: [])
        case .describe(let name):
            emit(["DESCRIBE " + expr.names.quoted(name.name)], notes: [])
        case .set(let key, let value):
            setting(key.value, value: value.value)
        case .reset(let key):
            if let flink = Self.flinkSetting(key.value) {
                emit(["RESET " + FlinkNames.string(flink)], notes: [])
            } else {
                emit([], notes: ["RESET '\(key.value)': an Eddy setting with no Flink equivalent"])
            }
        case .drop(let target, let name, let ifExists):
            let key = name.name.lowercased()
            let exists = ifExists ? "IF EXISTS " : ""
            if target == .view {
                emit(["DROP TEMPORARY VIEW \(exists)\(expr.names.quoted(name.name))"], notes: [])
            } else if rawSources.contains(key) {
                emit(
                    [
                        "DROP TEMPORARY VIEW \(exists)\(expr.names.quoted(name.name))",
                        "DROP TABLE \(exists)\(FlinkNames.quote(expr.names.canonical(name.name) + FlinkTableWriter.rawSuffix))",
                    ], notes: [])
            } else {
                emit(["DROP TABLE \(exists)\(expr.names.quoted(name.name))"], notes: [])
            }
        }
    }

    private mutating func setting(_ key: String, value: String) {
        if let flink = Self.flinkSetting(key) {
            var v = value
            if JobSettings.durationKeys.contains(key), let ms = Intervals.parseDuration(value) { v = "\(ms) ms" }
            emit(["SET \(FlinkNames.string(flink)) = \(FlinkNames.string(v))"], notes: [])
        } else if key == "late.output" {
            emit([], notes: ["SET 'late.output': Flink drops late events and keeps none"])
        } else {
            emit(["SET \(FlinkNames.string(key)) = \(FlinkNames.string(value))"], notes: ["not an Eddy setting: passed to Flink as written"])
        }
    }

    /// Eddy's setting keys with a Flink equivalent.
    static func flinkSetting(_ key: String) -> String? {
        switch key {
        case "state.ttl", "table.exec.state.ttl": return "table.exec.state.ttl"
        case "parallelism", "parallelism.default": return "parallelism.default"
        case "checkpoint.interval": return "execution.checkpointing.interval"
        case "table.exec.source.idle-timeout": return "table.exec.source.idle-timeout"
        default: return nil
        }
    }

    private mutating func emit(_ statements: [String], notes: [String]) {
        pieces.append(.text(comments(notes) + statements.map { $0 + ";\n" }.joined(separator: "\n")))
    }

    private func comments(_ notes: [String]) -> String {
        notes.map { "-- " + $0 + "\n" }.joined()
    }

    /// The Flink SQL script; without `header`, only the statements (for EXPLAIN).
    public mutating func text(header: Bool = true) -> String {
        var out = !header ? "" : """
            -- Flink SQL made by `eddy compile --target flink` from \(scriptName).
            -- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
            -- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
            -- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
            -- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
            -- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
            -- those), and a view NAME gives the columns their names.
            -- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
            -- TRY_CAST do the same.
            SET 'table.local-time-zone' = 'UTC';


            """
        var first = true
        for piece in pieces {
            if !first { out += "\n" }
            first = false
            switch piece {
            case .text(let t): out += t
            case .sink(let key):
                guard let sink = sinks[key], sink.schema != nil else {
                    out += "-- sink \(key): nothing is written into it, so it has no columns; left out\n"
                    continue
                }
                let (sql, notes) = FlinkTableWriter(options: options).sink(sink, updating: updatingSinks.contains(key), names: &expr.names)
                out += comments(notes) + sql + ";\n"
            }
        }
        if !inserts.isEmpty {
            if !header && inserts.count == 1, let only = inserts.first { return out + only + ";\n" }
            out += "\nEXECUTE STATEMENT SET\nBEGIN\n\n" + inserts.map { $0 + ";\n" }.joined(separator: "\n") + "\nEND;\n"
        }
        return out
    }
}
