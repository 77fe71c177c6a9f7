import EddyConnectors
import EddyCore
import EddyRuntime

/// What a run produced: the rows of each bare SELECT, what was read and dropped, and
/// per-operator metrics.
public struct JobOutcome {
    public var selects: [(output: ResultSet, sink: CollectSink)]
    public var summary: RunSummary
    public var graph: JobGraph
    public var metrics: [Int: OperatorMetrics]
    /// What checkpointing did: recovered from, warnings, savepoints.
    public var checkpointMessages: [String] = []
    /// How many of `checkpointMessages` came during the run (after those given to
    /// `onMessage` at the start).
    public var laterMessages = 0
    public var checkpointsTaken = 0
    /// Per sink (not the printed queries): rows written and their latency.
    public var sinks: [SinkReport] = []
}

/// Runs a JobGraph over its file sources: the same path for a script just compiled and
/// for a plan file.
public enum JobExecutor {
    /// Runs a job to the end of its input (or until `shouldStop`), on `parallelism`
    /// worker threads, with checkpoints if `checkpointing` is given. Rows of bare SELECTs
    /// go to `onSelectBatch` as they are produced; `onSelectFlush` says when to show them
    /// (the job caught up with a followed log, stopped or ended).
    public static func run(
        _ graph: JobGraph, batchSize: Int = 8192, parallelism: Int = 1, readStripeBytes: Int64? = nil, measureTime: Bool = false,
        keepRows: Bool = true,
        shouldStop: () -> Bool = { false }, onSelectBatch: ((ResultSet, Batch) -> Void)? = nil,
        onSelectFlush: (() -> Void)? = nil, replay: ReplayControl = .none, onProgress: ((RunProgress) -> Void)? = nil,
        checkpointing: CheckpointConfig? = nil, onMessage: (String) -> Void = { _ in }
    ) throws -> JobOutcome {
        try checkRunnable(graph)
        let coordinator: CheckpointCoordinator?
        let recovered: CheckpointSnapshot?
        do {
            coordinator = try checkpointing.map { try CheckpointCoordinator(config: $0) }
            recovered = try coordinator?.checkpointToRecover()
            try recovered?.checkFiles(of: graph)
        } catch let e as CheckpointMismatch {
            throw RunFailure(e.message)
        } catch let e as CheckpointFolderError {
            throw RunFailure(e.message)
        }
        coordinator?.messages.forEach(onMessage)  // recovery news, before the run
        let startMessageCount = coordinator?.messages.count ?? 0
        var selects: [(output: ResultSet, sink: CollectSink)] = []
        let latencies = SinkLatencies()
        let sinks: SinkFactory = { spec, schema, changelog in
            switch spec.target {
            case .stdout(let index):
                let sink = CollectSink(schema: schema, keepsRows: keepRows)
                let output = ResultSet(
                    index: index, columns: ResultColumns(names: schema.names, types: schema.types), changelog: changelog == .updates)
                selects.append((output, sink))
                if let onSelectBatch { sink.onBatch = { onSelectBatch(output, $0) } }
                sink.onFlush = onSelectFlush
                return sink
            case .file(let path, let format):
                let rows = FileRowFormat(format: format, csv: spec.csv)
                if coordinator != nil {
                    return try TransactionalFileSink(
                        name: spec.name, path: path, names: schema.names, changelog: changelog == .updates, fresh: recovered == nil,
                        format: rows)
                }
                return try FileSink(path: path, names: schema.names, changelog: changelog == .updates, format: rows)
            case .collect:
                return CollectSink(schema: schema)
            case .database(let table):
                return try DatabaseSinks.make(
                    table, name: spec.name, schema: schema, exactlyOnce: coordinator != nil, fresh: recovered == nil)
            }
        }
        do {
            let summary: RunSummary
            let pipelines: [Pipeline]
            if parallelism > 1 {
                let runner = try ParallelRunner(
                    graph: graph, workers: parallelism, sinks: sinks, recovered: recovered, replay: replay, readStripeBytes: readStripeBytes)
                pipelines = runner.pipelines
                pipelines.forEach { $0.measureTime = measureTime }
                for p in pipelines { p.latencyRecorder = latencies.record }
                try recoverSinks(pipelines[0], recovered)
                summary = try runner.run(batchSize: batchSize, shouldStop: shouldStop, checkpoints: coordinator)
                try coordinator?.take(pipelines: pipelines, positions: runner.positions, savepoint: coordinator?.config.savepointOnExit ?? false)
            } else {
                let pipeline = try Pipeline(graph: graph, sinks: sinks, sideFiles: SideFiles(fresh: recovered == nil))
                pipelines = [pipeline]
                pipeline.measureTime = measureTime
                pipeline.latencyRecorder = latencies.record
                if let recovered {
                    try pipeline.restoreState(progress: recovered.metadata.progress, operators: recovered.operators.mapValues { $0.share(worker: 0, of: 1) })
                }
                try recoverSinks(pipeline, recovered)
                let runner = try JobRunner(pipeline: pipeline, positions: recovered?.metadata.sources ?? [:], replay: replay)
                var lastProgress = 0.0
                summary = try runner.run(batchSize: batchSize, shouldStop: shouldStop) {
                    try coordinator?.tick(pipeline: pipeline, positions: runner.positions)
                    if let onProgress, JobRunner.seconds() - lastProgress >= 0.25 {
                        lastProgress = JobRunner.seconds()
                        onProgress(runner.progress())
                    }
                }
                // The end (or a stop): a last checkpoint commits everything written.
                try coordinator?.take(pipelines: pipelines, positions: runner.positions, savepoint: coordinator?.config.savepointOnExit ?? false)
            }
            if coordinator != nil && pipelines.allSatisfy(\.allSourcesEnded) {
                for sink in pipelines[0].transactionalSinks { try sink.finish() }
            }
            selects.sort { $0.output.index < $1.output.index }
            var metrics: [Int: OperatorMetrics] = [:]
            for p in pipelines {
                for (id, m) in p.metrics { metrics[id] = metrics[id].map { $0.adding(m) } ?? m }
            }
            var outcome = JobOutcome(selects: selects, summary: summary, graph: graph, metrics: metrics)
            outcome.checkpointMessages = coordinator?.messages ?? []
            outcome.laterMessages = outcome.checkpointMessages.count - startMessageCount
            outcome.checkpointsTaken = coordinator?.checkpointsTaken ?? 0
            let printed = Set(selects.map { "query \($0.output.index)" })
            outcome.sinks = latencies.reports().filter { !printed.contains($0.name) }
            return outcome
        } catch let e as PlanError {
            throw RunFailure("the plan cannot run: \(e.message)")
        } catch let e as SourceError {
            throw RunFailure(e.message)
        } catch let e as FileError {
            throw RunFailure(e.description)
        } catch let e as StateFormatError {
            throw RunFailure("checkpoint failed: \(e.message)")
        }
    }

    /// Cuts each transactional sink back to what the recovered checkpoint committed.
    private static func recoverSinks(_ pipeline: Pipeline, _ recovered: CheckpointSnapshot?) throws {
        guard let recovered else { return }
        for sink in pipeline.transactionalSinks {
            guard let commit = recovered.metadata.sinks[sink.name] else {
                throw RunFailure("checkpoint \(recovered.metadata.id) has nothing for sink '\(sink.name)'")
            }
            try sink.recover(commit)
        }
    }

    /// Every source of a job run from files needs a file connector.
    public static func checkRunnable(_ graph: JobGraph) throws {
        for node in graph.nodes {
            if case .source(let s) = node.spec, s.connector == "none" {
                throw RunFailure(
                    "source '\(s.name)' has no connector: add WITH ('connector' = 'file', 'path' = '...', 'format' = 'json') to its CREATE SOURCE")
            }
        }
    }
}
