import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A checkpoint records positions in files it does not own: how far each source had read,
/// how long each sink's output was. Before a job resumes from it, those files must still
/// be what the checkpoint saw; otherwise resuming would read from the wrong place or write
/// over a hole, so the recovery is refused, saying what changed, and nothing is written.
extension CheckpointSnapshot {
    /// How many bytes before a source's read position are fingerprinted.
    static let tailLength = 4096

    /// A fingerprint of the bytes just before `offset` in `path` (nil if unreadable).
    static func tailFingerprint(path: String, offset: Int64) -> UInt64? {
        let start = max(0, offset - Int64(tailLength))
        let count = Int(offset - start)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
        guard n == count else { return nil }
        return StableHash.fnv1a(bytes)
    }

    /// Checks the sources and file sinks of `graph` against what this checkpoint recorded.
    public func checkFiles(of graph: JobGraph) throws {
        let id = metadata.id
        for node in graph.nodes {
            switch node.spec {
            case .source(let source):
                guard let position = metadata.sources[source.name], position.byteOffset > 0 else { continue }
                let offset = position.byteOffset
                guard source.connector != "stdin" else {
                    throw CheckpointMismatch(
                        message: "source '\(source.name)' reads standard input, which cannot be read again from byte \(offset): "
                            + "run without --recover to start over")
                }
                guard source.connector == "file" else { continue }  // generated rows resume by number
                let path = position.file ?? source.path
                // A compressed file's offsets count uncompressed bytes: it is checked as
                // it is read again.
                guard !path.hasSuffix(".gz") else { continue }
                let fix = "restore the log as it was, or run without --recover to start over"
                guard let size = DurableFile.size(path) else {
                    throw CheckpointMismatch(message: "source '\(source.name)': \(path) is missing, but checkpoint \(id) had read \(offset) bytes of it; \(fix)")
                }
                guard size >= offset else {
                    throw CheckpointMismatch(
                        message: "source '\(source.name)': \(path) holds \(size) bytes, but checkpoint \(id) had read \(offset): "
                            + "the log was truncated or replaced after the checkpoint; \(fix)")
                }
                if let expected = metadata.sourceTails[source.name], Self.tailFingerprint(path: path, offset: offset) != expected {
                    throw CheckpointMismatch(
                        message: "source '\(source.name)': the bytes of \(path) before byte \(offset) are not those checkpoint \(id) read: "
                            + "the log was rewritten or replaced after the checkpoint; \(fix)")
                }
            case .sink(let sink):
                guard case .file(let path, _) = sink.target, let commit = metadata.sinks[sink.name] else { continue }
                let size = DurableFile.size(path) ?? 0
                let committed = commit.finalLength + commit.stagedLength
                // A crash while the commit was being published leaves the output between
                // the two lengths, and the segment that completes it.
                let segment = DurableFile.size("\(path).pending.\(commit.segment)") ?? 0
                let publishing = size >= commit.finalLength && segment >= commit.stagedLength
                guard size >= committed || publishing else {
                    throw CheckpointMismatch(
                        message: "\(path) is shorter than checkpoint \(id) committed (\(size) < \(committed) bytes): "
                            + "it was changed after the checkpoint; restore it, or move it aside and run without --recover to start over")
                }
            default:
                continue
            }
        }
    }
}
