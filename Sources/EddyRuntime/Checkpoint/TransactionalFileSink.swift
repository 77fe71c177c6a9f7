import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sink whose output becomes visible only when a checkpoint completes.
public protocol TransactionalSink: SinkWriter {
    var name: String { get }
    /// Makes the output since the last checkpoint durable in staging; what to commit.
    func preCommit() throws -> SinkCommit
    /// Publishes staged output once the checkpoint is complete.
    func commit(_ c: SinkCommit) throws
    /// The run is over and everything is committed.
    func finish()
    /// After a crash: makes the final output exactly what the checkpoint committed.
    func recover(_ c: SinkCommit) throws
}

/// An exactly-once JSON-lines file sink (two-phase commit): rows go to a staging file
/// beside the output (`<path>.pending`); when a checkpoint completes its staged bytes are
/// appended to the output and fsynced. Recovery cuts the output back to what the last
/// complete checkpoint committed (finishing that commit if the crash interrupted it), so
/// nothing is lost and nothing written twice.
public final class TransactionalFileSink: TransactionalSink {
    public let name: String
    public let path: String
    private let stagingPath: String
    private let staging: JSONFileSink

    public init(name: String, path: String, names: [String], changelog: Bool, fresh: Bool) throws {
        self.name = name
        self.path = path
        self.stagingPath = path + ".pending"
        FileSystem.createParentDirectory(of: path)
        if fresh || DurableFile.size(path) == nil {
            // A run from the beginning starts with an empty output.
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw FileError.fromErrno(path) }
            close(fd)
        }
        // Staging keeps what it holds until recovery has read it.
        staging = try JSONFileSink(path: stagingPath, names: names, changelog: changelog, append: true)
        if fresh { try staging.reset() }
    }

    public func write(_ batch: Batch) throws { try staging.write(batch) }

    /// Nothing is visible before a commit: flushing only moves rows to staging.
    public func flush() throws { try staging.flush() }

    public func preCommit() throws -> SinkCommit {
        try staging.flushAndSync()
        return SinkCommit(finalLength: DurableFile.size(path) ?? 0, stagedLength: DurableFile.size(stagingPath) ?? 0)
    }

    public func commit(_ c: SinkCommit) throws {
        try publish(c)
    }

    public func recover(_ c: SinkCommit) throws {
        try publish(c)
    }

    /// After the last commit of a finished run: the staging file is no longer needed.
    public func finish() {
        if DurableFile.size(stagingPath) == 0 { unlink(stagingPath) }
    }

    /// Makes the output `finalLength + stagedLength` bytes: already there (a commit that
    /// finished) or appended from staging; then empties staging.
    private func publish(_ c: SinkCommit) throws {
        let target = c.finalLength + c.stagedLength
        let current = DurableFile.size(path) ?? 0
        if current >= target {
            guard truncate(path, off_t(target)) == 0 else { throw FileError.fromErrno(path) }
        } else {
            guard truncate(path, off_t(c.finalLength)) == 0 else { throw FileError.fromErrno(path) }
            try appendStaged(c.stagedLength, at: c.finalLength)
        }
        try staging.reset()
    }

    /// Copies the first `length` staged bytes to the output's end inside the kernel
    /// (sendfile: no trip through this process's memory), then fsyncs the output.
    private func appendStaged(_ length: Int64, at offset: Int64) throws {
        guard length > 0 else { return }
        let input = open(stagingPath, O_RDONLY)
        guard input >= 0 else { throw FileError.fromErrno(stagingPath) }
        defer { close(input) }
        let output = open(path, O_WRONLY)
        guard output >= 0 else { throw FileError.fromErrno(path) }
        defer { close(output) }
        guard lseek(output, off_t(offset), SEEK_SET) == off_t(offset) else { throw FileError.fromErrno(path) }
        var copied: Int64 = 0
        var inputOffset: off_t = 0
        while copied < length {
            let n = sendfile(output, input, &inputOffset, Int(length - copied))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw n == 0
                    ? FileError(path: stagingPath, reason: "holds fewer bytes than the checkpoint staged (\(length))")
                    : FileError.fromErrno(path)
            }
            copied += Int64(n)
        }
        guard fsync(output) == 0 else { throw FileError.fromErrno(path) }
    }
}
