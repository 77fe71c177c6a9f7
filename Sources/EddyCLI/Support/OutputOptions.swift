import ArgumentParser
import EddyEngine

extension OutputFormat: ExpressibleByArgument {}

/// `--format`: a table on a terminal, JSON lines when piped, unless told otherwise.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "How to print query rows: table, json or csv (default: table on a terminal, json when piped).")
    var format: OutputFormat?

    var resolved: OutputFormat { format ?? (Terminal.stdoutIsTerminal ? .table : .json) }
}
