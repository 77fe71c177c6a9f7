import EddyCore
import EddyPlanner
import EddySQL

/// A script exported to Flink SQL: `eddy compile --target flink`, `eddy explain --target
/// flink` and the shell's `EXPLAIN` with `\target flink`. The script is checked as `eddy
/// check` does first, so only a script Eddy accepts is exported; a construct with no Flink
/// equivalent is then a diagnostic at its statement (`ScriptDiagnostics`).
public struct FlinkExport {
    /// The Flink SQL script.
    public let text: String

    /// Exports the script at `path`; relative paths in it resolve against its folder.
    public init(path: String, options: FlinkExportOptions = FlinkExportOptions()) throws {
        let source: String
        do {
            source = try TextFile.read(path)
        } catch {
            throw RunFailure("cannot read \(path): \(error)")
        }
        try self.init(text: source, name: path, baseDirectory: FileSystem.folder(of: path), options: options)
    }

    /// Exports a script given as text; paths resolve against `baseDirectory`.
    public init(text: String, name: String = "script.sql", baseDirectory: String, options: FlinkExportOptions = FlinkExportOptions()) throws {
        let source = SourceText(name: name, text: text)
        let parsed = SQLParser.parseScript(source)
        if !parsed.diagnostics.isEmpty { throw ScriptDiagnostics(diagnostics: parsed.diagnostics, source: source) }
        let session = Session(baseDirectory: baseDirectory)
        var exporter = FlinkExporter(options: options, scriptName: FileSystem.fileName(of: name))
        for statement in parsed.statements {
            do {
                let outcome = try session.execute(statement, in: source)
                var updating = false
                if case .query(let q) = outcome, case .sink(_, _, let input) = q.plan { updating = input.changelog == .updates }
                try exporter.add(statement, catalog: session.catalog, updating: updating)
            } catch let d as Diagnostic {
                throw ScriptDiagnostics(diagnostics: [d], source: source)
            } catch {
                throw ScriptDiagnostics(diagnostics: [Diagnostic.error("\(error)", at: statement.span)], source: source)
            }
        }
        self.text = exporter.text()
    }

    /// What `EXPLAIN statement` shows when the session's explain target is Flink: the
    /// statement in Flink SQL, against the session's catalog (which stays as it was).
    static func explained(_ e: Explain, session: Session, source: SourceText, span: Span) throws -> String {
        let inner: Statement
        switch e.target {
        case .query(let q): inner = Statement(.query(q), span: span)
        case .insert(let i): inner = Statement(.insert(i), span: span)
        }
        let scratch = Session(baseDirectory: session.catalog.baseDirectory)
        scratch.restore(session.catalog)
        var exporter = FlinkExporter(options: session.flinkOptions, scriptName: source.name)
        let outcome = try scratch.execute(inner, in: source)
        var updating = false
        if case .query(let q) = outcome, case .sink(_, _, let input) = q.plan { updating = input.changelog == .updates }
        try exporter.add(inner, catalog: scratch.catalog, updating: updating)
        return exporter.text(header: false)
    }
}

/// How the Flink export writes sources (`--flink-connector`, `--flink-option`).
public typealias FlinkExportOptions = EddyPlanner.FlinkExportOptions

extension FlinkExportOptions {
    /// Options from the command line: `connector` is `filesystem` or `kafka`, each of
    /// `settings` is `key=value`. A malformed one is a `RunFailure`.
    public static func parse(connector: String, settings: [String]) throws -> FlinkExportOptions {
        guard let c = SourceConnector(rawValue: connector.lowercased()) else {
            throw RunFailure("unknown --flink-connector '\(connector)': use filesystem or kafka")
        }
        var options: [(key: String, value: String)] = []
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                throw RunFailure("--flink-option '\(s)' is not key=value (for example bootstrap.servers=localhost:9092)")
            }
            options.append((String(s[..<eq]).trimmingWhitespace(), String(s[s.index(after: eq)...]).trimmingWhitespace()))
        }
        return FlinkExportOptions(sourceConnector: c, options: options)
    }
}
