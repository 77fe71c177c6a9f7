import EddyRuntime

/// What a run of a job did: the rows of its printed queries, what it read and dropped,
/// per-operator figures, checkpoint news.
public struct RunResult {
    let outcome: JobOutcome
    let baseDirectory: String

    /// The printed queries' results, in script order (rows kept only with `keepRows`).
    public var results: [QueryResult] { outcome.selects.map { QueryResult(set: $0.output, sink: $0.sink) } }

    /// The end-of-run summary: events read and how fast, late events, expired keys,
    /// malformed lines with the first few reasons.
    public var report: String { RunReport.render(outcome.summary, sinks: outcome.sinks) }

    /// One line per kind of thing dropped (late events, expired keys, skipped lines).
    public var droppedNotes: [String] { RunReport.droppedNotes(outcome.summary) }

    public var eventsRead: Int { outcome.summary.eventsRead }

    /// Checkpoint news from during the run (savepoints written, warnings).
    public var checkpointMessages: [String] { Array(outcome.checkpointMessages.suffix(outcome.laterMessages)) }

    public var checkpointsTaken: Int { outcome.checkpointsTaken }

    /// The plan with what each operator did (`--analyze`, EXPLAIN ANALYZE).
    public func analyzed() -> String { Explainer.analyzed(outcome.graph, outcome, baseDirectory: baseDirectory) }
}

/// The rows one printed query produced.
public struct QueryResult {
    public let set: ResultSet
    let sink: CollectSink

    /// Rows received (changes, for a changelog).
    public var changeCount: Int { sink.kinds.count }

    /// The rows as an aligned table with a row count; a changelog's rows with their op.
    public func table() -> String {
        ResultFormatter.table(
            names: set.columns.names, types: set.columns.types, rows: sink.rows, kinds: set.changelog ? sink.kinds : nil)
    }
}
