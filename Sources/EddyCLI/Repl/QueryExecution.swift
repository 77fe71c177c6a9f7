import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL

/// Running the queries of the shell: compile one statement into a job, show its rows in the
/// current mode, stop it on Ctrl-C.
extension ReplSession {
    /// Runs a SELECT (rows shown) or an INSERT (rows written to its sink).
    func run(_ query: PlannedQuery) throws {
        let graph = try compile(query)
        if explain { Terminal.out(PhysicalExplain(graph: graph, baseDirectory: session.catalog.baseDirectory).render() + "\n") }
        let continuous = Self.isContinuous(graph)
        let view = makeView(for: query, continuous: continuous)
        if continuous && interactive && (view is ChangelogView || view is JSONView) {
            Terminal.err("following the source · Ctrl-C to stop\n")
        }
        let (outcome, cancelled, seconds) = try execute(graph, view: view)
        if let insert = view as? InsertView { insert.eventsRead = outcome.summary.eventsRead }
        view.finish(cancelled: cancelled, elapsed: timing ? Count.duration(seconds: seconds) : nil)
        reportDropped(outcome.summary)
    }

    /// `EXPLAIN ANALYZE`: runs the statement (Ctrl-C stops it) and prints the plan with
    /// what each operator did.
    func explainAnalyze(_ explain: Explain, span: Span, in source: SourceText) throws {
        let inner: Statement
        switch explain.target {
        case .query(let q): inner = Statement(.query(q), span: span)
        case .insert(let i): inner = Statement(.insert(i), span: span)
        }
        guard case .query(let query) = try session.execute(inner, in: source) else { return }
        let graph = try compile(query)
        let (outcome, cancelled, seconds) = try execute(graph, view: nil, measureTime: true)
        Terminal.out(Explainer.analyzed(graph, outcome, baseDirectory: session.catalog.baseDirectory))
        if cancelled { Terminal.out("query cancelled\(timing ? " after " + Count.duration(seconds: seconds) : "")\n") }
    }

    private func compile(_ query: PlannedQuery) throws -> JobGraph {
        do {
            return try JobCompiler.compile([query], settings: session.catalog.settings)
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw RunFailure("cannot plan the query: \(error)")
        }
    }

    /// A job that follows a file never ends by itself: it runs until Ctrl-C.
    static func isContinuous(_ graph: JobGraph) -> Bool {
        graph.nodes.contains { node in
            if case .source(let s) = node.spec { return s.follow }
            return false
        }
    }

    private func makeView(for query: PlannedQuery, continuous: Bool) -> ResultView {
        if case .insert(let sink) = query.kind { return InsertView(sink: sink, continuous: continuous && interactive) }
        switch mode {
        case .json:
            return JSONView(footer: interactive)
        case .changelog:
            return ChangelogView(names: query.columnNames)
        case .table:
            if !continuous { return FinalTableView(names: query.columnNames, types: query.columnTypes) }
            // Redrawing needs a terminal that moves its cursor; elsewhere changes are listed.
            if interactive && TerminalControl.supportsCursorMovement {
                return LiveTableView(names: query.columnNames, types: query.columnTypes)
            }
            return ChangelogView(names: query.columnNames)
        }
    }

    /// Runs the job until its input ends or Ctrl-C. On a terminal, typed keys are not
    /// echoed meanwhile (they would scribble over the rows).
    private func execute(
        _ graph: JobGraph, view: ResultView?, measureTime: Bool = false
    ) throws -> (JobOutcome, cancelled: Bool, seconds: Double) {
        Interrupts.clearInterrupt()
        let start = Clock.seconds()
        let runJob = {
            try JobExecutor.run(
                graph, batchSize: self.batchSize, measureTime: measureTime,
                shouldStop: {
                    view?.tick()
                    return Interrupts.interrupted
                },
                onSelectBatch: view.map { v in { v.receive($0, $1) } }, onSelectFlush: { Terminal.flush() })
        }
        defer { Interrupts.clearInterrupt() }
        let outcome = interactive ? try TerminalControl.withoutEcho(runJob) : try runJob()
        let cancelled = Interrupts.interrupted
        if cancelled { scriptsCancelled = true }
        return (outcome, cancelled, Clock.seconds() - start)
    }

    /// Nothing is dropped silently: late events, expired keys and skipped lines are said.
    private func reportDropped(_ s: RunSummary) {
        var notes: [String] = []
        if s.lateRowsDropped > 0 { notes.append(counted(s.lateRowsDropped, "late event") + " dropped") }
        if s.stateExpired > 0 { notes.append(counted(s.stateExpired, "idle key") + " expired (state.ttl)") }
        for source in s.sources where source.malformedLines > 0 {
            notes.append(counted(source.malformedLines, "malformed line") + " skipped in \(source.path)")
        }
        for n in notes { Terminal.err("note: \(n)\n") }
    }
}
