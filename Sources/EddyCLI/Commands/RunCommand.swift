import ArgumentParser
import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script (or a compiled plan): every query over its sources, to the end of the input.",
        discussion: """
            Rows of bare SELECT statements are printed; INSERT INTO and CREATE SINK ... write \
            to their sinks. A summary (events read, late events dropped, malformed lines \
            skipped) goes to stderr.
            """)

    @Argument(help: "The script to run (a .sql file).")
    var script: String?

    @Option(name: .long, help: "Run a plan written by `eddy compile` instead of a script.")
    var plan: String?

    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: "Records per batch read from a source.")
    var batchSize: Int = 8192

    @Option(name: .long, parsing: .unconditional, help: "Worker threads: keyed state is split among them by key group (default: the script's SET 'parallelism', else 1; the setting also plans two-phase aggregation).")
    var parallelism: Int?

    @Flag(name: .shortAndLong, help: "Print no summary on stderr.")
    var quiet = false

    @Flag(name: .long, help: "After the run, print the plan with each operator's rows, time, peak state and late rows (stderr).")
    var analyze = false

    @OptionGroup(title: "Checkpoints (exactly-once file sinks, recovery after a crash)")
    var checkpoints: CheckpointOptions

    static func folder(_ path: String) -> String {
        FileSystem.folder(of: path)
    }

    func validate() throws {
        if (script == nil) == (plan == nil) {
            throw ValidationError("give a script, or a compiled plan with --plan (not both)")
        }
        if batchSize < 1 || batchSize > 1 << 20 { throw ValidationError("--batch-size must be between 1 and 1048576") }
        if let p = parallelism, p < 1 || p > JobSettings.maxParallelism {
            throw ValidationError("--parallelism must be between 1 and \(JobSettings.maxParallelism)")
        }
    }

    func run() throws {
        try CLIErrors.report {
            let graph: EddyCore.JobGraph
            if let plan {
                graph = try PlanFile.read(path: plan)
            } else if let script {
                let prepared = try ScriptRunner.prepare(path: script)
                for item in prepared.items {
                    if case .text(let t) = item { Terminal.out(t + "\n") }
                }
                graph = try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings)
            } else {
                return
            }
            let selectCount = graph.nodes.filter { if case .sink(let s) = $0.spec, case .stdout = s.target { return true } else { return false } }.count
            let printer = ResultPrinter(format: output.resolved, queryCount: selectCount)
            let checkpointing = try checkpoints.config(for: graph, base: script.map(Self.folder) ?? ".")
            Interrupts.installStopRequests()
            let outcome = try JobExecutor.run(
                graph, batchSize: batchSize, parallelism: parallelism ?? PhysicalPlanner.parallelism(graph.settings), measureTime: analyze, shouldStop: { Interrupts.stopSignal != nil },
                onSelectBatch: { printer.stream($0, $1) }, onSelectFlush: { Terminal.flush() }, checkpointing: checkpointing,
                onMessage: { Terminal.err("eddy: \($0)\n") })
            for m in outcome.checkpointMessages.suffix(outcome.laterMessages) { Terminal.err("eddy: \(m)\n") }
            for (o, sink) in outcome.selects { printer.finish(o, sink) }
            Terminal.flush()
            if analyze { Terminal.err(Explainer.analyzed(graph, outcome, baseDirectory: script.map(Self.folder) ?? "")) }
            if !quiet { Terminal.err(RunReport.render(outcome.summary)) }
            if let signal = Interrupts.stopSignal {
                Terminal.err("eddy: stopped by \(Interrupts.name(of: signal)); what was read so far is written\n")
                throw ExitCode(128 + signal)
            }
        }
    }
}
