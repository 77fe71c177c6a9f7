import ArgumentParser
import EddyEngine

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the plan of every query of a script, as one job.",
        discussion: """
            text: a tree per sink naming columns, what each operator emits and the state it keeps. \
            dot: the whole DAG for Graphviz (eddy explain job.sql --format dot | dot -Tsvg > job.svg). \
            json: the compiled JobGraph.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot, json }

    @Argument(help: "The script to explain.")
    var script: String

    @Option(name: .long, help: "text, dot or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Also show the analyzed plan and what each optimizer rule changed.")
    var verbose = false

    @OptionGroup var target: TargetOptions

    func run() throws {
        try CLIErrors.report {
            if target.target == .flink {
                Terminal.out(try FlinkExport(path: script, options: try target.exportOptions()).text)
                return
            }
            let compiled = try CompiledScript(path: script)
            if format == .text {
                for text in compiled.printed { Terminal.out(text + "\n") }
                if verbose { Terminal.out(compiled.optimizerTrace()) }
            }
            switch format {
            case .text: Terminal.out(compiled.job.explain(.text))
            case .dot: Terminal.out(compiled.job.explain(.dot))
            case .json: Terminal.out(try compiled.job.planFile())
            }
        }
    }
}
