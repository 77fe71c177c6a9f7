import ArgumentParser
import EddyEngine

/// `eddy gen`: makes data sets for benchmarks and demos.
struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Generate benchmark data sets.",
        subcommands: [NexmarkGenCommand.self])
}

/// `eddy gen nexmark`: the Nexmark benchmark's persons, auctions and bids as JSON lines.
struct NexmarkGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nexmark",
        abstract: "Write the Nexmark persons, auctions and bids as JSON lines.",
        discussion: """
            Writes persons.jsonl, auctions.jsonl and bids.jsonl into the folder, following the \
            Nexmark generator's rules: 1 person : 3 auctions : 46 bids in every 50 events, \
            ids from 1000, hot sellers, bidders and auctions, log-uniform prices, channels and \
            URLs. Event times start at 2015-07-15 00:00:00 UTC and advance by 1/RATE s an \
            event. The same seed writes the same files. See benchmarks/nexmark/.
            """)

    @Option(help: "How many events to make (persons, auctions and bids together).")
    var events: Int64

    @Option(help: "The folder to write into (made if missing).")
    var out: String

    @Option(help: "The seed of every random choice.")
    var seed: UInt64 = 0

    @Option(help: "Events per second of event time.")
    var rate: Int = 10_000

    func validate() throws {
        let config = NexmarkConfig(events: events, seed: seed, eventsPerSecond: rate)
        if let problem = config.problem() { throw ValidationError(problem) }
        if out.isEmpty { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        try CLIErrors.report {
            let config = NexmarkConfig(events: events, seed: seed, eventsPerSecond: rate)
            let s = try NexmarkFiles.write(config, to: out)
            let tenths = (s.bytes * 10 + 524_288) / 1_048_576
            Terminal.err(
                "wrote \(s.persons) persons, \(s.auctions) auctions, \(s.bids) bids (\(tenths / 10).\(tenths % 10) MiB) "
                    + "into \(out) · event time \(NexmarkFiles.formatTime(s.firstTime)) to \(NexmarkFiles.formatTime(s.lastTime))\n")
        }
    }
}
