import EddyCore
import EddyPlanner
import EddySQL

/// A script read from a file, checked, and compiled into one job: `eddy run`, `check`,
/// `explain` and `compile` all start here.
public struct CompiledScript {
    let prepared: PreparedScript
    public let job: Job

    /// Reads, checks and compiles the script at `path`; relative paths in it resolve
    /// against its folder. Errors come as `ScriptDiagnostics` (with carets) or `RunFailure`.
    public init(path: String) throws {
        try self.init(try ScriptRunner.prepare(path: path))
    }

    /// Compiles a script given as text (tests, tools); paths resolve against `baseDirectory`.
    public init(text: String, name: String = "script.sql", baseDirectory: String) throws {
        try self.init(try ScriptRunner.prepare(SourceText(name: name, text: text), baseDirectory: baseDirectory))
    }

    init(_ prepared: PreparedScript, optimizer: Optimizer = Optimizer()) throws {
        self.prepared = prepared
        let catalog = prepared.session.catalog
        do {
            let graph = try JobCompiler.compile(prepared.queries, settings: catalog.settings, optimizer: optimizer)
            job = Job(graph: graph, baseDirectory: catalog.baseDirectory)
        } catch {
            throw RunFailure("cannot plan the job: \(error)")
        }
    }

    /// What its SHOW, DESCRIBE and EXPLAIN statements printed, in order.
    public var printed: [String] {
        prepared.items.compactMap { if case .text(let t) = $0 { t } else { nil } }
    }

    /// The queries that make up the job (bare SELECTs and INSERTs).
    public var queryCount: Int { prepared.queries.count }

    /// Each query's analyzed plan and what each optimizer rule changed in it.
    public func optimizerTrace() -> String {
        var text = ""
        for q in prepared.queries {
            let (_, steps) = Optimizer().optimizeWithTrace(q.plan)
            text += "-- analyzed plan\n" + LogicalExplain.render(q.plan)
            for step in steps { text += "-- after \(step.rule)\n" + LogicalExplain.render(step.after) }
            text += "\n"
        }
        return text
    }
}
