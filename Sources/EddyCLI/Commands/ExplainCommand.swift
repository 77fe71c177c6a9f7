import ArgumentParser
import EddyEngine
import EddyPlanner

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

    func run() throws {
        try CLIErrors.report {
            let prepared = try ScriptRunner.prepare(path: script)
            let settings = prepared.session.catalog.settings
            let base = prepared.session.catalog.baseDirectory
            if format == .text {
                for item in prepared.items {
                    if case .text(let t) = item { Terminal.out(t + "\n") }
                }
            }
            if verbose && format == .text {
                for q in prepared.queries {
                    let (_, steps) = Optimizer().optimizeWithTrace(q.plan)
                    Terminal.out("-- analyzed plan\n" + LogicalExplain.render(q.plan))
                    for step in steps { Terminal.out("-- after \(step.rule)\n" + LogicalExplain.render(step.after)) }
                    Terminal.out("\n")
                }
            }
            let graph = try JobCompiler.compile(prepared.queries, settings: settings)
            switch format {
            case .text: Terminal.out(PhysicalExplain(graph: graph, baseDirectory: base).render())
            case .dot: Terminal.out(DotExplain(graph: graph, baseDirectory: base).render())
            case .json: Terminal.out(try PlanFile.encode(graph))
            }
        }
    }
}
