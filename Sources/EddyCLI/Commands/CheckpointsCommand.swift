import ArgumentParser
import EddyEngine
import EddyRuntime
import EddyCore

#if canImport(Glibc)
    import Glibc
#endif

struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List the checkpoints and savepoints in a checkpoint folder.")

    @Argument(help: "The folder given to --checkpoint-dir.")
    var directory: String

    func run() throws {
        try CLIErrors.report {
            guard Directory.isDirectory(directory) else { throw RunFailure("\(directory) is not a folder") }
            let store = CheckpointStore(directory: directory)
            let entries = store.list()
            if entries.isEmpty {
                Terminal.out("no complete checkpoints in \(directory)\n")
                return
            }
            var rows: [[String]] = []
            for e in entries {
                guard let m = e.metadata else {
                    rows.append([e.name, "-", "-", "-", "-", "unusable: \(e.problem ?? "")"])
                    continue
                }
                let offsets = m.sources.sorted { $0.key < $1.key }.map { "\($0.key)@\(Count.grouped(Int($0.value.byteOffset)))" }
                rows.append([
                    e.name, Timestamps.format(m.createdAt), Count.grouped(Int(m.sizeBytes)) + " B", offsets.joined(separator: " "),
                    "\(m.statefulNodes.count)", m.isSavepoint ? "savepoint" : "",
                ])
            }
            Terminal.out(PlainTable.render(headers: ["checkpoint", "taken (UTC)", "size", "source offsets", "stateful operators", ""], rows: rows))
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
            let store = CheckpointStore(directory: directory)
            guard CheckpointFolderLock.holder(of: directory) != nil else {
                throw RunFailure("no job is running with --checkpoint-dir \(directory)")
            }
            let before = store.completed().filter { $0.hasPrefix("savepoint-") }
            try TextFile.write("requested by eddy savepoint (pid \(getpid()))\n", to: store.savepointRequestPath)
            for _ in 0..<(timeout * 10) {
                usleep(100_000)
                if let made = store.completed().filter({ $0.hasPrefix("savepoint-") }).first(where: { !before.contains($0) }) {
                    Terminal.out("\(directory)/\(made)\n")
                    return
                }
            }
            unlink(store.savepointRequestPath)
            throw RunFailure("the job did not write a savepoint within \(timeout) s")
        }
    }
}
