import EddyCore
import EddySQL

/// Validates the WITH options of a source or sink: known keys only, allowed values,
/// required ones present; a misspelled key gets a suggestion.
enum ConnectorOptionsParser {
    enum Role { case source, sink }

    static let sourceKeys = ["connector", "path", "format", "on_error", "dead_letter.path", "follow", "late.output", "json.max-line-bytes"]
    static let sinkKeys = ["connector", "path", "format"]

    /// nil when there are no options at all (a source fed by tests or the REPL).
    static func parse(_ options: [OptionEntry], catalog: Catalog, role: Role, statementSpan: Span) throws -> ConnectorOptions? {
        guard !options.isEmpty else { return nil }
        let allowed = role == .source ? sourceKeys : sinkKeys
        var values: [String: OptionEntry] = [:]
        for entry in options {
            let key = entry.key.value.lowercased()
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
        guard connector.value.value.lowercased() == "file" else {
            throw Diagnostic.error(
                "unknown connector '\(connector.value.value)'", at: connector.value.span,
                help: "Eddy reads and writes files: 'connector' = 'file'")
        }
        guard let path = values["path"], !path.value.value.isEmpty else {
            throw Diagnostic.error("missing option 'path'", at: connector.key.span, help: "add 'path' = 'data/events.jsonl'")
        }
        var format = "json"
        if let f = values["format"] {
            format = f.value.value.lowercased()
            guard format == "json" else {
                throw Diagnostic.error("unknown format '\(f.value.value)'", at: f.value.span, help: "Eddy reads JSON lines: 'format' = 'json'")
            }
        }
        var result = ConnectorOptions(path: catalog.resolve(path: path.value.value), displayPath: path.value.value, format: format)
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
        if let l = values["late.output"] {
            result.lateOutputPath = catalog.resolve(path: l.value.value)
        }
        try claimFiles(of: result, role: role, catalog: catalog, spans: values.mapValues { ($0.value.span, $0.value.value) })
        return result
    }

    /// Refuses a file that another part of the job (or this one) already reads or writes.
    private static func claimFiles(of options: ConnectorOptions, role: Role, catalog: Catalog, spans: [String: (Span, String)]) throws {
        var claims = PathClaims(catalog: catalog)
        let what = role == .source ? "this source" : "this sink"
        if let (span, text) = spans["path"] {
            try claims.add(.init(path: options.path, writes: role == .sink, user: "\(what) \(role == .sink ? "writes" : "reads") it"), at: span, written: text)
        }
        if let d = options.deadLetterPath, let (span, text) = spans["dead_letter.path"] {
            try claims.add(.init(path: d, writes: true, user: "\(what) writes its dead letters there"), at: span, written: text)
        }
        if let l = options.lateOutputPath, let (span, text) = spans["late.output"] {
            try claims.add(.init(path: l, writes: true, user: "\(what) writes its late events there"), at: span, written: text)
        }
        let written = [("dead_letter.path", options.deadLetterPath), ("late.output", options.lateOutputPath)]
        for (key, path) in written + (role == .sink ? [("path", options.path)] : []) {
            if let path, Directory.isDirectory(path), let (span, _) = spans[key] {
                throw Diagnostic.error("'\(key)' names a folder: \(path)", at: span, help: "name a file in it, e.g. '\(path)/\(key == "late.output" ? "late" : key == "path" ? "out" : "dead_letters").jsonl'")
            }
        }
    }
}
