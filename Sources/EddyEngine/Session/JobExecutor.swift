import EddyCore
import EddyRuntime

/// The rows of one bare SELECT as they are printed: its number in the script, its
/// columns, and whether it is a changelog.
public struct SelectOutput: Sendable {
    public var index: Int
    public var names: [String]
    public var types: [DataType]
    public var changelog: Bool
}

/// What a run produced: the rows of each bare SELECT, what was read and dropped, and
/// per-operator metrics.
public struct JobOutcome {
    public var selects: [(output: SelectOutput, sink: CollectSink)]
    public var summary: RunSummary
    public var graph: JobGraph
    public var metrics: [Int: OperatorMetrics]
}

/// Runs a JobGraph over its file sources: the same path for a script just compiled and
/// for a plan file.
public enum JobExecutor {
    public static func run(
        _ graph: JobGraph, batchSize: Int = 8192, measureTime: Bool = false, shouldStop: () -> Bool = { false },
        onSelectBatch: ((SelectOutput, Batch) -> Void)? = nil
    ) throws -> JobOutcome {
        try checkRunnable(graph)
        var selects: [(output: SelectOutput, sink: CollectSink)] = []
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(graph: graph) { spec, schema, changelog in
                switch spec.target {
                case .stdout(let index):
                    let sink = CollectSink(schema: schema)
                    let output = SelectOutput(index: index, names: schema.names, types: schema.types, changelog: changelog == .updates)
                    selects.append((output, sink))
                    if let onSelectBatch { sink.onBatch = { onSelectBatch(output, $0) } }
                    return sink
                case .file(let path, _):
                    return try JSONFileSink(path: path, names: schema.names, changelog: changelog == .updates)
                case .collect:
                    return CollectSink(schema: schema)
                }
            }
        } catch let e as PlanError {
            throw RunFailure("the plan cannot run: \(e.message)")
        } catch let e as FileError {
            throw RunFailure("cannot open a sink: \(e.description)")
        }
        pipeline.measureTime = measureTime
        let summary: RunSummary
        do {
            let runner = try JobRunner(pipeline: pipeline)
            summary = try runner.run(batchSize: batchSize, shouldStop: shouldStop)
        } catch let e as SourceError {
            throw RunFailure(e.message)
        } catch let e as FileError {
            throw RunFailure(e.description)
        }
        selects.sort { $0.output.index < $1.output.index }
        return JobOutcome(selects: selects, summary: summary, graph: graph, metrics: pipeline.metrics)
    }

    /// Every source of a job run from files needs a file connector.
    static func checkRunnable(_ graph: JobGraph) throws {
        for node in graph.nodes {
            if case .source(let s) = node.spec, s.connector == "none" {
                throw RunFailure(
                    "source '\(s.name)' has no connector: add WITH ('connector' = 'file', 'path' = '...', 'format' = 'json') to its CREATE SOURCE")
            }
        }
    }
}
