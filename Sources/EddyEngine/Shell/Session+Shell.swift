import EddyCore
import EddyPlanner
import EddySQL

/// One statement of a shell's input, parsed and placed where the user typed it (so that a
/// caret points at the mistake).
public struct ShellStatement {
    let statement: Statement
    let source: SourceText
}

/// What executing a shell statement gives the shell to show or run.
public enum ShellOutcome {
    /// A declaration or a setting: `created source clicks`, `set 'state.ttl' = '1h'`.
    case message(String)
    /// SHOW, DESCRIBE, EXPLAIN: text to print.
    case text(String)
    /// A SELECT or an INSERT: a job to run.
    case query(ShellQuery)
    /// EXPLAIN ANALYZE: run the job timing each operator, then print `analyzed()`.
    case explainAnalyze(ShellQuery)
}

/// A query typed at the shell, compiled into a job of its own.
public struct ShellQuery {
    public let job: Job
    /// The columns of its rows.
    public let columns: ResultColumns
    /// The sink an INSERT writes into (nil for a SELECT).
    public let insertTarget: String?
}

/// A copy of what a session has declared, to put back when a statement fails half-way.
public struct SessionState: Sendable {
    let catalog: Catalog
}

extension Session {
    /// The statements of `text`, typed at `line`:`column` of the input called `name`.
    /// Parse errors come as `ScriptDiagnostics`, every one of them.
    public func parse(_ text: String, name: String, line: Int = 1, column: Int = 1) throws(ScriptDiagnostics) -> [ShellStatement] {
        let padding = String(repeating: "\n", count: max(0, line - 1)) + String(repeating: " ", count: max(0, column - 1))
        let source = SourceText(name: name, text: padding + text)
        let parsed = SQLParser.parseScript(source)
        if !parsed.diagnostics.isEmpty { throw ScriptDiagnostics(diagnostics: parsed.diagnostics, source: source) }
        return parsed.statements.map { ShellStatement(statement: $0, source: source) }
    }

    /// Executes one statement: declarations change the session, queries come back
    /// compiled. Errors come as `ScriptDiagnostics` (with carets) or `RunFailure`; a failed
    /// statement leaves the session as it was.
    public func execute(_ s: ShellStatement) throws -> ShellOutcome {
        let saved = state
        do {
            if case .explain(let e) = s.statement.kind, e.mode == .analyze {
                let inner: Statement
                switch e.target {
                case .query(let q): inner = Statement(.query(q), span: s.statement.span)
                case .insert(let i): inner = Statement(.insert(i), span: s.statement.span)
                }
                guard case .query(let query) = try execute(inner, in: s.source) else { return .text("") }
                return .explainAnalyze(try compile(query))
            }
            switch try execute(s.statement, in: s.source) {
            case .catalogChanged(let message): return .message(message)
            case .text(let text): return .text(text)
            case .setting(let key, let value): return .message(value.map { "set '\(key)' = '\($0)'" } ?? "reset '\(key)'")
            case .query(let query): return .query(try compile(query))
            }
        } catch {
            restore(saved)
            switch error {
            case let d as Diagnostic: throw ScriptDiagnostics(diagnostics: [d], source: s.source)
            case let list as DiagnosticList: throw ScriptDiagnostics(diagnostics: list.diagnostics, source: s.source)
            default: throw error
            }
        }
    }

    private func compile(_ query: PlannedQuery) throws -> ShellQuery {
        let graph: JobGraph
        do {
            graph = try JobCompiler.compile([query], settings: catalog.settings)
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw RunFailure("cannot plan the query: \(error)")
        }
        let insert: String? = if case .insert(let sink) = query.kind { sink } else { nil }
        return ShellQuery(
            job: Job(graph: graph, baseDirectory: catalog.baseDirectory),
            columns: ResultColumns(names: query.columnNames, types: query.columnTypes), insertTarget: insert)
    }

    /// What the session has declared, to restore after a failure.
    public var state: SessionState { SessionState(catalog: catalog) }

    public func restore(_ state: SessionState) { restore(state.catalog) }

    /// The folder relative paths in WITH options resolve against (`\i` moves it).
    public var baseDirectory: String {
        get { catalog.baseDirectory }
        set {
            var c = catalog
            c.baseDirectory = newValue
            restore(c)
        }
    }

    /// `\d`: every declared name with its kind, columns and where it reads or writes.
    public func listing() -> String {
        var rows: [[String]] = []
        for name in catalog.allNames {
            switch catalog.lookup(name) {
            case .source(let s):
                var details = s.connector.map { "\($0.connector) \($0.displayPath) · \($0.format)" } ?? "no connector"
                if s.connector?.follow == true { details += " · follow" }
                rows.append([s.name, s.kind.rawValue.lowercased(), "\(s.schema.count)", details])
            case .view(let v):
                rows.append([v.name, v.materialized ? "materialized view" : "view", "\(v.schema.count)", v.changelog.rawValue])
            case .sink(let k):
                rows.append([k.name, "sink", k.schema.map { "\($0.count)" } ?? "-", "\(k.connector.connector) \(k.connector.displayPath)"])
            case nil:
                continue
            }
        }
        if rows.isEmpty { return "nothing declared yet: CREATE SOURCE ... to start (\\help)\n" }
        return PlainTable.render(headers: ["name", "kind", "columns", "details"], rows: rows)
    }

    /// `\d name`: DESCRIBE, with a caret under a name that does not exist (`line` is the
    /// command as typed, ending with the name).
    public func describe(_ name: String, typedIn line: String, inputName: String) throws -> String {
        let source = SourceText(name: inputName, text: line)
        let span = Span(source.bytes.count - name.utf8.count, source.bytes.count)
        do {
            if case .text(let text) = try execute(Statement(.describe(Identifier(name, span: span)), span: span), in: source) {
                return text
            }
            return ""
        } catch let d as Diagnostic {
            throw ScriptDiagnostics(diagnostics: [d], source: source)
        }
    }

    /// The suggestion for a misspelled word among `candidates`, if one is near.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        Suggestions.nearest(to: word, in: candidates)
    }
}
