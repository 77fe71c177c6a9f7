import ArgumentParser
import EddyEngine

struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List the checkpoints and savepoints in a checkpoint folder.")

    @Argument(help: "The folder given to --checkpoint-dir.")
    var directory: String

    func run() throws {
        try CLIErrors.report {
            Terminal.out(try CheckpointFolder(directory: directory).listing())
        }
    }
}

struct SavepointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savepoint",
        abstract: "Ask the job running with this --checkpoint-dir to write a savepoint now.")

    @Argument(help: "The folder the running job checkpoints into.")
    var directory: String

    @Option(name: .long, parsing: .unconditional, help: "Seconds to wait for the savepoint.")
    var timeout: Int = 30

    func validate() throws {
        if timeout < 1 || timeout > 86_400 { throw ValidationError("--timeout must be between 1 and 86400 seconds") }
    }

    func run() throws {
        try CLIErrors.report {
            Terminal.out(try CheckpointFolder(directory: directory).requestSavepoint(timeoutSeconds: timeout) + "\n")
        }
    }
}
