import EddyEngine

/// Running the queries of the shell: a statement's job runs, its rows are shown in the
/// current mode, Ctrl-C stops it.
extension ReplSession {
    /// Runs a SELECT (rows shown) or an INSERT (rows written to its sink).
    func run(_ query: ShellQuery) throws {
        if query.job.readsStandardInput {
            throw RunFailure("a source that reads standard input cannot run in the shell (its input is the shell's): run the script with eddy run")
        }
        if explain { Terminal.out(query.job.explain(.text) + "\n") }
        let continuous = query.job.isContinuous
        let view = makeView(for: query, continuous: continuous)
        if continuous && interactive && (view is ChangelogView || view is JSONView) {
            Terminal.err("following the source · Ctrl-C to stop\n")
        }
        let (result, cancelled, seconds) = try execute(query.job, view: view)
        if let insert = view as? InsertView { insert.eventsRead = result.eventsRead }
        view.finish(cancelled: cancelled, elapsed: timing ? Count.duration(seconds: seconds) : nil)
        for note in result.droppedNotes { Terminal.err("note: \(note)\n") }
    }

    /// `EXPLAIN ANALYZE`: runs the statement (Ctrl-C stops it) and prints the plan with
    /// what each operator did.
    func explainAnalyze(_ query: ShellQuery) throws {
        let (result, cancelled, seconds) = try execute(query.job, view: nil, measureTime: true)
        Terminal.out(result.analyzed())
        if cancelled { Terminal.out("query cancelled\(timing ? " after " + Count.duration(seconds: seconds) : "")\n") }
    }

    private func makeView(for query: ShellQuery, continuous: Bool) -> ResultView {
        if let sink = query.insertTarget { return InsertView(sink: sink, continuous: continuous && interactive) }
        switch mode {
        case .json:
            return JSONView(footer: interactive)
        case .changelog:
            return ChangelogView(names: query.columns.names)
        case .table:
            if !continuous { return FinalTableView(columns: query.columns) }
            // Redrawing needs a terminal that moves its cursor; elsewhere changes are listed.
            if interactive && TerminalControl.supportsCursorMovement {
                return LiveTableView(columns: query.columns)
            }
            return ChangelogView(names: query.columns.names)
        }
    }

    /// Runs the job until its input ends or Ctrl-C. On a terminal, typed keys are not
    /// echoed meanwhile (they would scribble over the rows).
    private func execute(_ job: Job, view: ResultView?, measureTime: Bool = false) throws -> (RunResult, cancelled: Bool, seconds: Double) {
        Interrupts.clearInterrupt()
        let start = Clock.seconds()
        var options = RunOptions()
        options.batchSize = batchSize
        options.measureTime = measureTime
        options.keepRows = false  // the views keep what they show
        let runJob = {
            try job.run(
                options,
                stopRequested: {
                    view?.tick()
                    return Interrupts.interrupted
                },
                onRows: view.map { v in { v.receive($0, $1) } }, onFlush: { Terminal.flush() })
        }
        defer { Interrupts.clearInterrupt() }
        let result = interactive ? try TerminalControl.withoutEcho(runJob) : try runJob()
        let cancelled = Interrupts.interrupted
        if cancelled { scriptsCancelled = true }
        return (result, cancelled, Clock.seconds() - start)
    }
}
