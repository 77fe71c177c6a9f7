import EddyCore
import ArgumentParser
import EddyEngine
import EddyRuntime

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a script into an optimized plan file, runnable later with `eddy run --plan`.")

    @Argument(help: "The script to compile.")
    var script: String

    @Option(name: .shortAndLong, help: "Where to write the plan (JSON). Default: stdout.")
    var output: String?

    func run() throws {
        try CLIErrors.report {
            let prepared = try ScriptRunner.prepare(path: script)
            let graph = try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings)
            let text = try PlanFile.encode(graph)
            if let output {
                let folder = FileSystem.folder(of: output)
                guard Directory.isDirectory(folder) else {
                    throw RunFailure("cannot write \(output): the folder \(folder) does not exist")
                }
                try TextFile.write(text, to: output)
                Terminal.err("eddy: wrote \(output) (\(graph.nodes.count) operators)\n")
            } else {
                Terminal.out(text)
            }
        }
    }
}
