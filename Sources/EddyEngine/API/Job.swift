import EddyCore
import EddyPlanner
import EddyRuntime

/// A compiled job: the optimized operator DAG of a script (or of a plan file), what
/// `eddy run` runs, `eddy explain` shows and `eddy compile` writes. The one thing the
/// command line hands to the engine to run.
public struct Job: Sendable {
    let graph: JobGraph
    /// The folder that relative paths are shown against in plans.
    let baseDirectory: String

    init(graph: JobGraph, baseDirectory: String) {
        self.graph = graph
        self.baseDirectory = baseDirectory
    }

    /// Reads a plan written by `eddy compile`, refusing another format version or a
    /// damaged file.
    public static func load(planFile path: String) throws -> Job {
        Job(graph: try PlanFile.read(path: path), baseDirectory: "")
    }

    /// The plan file's text (versioned JSON).
    public func planFile() throws -> String { try PlanFile.encode(graph) }

    public var operatorCount: Int { graph.nodes.count }

    /// How many bare SELECTs print their rows.
    public var printedQueryCount: Int {
        graph.nodes.filter { if case .sink(let s) = $0.spec, case .stdout = s.target { true } else { false } }.count
    }

    /// A job that follows a file never ends by itself.
    public var isContinuous: Bool {
        graph.nodes.contains { if case .source(let s) = $0.spec { s.follow } else { false } }
    }

    /// Whether a source reads standard input.
    public var readsStandardInput: Bool {
        graph.nodes.contains { if case .source(let s) = $0.spec { s.connector == "stdin" } else { false } }
    }

    /// The workers the script asks for (`SET 'parallelism'`), 1 if it does not.
    public var plannedParallelism: Int { PhysicalPlanner.parallelism(graph.settings) }

    /// The plan as text (a tree per sink) or for Graphviz.
    public func explain(_ format: PlanFormat) -> String {
        switch format {
        case .text: return PhysicalExplain(graph: graph, baseDirectory: baseDirectory).render()
        case .dot: return DotExplain(graph: graph, baseDirectory: baseDirectory).render()
        }
    }

    /// Refuses what cannot run before anything is read (a source without a connector).
    public func checkRunnable() throws { try JobExecutor.checkRunnable(graph) }

    /// Runs the job to the end of its input, or until `stopRequested` (polled between
    /// batches). Rows of bare SELECTs go to `onRows` as they are produced, and `onFlush`
    /// says when to show them (the job caught up with a followed log, stopped or ended);
    /// `onMessage` gets recovery news before the run starts.
    public func run(
        _ options: RunOptions, stopRequested: @escaping () -> Bool = { false },
        onRows: ((ResultSet, ResultBatch) -> Void)? = nil, onFlush: (() -> Void)? = nil,
        onMessage: (String) -> Void = { _ in }, onProgress: ((Progress) -> Void)? = nil
    ) throws -> RunResult {
        let checkpointing = try options.checkpoints.map { try $0.config(for: graph) }
        let replay = try options.replay()
        let outcome = try JobExecutor.run(
            graph, batchSize: options.batchSize, parallelism: options.parallelism ?? plannedParallelism,
            readStripeBytes: options.readStripeBytes, measureTime: options.measureTime, keepRows: options.keepRows, shouldStop: stopRequested,
            onSelectBatch: onRows.map { receive in { output, batch in receive(output, ResultBatch(batch)) } },
            onSelectFlush: onFlush, replay: replay, onProgress: onProgress.map { report in { report(Progress($0)) } },
            checkpointing: checkpointing, onMessage: onMessage)
        return RunResult(outcome: outcome, baseDirectory: baseDirectory)
    }
}

/// How a plan is shown: a tree per sink, or a DAG for Graphviz's `dot`.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text, dot
}

/// How a job runs.
public struct RunOptions: Sendable {
    /// Records per batch read from a source (the watermark moves after each batch).
    public var batchSize = 8192
    /// Worker threads; nil: the script's `SET 'parallelism'`, else 1.
    public var parallelism: Int?
    /// Time each operator (`--analyze`, EXPLAIN ANALYZE).
    public var measureTime = false
    /// With several workers, the size of the stripes a log is split into so that every
    /// worker reads a share of it (nil: 4 MiB; tests make them small).
    public var readStripeBytes: Int64?
    /// Keep every printed row for `RunResult.results` (a table needs them all); a host
    /// that streams rows as they come leaves it off, and nothing is held in memory.
    public var keepRows = true
    /// Checkpoints and exactly-once sinks, if wanted.
    public var checkpoints: CheckpointSettings?
    /// Replay of a recorded log (`--from`, `--until`: timestamps; `--replay-speed`: `max`,
    /// `realtime`, or a factor such as `10x`); checked when the job runs.
    public var replayFrom: String?
    public var replayUntil: String?
    public var replaySpeed: String?

    public init() {}

    /// The replay these options ask for, or what is wrong with them.
    func replay() throws -> ReplayControl {
        func time(_ text: String?, _ flag: String) throws -> Int64? {
            guard let text else { return nil }
            guard let ms = Timestamps.parse(text.trimmingWhitespace()) ?? Int64(text.trimmingWhitespace()), Timestamps.isInRange(ms) else {
                throw RunFailure("\(flag): '\(text)' is not a timestamp (write 2024-01-01T00:00:00 or epoch milliseconds)")
            }
            return ms
        }
        var control = ReplayControl(from: try time(replayFrom, "--from"), until: try time(replayUntil, "--until"))
        if let from = control.from, let until = control.until, from >= until {
            throw RunFailure("--from must come before --until")
        }
        if let text = replaySpeed?.trimmingWhitespace().lowercased(), text != "max" {
            let factor = text == "realtime" ? "1" : text.hasSuffix("x") ? String(text.dropLast()) : text
            guard let speed = Double(factor), speed.isFinite, speed > 0 else {
                throw RunFailure("--replay-speed: '\(replaySpeed ?? "")' is not a speed (write max, realtime, or a factor such as 10x)")
            }
            control.speed = speed
        }
        return control
    }
}
