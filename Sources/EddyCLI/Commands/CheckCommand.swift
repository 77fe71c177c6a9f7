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
            let compiled = try CompiledScript(path: script)
            // What `run` would refuse before reading anything, `check` refuses too.
            try compiled.job.checkRunnable()
            let n = compiled.queryCount
            Terminal.out("\(script): ok · \(n) quer\(n == 1 ? "y" : "ies")\n")
        }
    }
}
