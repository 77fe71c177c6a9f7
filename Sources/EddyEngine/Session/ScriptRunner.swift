import EddyCore
import EddyPlanner
import EddyRuntime
import EddySQL

/// A script that failed to parse or analyze: every diagnostic, with the text to show them.
public struct ScriptDiagnostics: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public var source: SourceText

    /// All diagnostics rendered with carets.
    public func render(color: Bool = false) -> String {
        let r = DiagnosticRenderer(useColor: color)
        return diagnostics.map { r.render($0, in: source) }.joined(separator: "\n")
    }
}

/// A failure while running: a source that cannot be read, a malformed line, a sink that
/// cannot be written.
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A parsed and analyzed script: what it printed along the way (SHOW, DESCRIBE, EXPLAIN)
/// and the queries that make up its job.
public struct PreparedScript {
    public enum Item {
        case text(String)
        case query(PlannedQuery)
    }
    public var items: [Item]
    public var session: Session
    public var source: SourceText

    public var queries: [PlannedQuery] {
        items.compactMap { if case .query(let q) = $0 { return q } else { return nil } }
    }
}

/// Runs scripts: parse, analyze statement by statement, compile every query into one job,
/// run it over the sources, and hand the rows of bare SELECTs to the caller.
public enum ScriptRunner {
    /// Parses and analyzes a script. Parse errors are all reported; analysis stops at the
    /// first error (later statements usually depend on earlier ones).
    public static func prepare(_ source: SourceText, baseDirectory: String, session: Session? = nil) throws(ScriptDiagnostics) -> PreparedScript {
        let parsed = SQLParser.parseScript(source)
        if !parsed.diagnostics.isEmpty { throw ScriptDiagnostics(diagnostics: parsed.diagnostics, source: source) }
        let session = session ?? Session(baseDirectory: baseDirectory)
        var items: [PreparedScript.Item] = []
        for statement in parsed.statements {
            do {
                switch try session.execute(statement, in: source) {
                case .text(let t): items.append(.text(t))
                case .query(let q): items.append(.query(q))
                case .catalogChanged, .setting: break
                }
            } catch let d as Diagnostic {
                throw ScriptDiagnostics(diagnostics: [d], source: source)
            } catch {
                throw ScriptDiagnostics(diagnostics: [Diagnostic.error("\(error)", at: statement.span)], source: source)
            }
        }
        return PreparedScript(items: items, session: session, source: source)
    }

    /// Reads a script file and prepares it; relative paths resolve against its folder.
    public static func prepare(path: String) throws -> PreparedScript {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw RunFailure("cannot read \(path): \(error)")
        }
        let folder = FileSystem.folder(of: path)
        return try prepare(SourceText(name: path, text: text), baseDirectory: folder)
    }

    /// Compiles the script's queries into one job and runs it to the end of its input:
    /// the path `eddy run` takes.
    public static func run(_ script: PreparedScript, options: RunOptions = RunOptions()) throws -> RunResult {
        try CompiledScript(script).job.run(options)
    }
}
