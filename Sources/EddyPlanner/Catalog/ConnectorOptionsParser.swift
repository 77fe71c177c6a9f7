import EddyCore
import EddySQL

/// Validates the WITH options of a source or sink: known keys only, allowed values,
/// required ones present; a misspelled key gets a suggestion.
enum ConnectorOptionsParser {
    enum Role { case source, sink }

    static let csvKeys = ["csv.field-delimiter", "csv.quote-character", "csv.null-literal", "csv.header"]
    static let sourceKeys = [
        "connector", "path", "format", "on_error", "dead_letter.path", "follow", "late.output", "json.max-line-bytes",
        "source.idle-timeout",
    ] + csvKeys
    static let sinkKeys = ["connector", "path", "format", "csv.header", "table-name", "primary-key", "url", "password", "sink.max-retries", "sink.query-timeout",
    ]
    /// Options that only some connectors take.
    static let onlyFor: [String: [String]] = [
        "table-name": ["sqlite", "postgres"], "primary-key": ["sqlite", "postgres"], "format": ["file", "stdin"], "csv.header": ["file"],
        "on_error": ["file", "stdin"], "dead_letter.path": ["file", "stdin"], "follow": ["file"],
        "url": ["postgres"], "password": ["postgres"], "sink.max-retries": ["postgres"],
        "sink.query-timeout": ["postgres"],
    ]
    /// The most 'sink.max-retries' takes.
    static let maxRetriesLimit = 100
    static let formats = ["json", "csv"]

    /// nil when there are no options at all (a source fed by tests or the REPL).
    static func parse(
        _ options: [OptionEntry], catalog: Catalog, role: Role, statementSpan: Span, columns: [String] = []
    ) throws -> ConnectorOptions? {
        guard !options.isEmpty else { return nil }
        if role == .source, options.contains(where: { $0.key.value.lowercased() == "connector" && $0.value.value.lowercased() == "datagen" }) {
            return try DataGenOptionsParser.parse(options, columns: columns)
        }
        let allowed = role == .source ? sourceKeys : sinkKeys
        var values: [String: OptionEntry] = [:]
        for entry in options {
            let key = entry.key.value.lowercased()
            // 'kafka.topic', 'kafka.properties.bootstrap.servers', ...: where the source's
            // events live on a Kafka cluster, for `eddy compile --target flink
            // --flink-connector kafka`; Eddy itself reads the file.
            if role == .source && key.hasPrefix("kafka.") && key.count > 6 { continue }
            guard allowed.contains(key) else {
                let help = Suggestions.nearest(to: key, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "options are: " + allowed.map { "'\($0)'" }.joined(separator: ", ")
                throw Diagnostic.error("unknown option '\(entry.key.value)'", at: entry.key.span, help: help)
            }
            if values[key] != nil {
                throw Diagnostic.error("option '\(entry.key.value)' is given twice", at: entry.key.span)
            }
            values[key] = entry
        }
        let first = options[0].key.span
        guard let connector = values["connector"] else {
            throw Diagnostic.error("missing option 'connector'", at: first, help: "add 'connector' = 'file'")
        }
        let connectors = role == .source ? ["file", "stdin"] : ["file", "sqlite", "postgres"]
        let connectorName = connector.value.value.lowercased()
        guard connectors.contains(connectorName) else {
            throw Diagnostic.error(
                "unknown connector '\(connector.value.value)'", at: connector.value.span,
                help: "connectors here: " + (connectors + (role == .source ? ["datagen"] : [])).map { "'\($0)'" }.joined(separator: ", "))
        }
        for (key, entry) in values {
            if let only = onlyFor[key], !only.contains(connectorName) {
                throw Diagnostic.error("'\(entry.key.value)' is not an option of connector '\(connectorName)'", at: entry.key.span)
            }
        }
        var pathText = "-"
        var postgres: (url: String, display: String, place: String)?
        if connectorName == "stdin" {
            if let path = values["path"] { throw Diagnostic.error("a stdin source has no path", at: path.key.span) }
        } else if connectorName == "postgres" {
            postgres = try postgresURL(values, connector: connector)
        } else {
            guard let path = values["path"], !path.value.value.isEmpty else {
                throw Diagnostic.error("missing option 'path'", at: connector.key.span, help: "add 'path' = 'data/events.jsonl'")
            }
            pathText = path.value.value
        }
        var format = "json"
        if let f = values["format"] {
            format = f.value.value.lowercased()
            guard formats.contains(format) else {
                throw Diagnostic.error(
                    "unknown format '\(f.value.value)'", at: f.value.span, help: "formats: 'json' (JSON lines) and 'csv'")
            }
        }
        let csvGiven = csvKeys.compactMap { values[$0] }
        if format != "csv", let stray = csvGiven.first {
            throw Diagnostic.error("'\(stray.key.value)' is an option of 'format' = 'csv'", at: stray.key.span)
        }
        var result = ConnectorOptions(
            connector: connectorName, path: connectorName == "stdin" ? "" : catalog.resolve(path: pathText), displayPath: pathText,
            format: format)
        if let postgres {
            result.path = "postgresql://" + postgres.place
            result.displayPath = postgres.display
            result.url = postgres.url
        }
        if format == "csv" { result.csv = try csvFormat(values) }
        if let r = values["sink.max-retries"] {
            guard let n = Int(r.value.value.trimmingWhitespace()), (0...maxRetriesLimit).contains(n) else {
                throw Diagnostic.error(
                    "'sink.max-retries' must be a number from 0 to \(maxRetriesLimit), found '\(r.value.value)'", at: r.value.span,
                    help: "the default is \(DatabaseTable.defaultMaxRetries)")
            }
            result.maxRetries = n
        }
        if let t = values["sink.query-timeout"] {
            guard let millis = Intervals.parseDuration(t.value.value), millis >= 1000 else {
                throw Diagnostic.error(
                    "'sink.query-timeout' must be a duration of at least a second such as '30s', found '\(t.value.value)'", at: t.value.span,
                    help: "the default is \(Intervals.format(DatabaseTable.defaultQueryTimeoutMillis))")
            }
            result.queryTimeoutMillis = millis
        }
        if connectorName == "sqlite" || connectorName == "postgres" {
            guard let table = values["table-name"], !table.value.value.isEmpty else {
                throw Diagnostic.error("missing option 'table-name'", at: connector.key.span, help: "add 'table-name' = 'balances'")
            }
            result.table = table.value.value
            if let key = values["primary-key"] {
                result.primaryKey = key.value.value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                guard !result.primaryKey.isEmpty else {
                    throw Diagnostic.error("'primary-key' names no column", at: key.value.span, help: "write 'primary-key' = 'account' (or 'a, b')")
                }
            }
        }
        if let e = values["on_error"] {
            guard let policy = SourceSpec.ErrorPolicy(rawValue: e.value.value.lowercased()) else {
                throw Diagnostic.error("'on_error' must be 'fail' or 'skip', found '\(e.value.value)'", at: e.value.span)
            }
            result.onError = policy
        }
        if let d = values["dead_letter.path"] {
            result.deadLetterPath = catalog.resolve(path: d.value.value)
            if values["on_error"] == nil { result.onError = .skip }
        }
        if let f = values["follow"] {
            switch f.value.value.lowercased() {
            case "true": result.follow = true
            case "false": result.follow = false
            default: throw Diagnostic.error("'follow' must be 'true' or 'false', found '\(f.value.value)'", at: f.value.span)
            }
        }
        if let m = values["json.max-line-bytes"] {
            guard let n = Int(m.value.value.trimmingWhitespace()), (1...ConnectorOptions.maxLineBytesLimit).contains(n) else {
                throw Diagnostic.error(
                    "'json.max-line-bytes' must be a number of bytes from 1 to \(ConnectorOptions.maxLineBytesLimit), found '\(m.value.value)'",
                    at: m.value.span, help: "the default is 67108864 (64 MiB)")
            }
            result.maxLineBytes = n
        }
        if let idle = values["source.idle-timeout"] {
            guard let millis = Intervals.parseDuration(idle.value.value), millis > 0 else {
                throw Diagnostic.error("'source.idle-timeout' must be a duration such as '5s', found '\(idle.value.value)'", at: idle.value.span)
            }
            result.idleTimeoutMillis = millis
        }
        if let l = values["late.output"] {
            result.lateOutputPath = catalog.resolve(path: l.value.value)
        }
        try claimFiles(of: result, role: role, catalog: catalog, spans: values.mapValues { ($0.value.span, $0.value.value) })
        return result
    }

    /// The connection URL of a PostgreSQL sink (with its `'password'`, if given apart),
    /// the URL as messages show it, and what names the database.
    private static func postgresURL(_ values: [String: OptionEntry], connector: OptionEntry) throws -> (url: String, display: String, place: String) {
        if let path = values["path"] {
            throw Diagnostic.error("a postgres sink has no 'path'", at: path.key.span, help: "name the database with 'url' = 'postgresql://user@host:5432/database'")
        }
        guard let entry = values["url"], !entry.value.value.isEmpty else {
            throw Diagnostic.error("missing option 'url'", at: connector.key.span, help: "add 'url' = 'postgresql://user@localhost:5432/database'")
        }
        var text = entry.value.value
        let parsed: PostgresURL
        switch PostgresURL.parse(text) {
        case .success(let url): parsed = url
        case .failure(let e): throw Diagnostic.error("bad PostgreSQL URL: \(e.message)", at: entry.value.span)
        }
        if let password = values["password"] {
            if parsed.password != nil {
                throw Diagnostic.error(
                    "the password is given twice: in 'url' and in 'password'", at: password.key.span, help: "keep one of them")
            }
            text = PostgresURL.adding(password: password.value.value, to: text)
        }
        return (text, DatabaseText.withoutPassword(text), parsed.place)
    }

    /// The CSV dialect of `'csv.*'` options.
    private static func csvFormat(_ values: [String: OptionEntry]) throws -> CSVFormat {
        var csv = CSVFormat()
        func character(_ key: String) throws -> String? {
            guard let entry = values[key] else { return nil }
            let text = entry.value.value == "\\t" ? "\t" : entry.value.value
            guard text.utf8.count == 1, text != "\n", text != "\r" else {
                throw Diagnostic.error("'\(key)' must be one character, found '\(entry.value.value)'", at: entry.value.span, help: "for a tab write '\\t'")
            }
            return text
        }
        if let d = try character("csv.field-delimiter") { csv.delimiter = d }
        if let q = try character("csv.quote-character") { csv.quote = q }
        if csv.delimiter == csv.quote, let entry = values["csv.quote-character"] ?? values["csv.field-delimiter"] {
            throw Diagnostic.error("the field delimiter and the quote character must differ", at: entry.value.span)
        }
        csv.nullLiteral = values["csv.null-literal"]?.value.value
        if let h = values["csv.header"] {
            switch h.value.value.lowercased() {
            case "true": csv.header = true
            case "false": csv.header = false
            default: throw Diagnostic.error("'csv.header' must be 'true' or 'false', found '\(h.value.value)'", at: h.value.span)
            }
        }
        return csv
    }

    /// Refuses a file that another part of the job (or this one) already reads or writes.
    private static func claimFiles(of options: ConnectorOptions, role: Role, catalog: Catalog, spans: [String: (Span, String)]) throws {
        var claims = PathClaims(catalog: catalog)
        let what = role == .source ? "this source" : "this sink"
        if let (span, text) = spans["path"] {
            try claims.add(.init(path: options.claimedPath, writes: role == .sink, user: "\(what) \(role == .sink ? "writes" : "reads") it"), at: span, written: text)
        }
        if options.url != nil, let (span, _) = spans["url"] {
            let written = options.displayPath + (options.table.map { " table " + $0 } ?? "")
            try claims.add(.init(path: options.claimedPath, writes: true, user: "\(what) writes it"), at: span, written: written)
        }
        if let d = options.deadLetterPath, let (span, text) = spans["dead_letter.path"] {
            try claims.add(.init(path: d, writes: true, user: "\(what) writes its dead letters there"), at: span, written: text)
        }
        if let l = options.lateOutputPath, let (span, text) = spans["late.output"] {
            try claims.add(.init(path: l, writes: true, user: "\(what) writes its late events there"), at: span, written: text)
        }
        let written = [("dead_letter.path", options.deadLetterPath), ("late.output", options.lateOutputPath)]
        for (key, path) in written + (role == .sink && options.url == nil ? [("path", options.path)] : []) {
            if let path, Directory.isDirectory(path), let (span, _) = spans[key] {
                throw Diagnostic.error("'\(key)' names a folder: \(path)", at: span, help: "name a file in it, e.g. '\(path)/\(key == "late.output" ? "late" : key == "path" ? "out" : "dead_letters").jsonl'")
            }
        }
    }
}
