import ArgumentParser
import EddyEngine

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run streaming sqllogictest files (statements, events, watermarks, expected rows).")

    @Argument(help: "Test files (.slt) or folders of them.")
    var files: [String]

    @Flag(name: .long, help: "Rewrite each file's expected blocks with the actual output.")
    var complete = false

    @Flag(name: .long, help: "Also run each file with a checkpoint, a crash and a restart after every input and statement.")
    var chaos = false

    func run() throws {
        defer { Terminal.flush() }
        var failures = 0
        var total = 0
        let paths = ConformanceFiles.expand(files)
        guard !paths.isEmpty else {
            Terminal.err("error: no test files (.slt) in \(files.joined(separator: ", "))\n")
            throw ExitCode.failure
        }
        for path in paths {
            var result = ConformanceRunner.runFile(path: path, complete: complete)
            if chaos && !complete {
                result.failures += ConformanceRunner.runFile(path: path, chaos: true).failures
            }
            total += result.recordCount
            failures += result.failures.count
            for f in result.failures { Terminal.err(f.render() + "\n") }
            Terminal.out("\(result.failures.isEmpty ? "ok  " : "FAIL") \(path) (\(result.recordCount) records)\n")
        }
        Terminal.out("\(total) records, \(failures) failure\(failures == 1 ? "" : "s")\n")
        if failures > 0 { throw ExitCode.failure }
    }
}
