import EddyCore
import EddySQL

/// Sources and sinks as Flink tables.
///
/// Eddy reads a TIMESTAMP(3) field from epoch milliseconds or from an ISO-8601 string (with
/// `T` or a space, optional milliseconds, `Z` or an offset), always as UTC. Flink's JSON and
/// CSV formats read neither the numbers nor the offsets into a TIMESTAMP, so a source with
/// timestamp columns becomes a table `<name>__raw` reading those fields as STRING, with a
/// computed column `<column>__eddy` converting each the way Eddy does (and the WATERMARK
/// on it), and a view named as the source that gives the columns their Eddy names.
struct FlinkTableWriter {
    let options: FlinkExportOptions

    static let rawSuffix = "__raw"
    static let timeSuffix = "__eddy"

    /// The statements that declare `def` in Flink, and what differs (as comments).
    func source(
        _ def: CreateSource, _ source: SourceDefinition, _ expr: inout FlinkExpressionWriter
    ) throws(Diagnostic) -> (sql: [String], notes: [String]) {
        var notes: [String] = []
        let name = expr.names.quoted(def.name.name)
        let with = try sourceOptions(def, source, notes: &notes)
        let datagen = source.connector?.connector == "datagen"
        let timestamps = datagen ? [] : source.schema.fields.filter { $0.type == .timestamp }.map(\.name)
        var columns = source.schema.fields.map { f in
            "  \(expr.names.quoted(f.name)) \(f.type == .timestamp && !datagen ? "STRING" : FlinkNames.type(f.type))"
        }
        expr.renamed = [:]
        for t in timestamps {
            let computed = t + Self.timeSuffix
            columns.append("  \(FlinkNames.quote(computed)) AS \(Self.timestampConversion(expr.names.quoted(t)))")
            expr.renamed[t.lowercased()] = computed
        }
        if let wm = def.watermark {
            let column = expr.renamed[wm.column.name.lowercased()] ?? expr.names.canonical(wm.column.name)
            columns.append("  WATERMARK FOR \(FlinkNames.quote(column)) AS \(try expr.write(wm.expression))")
        }
        expr.renamed = [:]
        let keyColumns = def.primaryKey.filter { k in !timestamps.contains { $0.lowercased() == k.name.lowercased() } }
        if !def.primaryKey.isEmpty && keyColumns.count == def.primaryKey.count {
            columns.append("  PRIMARY KEY (\(keyColumns.map { expr.names.quoted($0.name) }.joined(separator: ", "))) NOT ENFORCED")
        }
        let table = timestamps.isEmpty ? name : FlinkNames.quote(expr.names.canonical(def.name.name) + Self.rawSuffix)
        var sql = ["CREATE TABLE \(table) (\n\(columns.joined(separator: ",\n"))\n) WITH (\n\(Self.withClause(with))\n)"]
        if !timestamps.isEmpty {
            let items = source.schema.fields.map { f -> String in
                let q = expr.names.quoted(f.name)
                return f.type == .timestamp ? "\(FlinkNames.quote(f.name + Self.timeSuffix)) AS \(q)" : q
            }
            sql.append("CREATE TEMPORARY VIEW \(name) AS\nSELECT \(items.joined(separator: ", ")) FROM \(table)")
        }
        return (sql, notes)
    }

    /// Eddy's reading of a timestamp field, in Flink: epoch milliseconds, an ISO-8601 string
    /// with an offset (shifted to UTC), or one without (`T` or a space, optional `Z`).
    static func timestampConversion(_ c: String) -> String {
        let offset = "'([+-])([0-9]{2}):?([0-9]{2})$'"
        return """
            CASE
                WHEN REGEXP(\(c), '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(\(c) AS BIGINT), 3) AS TIMESTAMP(3))
                WHEN REGEXP(\(c), \(offset)) THEN TIMESTAMPADD(MINUTE,
                  (CASE REGEXP_EXTRACT(\(c), \(offset), 1) WHEN '+' THEN -1 ELSE 1 END)
                    * (CAST(REGEXP_EXTRACT(\(c), \(offset), 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(\(c), \(offset), 3) AS INT)),
                  CAST(REGEXP_REPLACE(REPLACE(\(c), 'T', ' '), \(offset), '') AS TIMESTAMP(3)))
                ELSE CAST(REGEXP_REPLACE(REPLACE(\(c), 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
              END
            """
    }

    private func sourceOptions(_ def: CreateSource, _ source: SourceDefinition, notes: inout [String]) throws(Diagnostic) -> [(String, String)] {
        guard let c = source.connector else {
            throw Diagnostic.error(
                "\(def.kind.rawValue.lowercased()) '\(def.name.name)' has no connector: Flink needs one", at: def.name.span,
                help: "add WITH ('connector' = 'file', 'path' = 'events.jsonl', 'format' = 'json')")
        }
        var with: [(String, String)]
        switch c.connector {
        case "stdin":
            throw Diagnostic.error("Flink has no connector reading standard input", at: def.name.span, help: "read a file instead")
        case "datagen":
            with = [("connector", "datagen")]
            for entry in def.options where !["connector", "seed"].contains(entry.key.value.lowercased()) {
                with.append((entry.key.value, entry.value.value))
            }
            notes.append("Flink's datagen makes other random values than Eddy's (Eddy's 'seed' has no equivalent)")
            return merge(with, options.sourceOptions.map { ($0.key, $0.value) })
        default:
            break
        }
        if options.sourceConnector == .kafka && def.kind == .source {
            with = [
                ("connector", "kafka"), ("topic", def.name.name), ("properties.group.id", "eddy"),
                ("scan.startup.mode", "earliest-offset"),
            ]
            with = merge(with, options.sourceOptions.map { ($0.key, $0.value) })
            let own = def.options.filter { $0.key.value.lowercased().hasPrefix("kafka.") }
                .map { (String($0.key.value.dropFirst(6)), $0.value.value) }
            with = merge(with, own)
            guard with.contains(where: { $0.0 == "properties.bootstrap.servers" }) else {
                throw Diagnostic.error(
                    "no Kafka servers for source '\(def.name.name)'", at: def.name.span,
                    help: "pass --flink-option bootstrap.servers=host:9092, or add 'kafka.properties.bootstrap.servers' to its WITH")
            }
            with += try format(c, def: def, notes: &notes)
            return with
        }
        with = [("connector", "filesystem")]
        if c.displayPath.contains("*") || c.displayPath.contains("?") || c.displayPath.contains("[") {
            let folder = FileSystem.folder(of: c.path)
            with.append(("path", folder))
            notes.append("Eddy reads the files matching \(c.displayPath); Flink reads every file in \(folder)")
        } else {
            with.append(("path", c.path))
        }
        with += try format(c, def: def, notes: &notes)
        if c.follow {
            with.append(("source.monitor-interval", "1 s"))
        }
        if let idle = c.idleTimeoutMillis { with.append(("scan.watermark.idle-timeout", "\(idle) ms")) }
        if c.deadLetterPath != nil { notes.append("'dead_letter.path' has no Flink equivalent: skipped lines are not kept") }
        if c.lateOutputPath != nil { notes.append("'late.output' has no Flink equivalent: late events are dropped") }
        if c.maxLineBytes != nil { notes.append("'json.max-line-bytes' has no Flink equivalent") }
        // With Kafka sources, --flink-option is for them, not for the reference tables.
        guard options.sourceConnector == .filesystem else { return with }
        return merge(with, options.sourceOptions.map { ($0.key, $0.value) })
    }

    private func format(_ c: ConnectorOptions, def: CreateSource, notes: inout [String]) throws(Diagnostic) -> [(String, String)] {
        var with = [("format", c.format)]
        let skip = c.onError == .skip
        if c.format == "csv" {
            let csv = c.csv ?? CSVFormat()
            if csv.header {
                let at = def.options.first { $0.key.value.lowercased() == "format" }?.value.span ?? def.name.span
                throw Diagnostic.error(
                    "Flink's csv format has no header line: it reads columns by position", at: at,
                    help: "add 'csv.header' = 'false' and declare the columns in the file's order, without a header line")
            }
            if csv.delimiter != "," { with.append(("csv.field-delimiter", csv.delimiter)) }
            if csv.quote != "\"" { with.append(("csv.quote-character", csv.quote)) }
            if let n = csv.nullLiteral { with.append(("csv.null-literal", n)) }
            if skip { with.append(("csv.ignore-parse-errors", "true")) }
        } else if skip {
            with.append(("json.ignore-parse-errors", "true"))
        }
        return with
    }

    /// A sink as a Flink table: a file as a filesystem table (a folder in Flink), a
    /// database as a JDBC table with the same primary key.
    func sink(_ sink: SinkDefinition, updating: Bool, names: inout FlinkNames) -> (sql: String, notes: [String]) {
        var notes: [String] = []
        var columns = (sink.schema?.fields ?? []).map { "  \(names.quoted($0.name)) \(FlinkNames.type($0.type))" }
        let key = sink.upsertKey
        var with: [(String, String)]
        let c = sink.connector
        if c.connector == "file" {
            var format = c.format
            if updating {
                format = "debezium-json"
                notes.append("receives updates: Flink writes them as Debezium JSON (Eddy: rows with an op field)")
            } else if c.format == "csv" {
                notes.append("Flink's csv writes no header line")
            }
            with = [("connector", "filesystem"), ("path", c.path), ("format", format)]
            if format == "json" { with.append(("json.timestamp-format.standard", "ISO-8601")) }
            notes.append("Flink writes part files into the folder \(c.displayPath), not one file")
        } else {
            var url = "jdbc:\(c.connector):\(c.path)"
            var user: String?
            if c.connector == "postgres", let text = c.url, case .success(let pg) = PostgresURL.parse(text) {
                // The same database through PostgreSQL's JDBC driver; the password stays out of
                // the exported text (Flink's JDBC 'password' option, given with --flink-option).
                url = "jdbc:postgresql://\(pg.place)"
                user = pg.user
            }
            url = options.value("jdbc.url") ?? url
            with = [("connector", "jdbc"), ("url", url), ("table-name", c.table ?? sink.name)]
            if let user = options.value("jdbc.username") ?? user { with.append(("username", user)) }
            if let password = options.value("jdbc.password") { with.append(("password", password)) }
            if options.value("jdbc.url") == nil && c.connector == "sqlite" {
                notes.append("Flink's JDBC connector has no SQLite dialect: pass --flink-option jdbc.url=jdbc:postgresql://... for a database it has")
            }
            if updating && key.isEmpty {
                notes.append("receives updates but has no primary key: Flink refuses that, as Eddy does")
            }
        }
        if !key.isEmpty { columns.append("  PRIMARY KEY (\(key.map { names.quoted($0) }.joined(separator: ", "))) NOT ENFORCED") }
        let sql = "CREATE TABLE \(names.quoted(sink.name)) (\n\(columns.joined(separator: ",\n"))\n) WITH (\n\(Self.withClause(with))\n)"
        return (sql, notes)
    }

    /// Later options replace earlier ones of the same key; new ones are added at the end.
    private func merge(_ base: [(String, String)], _ more: [(String, String)]) -> [(String, String)] {
        var out = base
        for (k, v) in more {
            if let i = out.firstIndex(where: { $0.0 == k }) { out[i].1 = v } else { out.append((k, v)) }
        }
        return out
    }

    static func withClause(_ options: [(String, String)]) -> String {
        options.map { "  \(FlinkNames.string($0.0)) = \(FlinkNames.string($0.1))" }.joined(separator: ",\n")
    }
}
