import ArgumentParser
import EddyEngine

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script (or a compiled plan): every query over its sources, to the end of the input.",
        discussion: """
            Rows of bare SELECT statements are printed; INSERT INTO and CREATE SINK ... write \
            to their sinks. A summary (events read, late events dropped, malformed lines \
            skipped) goes to stderr. SIGINT (Ctrl-C) or SIGTERM stops the run at the next \
            batch, after writing out what was produced.
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

    @Option(name: .long, help: "Replay from this event time on (2024-01-01T00:00:00 or epoch ms): earlier events are skipped.")
    var from: String?

    @Option(name: .long, help: "Replay up to this event time (exclusive): later events are skipped.")
    var until: String?

    @Option(name: .long, help: "max (the default), realtime, or a factor such as 10x: pace events by their event times.")
    var replaySpeed: String?

    @OptionGroup(title: "Checkpoints (exactly-once file sinks, recovery after a crash)")
    var checkpoints: CheckpointOptions

    func validate() throws {
        if (script == nil) == (plan == nil) {
            throw ValidationError("give a script, or a compiled plan with --plan (not both)")
        }
        if batchSize < 1 || batchSize > 1 << 20 { throw ValidationError("--batch-size must be between 1 and 1048576") }
        if let p = parallelism, p < 1 || p > Limits.maxParallelism {
            throw ValidationError("--parallelism must be between 1 and \(Limits.maxParallelism)")
        }
    }

    func run() throws {
        try CLIErrors.report {
            let job: Job
            if let plan {
                job = try Job.load(planFile: plan)
            } else if let script {
                let compiled = try CompiledScript(path: script)
                for text in compiled.printed { Terminal.out(text + "\n") }
                job = compiled.job
            } else {
                return
            }
            let printer = ResultPrinter(format: output.resolved, queryCount: job.printedQueryCount)
            var options = RunOptions()
            options.batchSize = batchSize
            options.parallelism = parallelism
            options.measureTime = analyze
            options.keepRows = output.resolved == .table
            options.checkpoints = checkpoints.settings
            options.replayFrom = from
            options.replayUntil = until
            options.replaySpeed = replaySpeed
            Interrupts.installStopRequests()
            // On a terminal, a bounded run shows where it is (rows printed there too would
            // scribble over it: then none).
            let progress = ProgressLine.wanted && !quiet && !job.isContinuous && (job.printedQueryCount == 0 || !Terminal.stdoutIsTerminal)
                ? ProgressLine() : nil
            let result = try job.run(
                options, stopRequested: { Interrupts.stopSignal != nil }, onRows: { printer.stream($0, $1) },
                onFlush: { Terminal.flush() }, onMessage: { Terminal.err("eddy: \($0)\n") },
                onProgress: progress.map { line in { line.show($0) } })
            progress?.clear()
            for m in result.checkpointMessages { Terminal.err("eddy: \(m)\n") }
            for query in result.results { printer.finish(query) }
            Terminal.flush()
            if analyze { Terminal.err(result.analyzed()) }
            if !quiet { Terminal.err(result.report) }
            if let signal = Interrupts.stopSignal {
                Terminal.err("eddy: stopped by \(Interrupts.name(of: signal)); what was read so far is written\n")
                throw ExitCode(128 + signal)
            }
        }
    }
}
