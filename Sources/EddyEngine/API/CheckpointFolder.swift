import EddyCore
import EddyRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of checkpoints seen from outside the job that writes it: what it holds
/// (`eddy checkpoints`) and a savepoint asked of the job running on it (`eddy savepoint`).
public struct CheckpointFolder: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The complete checkpoints and savepoints as a table, oldest first (a damaged one
    /// says why it is unusable).
    public func listing() throws -> String {
        guard Directory.isDirectory(directory) else { throw RunFailure("\(directory) is not a folder") }
        let entries = CheckpointStore(directory: directory).list()
        if entries.isEmpty { return "no complete checkpoints in \(directory)\n" }
        var rows: [[String]] = []
        for e in entries {
            guard let m = e.metadata else {
                rows.append([e.name, "-", "-", "-", "-", "unusable: \(e.problem ?? "")"])
                continue
            }
            let offsets = m.sources.sorted { $0.key < $1.key }.map { name, p in
                "\(name)@" + (p.file.map { FileSystem.fileName(of: $0) + ":" } ?? "") + Count.grouped(Int(p.byteOffset))
            }
            rows.append([
                e.name, Timestamps.format(m.createdAt), Count.grouped(Int(m.sizeBytes)) + " B", offsets.joined(separator: " "),
                "\(m.statefulNodes.count)", m.isSavepoint ? "savepoint" : "",
            ])
        }
        return PlainTable.render(headers: ["checkpoint", "taken (UTC)", "size", "source offsets", "stateful operators", ""], rows: rows)
    }

    /// Asks the job running on the folder for a savepoint and waits up to `timeoutSeconds`
    /// for it; the savepoint's folder. The request is a file in the folder, so it can
    /// reach no process but the one holding the folder's lock.
    public func requestSavepoint(timeoutSeconds: Int) throws -> String {
        let store = CheckpointStore(directory: directory)
        guard CheckpointFolderLock.holder(of: directory) != nil else {
            throw RunFailure("no job is running with --checkpoint-dir \(directory)")
        }
        let before = store.completed().filter { $0.hasPrefix("savepoint-") }
        try TextFile.write("requested by eddy savepoint (pid \(getpid()))\n", to: store.savepointRequestPath)
        for _ in 0..<(timeoutSeconds * 10) {
            usleep(100_000)
            if let made = store.completed().filter({ $0.hasPrefix("savepoint-") }).first(where: { !before.contains($0) }) {
                return "\(directory)/\(made)"
            }
        }
        unlink(store.savepointRequestPath)
        throw RunFailure("the job did not write a savepoint within \(timeoutSeconds) s")
    }
}
