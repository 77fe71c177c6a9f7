import ArgumentParser
import EddyEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and type-check a script without running it.")

    @Argument(help: "The script to check.")
    var script: String

    func run() throws {
        try CLIErrors.report {
            let prepared = try ScriptRunner.prepare(path: script)
            // What `run` would refuse before reading anything, `check` refuses too.
            try JobExecutor.checkRunnable(try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings))
            let n = prepared.queries.count
            Terminal.out("\(script): ok · \(n) quer\(n == 1 ? "y" : "ies")\n")
        }
    }
}
