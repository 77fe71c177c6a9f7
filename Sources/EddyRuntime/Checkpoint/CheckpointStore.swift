import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of checkpoints: `chk-000007/` (or `savepoint-000008/`) each holding
/// `_metadata` and one `op-<node>` file per stateful operator, and a `MANIFEST` naming the
/// complete ones, newest last. A checkpoint is complete once the manifest names it (all its
/// files were fsynced before); the last `retain` checkpoints are kept, savepoints until
/// deleted.
public final class CheckpointStore {
    public let directory: String
    public var retain: Int

    /// A store over `directory`; writing needs the folder's lock (`CheckpointFolderLock`),
    /// reading does not.
    public init(directory: String, retain: Int = 3) {
        self.directory = directory
        self.retain = max(1, retain)
    }

    private var manifestPath: String { directory + "/MANIFEST" }

    /// The complete checkpoints' folder names, oldest first.
    public func completed() -> [String] { manifest().names }

    /// The manifest's checkpoint names, and how many of its lines name none (a damaged or
    /// foreign file: those lines are ignored, never echoed).
    private func manifest() -> (names: [String], damagedLines: Int) {
        guard let bytes = try? TextFile.readBytes(manifestPath) else { return ([], 0) }
        var names: [String] = [], damaged = 0
        for line in bytes.split(separator: 10) where !line.isEmpty {
            let text = String(decoding: line, as: UTF8.self)
            if Self.isCheckpointName(text) { names.append(text) } else { damaged += 1 }
        }
        return (names, damaged)
    }

    /// `chk-000007` or `savepoint-000008`.
    static func isCheckpointName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0] == "chk" || parts[0] == "savepoint" else { return false }
        return parts[1].count >= 6 && parts[1].allSatisfy { $0.isASCII && $0.isNumber } && Int(parts[1]) != nil
    }

    /// The id the next checkpoint gets.
    public func nextId() -> Int {
        let ids = completed().compactMap { name in Int(name.split(separator: "-").last ?? "") }
        return (ids.max() ?? 0) + 1
    }

    static func folderName(id: Int, savepoint: Bool) -> String {
        let digits = String(id)
        return (savepoint ? "savepoint-" : "chk-") + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Writes a checkpoint's files, then names it in the manifest (the commit point), then
    /// drops checkpoints beyond the retained number.
    public func write(_ snapshot: CheckpointSnapshot) throws {
        let name = Self.folderName(id: snapshot.metadata.id, savepoint: snapshot.metadata.isSavepoint)
        let folder = directory + "/" + name
        DurableFile.removeFolder(folder)  // what an interrupted attempt with this id left
        FileSystem.createDirectory(folder)
        for (node, state) in snapshot.operators {
            try DurableFile.writeFramed(state.encoded(), to: "\(folder)/op-\(node)", binding: "\(name)/op-\(node)")
        }
        try DurableFile.writeFramed(snapshot.metadata.encoded(), to: folder + "/_metadata", binding: name + "/_metadata")
        DurableFile.syncDirectory(of: folder + "/_metadata")
        var names = completed()
        names.append(name)
        // Keep savepoints, and the newest `retain` checkpoints.
        let checkpoints = names.filter { $0.hasPrefix("chk-") }
        let dropped = Set(checkpoints.dropLast(retain))
        let kept = names.filter { !dropped.contains($0) }
        try DurableFile.writeAtomically(Array((kept.joined(separator: "\n") + "\n").utf8), to: manifestPath)
        for old in dropped { DurableFile.removeFolder(directory + "/" + old) }
    }

    /// Reads one checkpoint, checking every file.
    public func read(_ name: String) throws -> CheckpointSnapshot {
        let folder = directory + "/" + name
        var metadata = try CheckpointMetadata.decode(try DurableFile.readFramed(folder + "/_metadata", binding: name + "/_metadata"))
        var operators: [Int: OperatorState] = [:]
        var size = DurableFile.size(folder + "/_metadata") ?? 0
        for node in metadata.statefulNodes {
            let path = "\(folder)/op-\(node)"
            operators[node] = try OperatorState.decode(try DurableFile.readFramed(path, binding: "\(name)/op-\(node)"))
            size += DurableFile.size(path) ?? 0
        }
        metadata.sizeBytes = size
        return CheckpointSnapshot(metadata: metadata, operators: operators)
    }

    /// The newest checkpoint that reads back whole, with a warning for each newer one that
    /// did not (truncated, corrupted, missing files).
    public func latestValid() -> (snapshot: CheckpointSnapshot?, warnings: [String]) {
        var warnings: [String] = []
        let damaged = manifest().damagedLines
        if damaged > 0 {
            warnings.append("\(manifestPath) has \(damaged) line\(damaged == 1 ? "" : "s") that name no checkpoint (damaged?); ignored")
        }
        for name in completed().reversed() {
            do {
                return (try read(name), warnings)
            } catch {
                warnings.append("checkpoint \(name) is unusable (\(error)); trying the one before")
            }
        }
        return (nil, warnings)
    }

    /// Metadata of every complete checkpoint, oldest first (for `eddy checkpoints`).
    public func list() -> [(name: String, metadata: CheckpointMetadata?, problem: String?)] {
        completed().map { name in
            do {
                return (name, try read(name).metadata, nil)
            } catch {
                return (name, nil, "\(error)")
            }
        }
    }

    /// Where `eddy savepoint` leaves its request for the running job: a file, not a
    /// signal, so that it can reach no other process.
    public var savepointRequestPath: String { directory + "/SAVEPOINT_REQUESTED" }
}
