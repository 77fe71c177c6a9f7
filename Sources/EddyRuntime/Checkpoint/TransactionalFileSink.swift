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
    /// Publishes staged output once the checkpoint is complete (it may finish later, in
    /// the background; the next `preCommit` or `finish` waits for it).
    func commit(_ c: SinkCommit) throws
    /// The run is over: waits for the last commit.
    func finish() throws
    /// After a crash: makes the final output exactly what the checkpoint committed.
    func recover(_ c: SinkCommit) throws
}

/// An exactly-once JSON-lines file sink (two-phase commit). Rows go to a staging file
/// beside the output (`<path>.pending`). At a checkpoint the staging file is made durable
/// and becomes segment n (`<path>.pending.n`), and a fresh one takes the rows that
/// follow. When the checkpoint is complete, a background thread appends the segment to
/// the output, fsyncs it and deletes the segment, while the job goes on. Recovery cuts
/// the output back to what the last complete checkpoint committed (finishing that commit
/// if the crash interrupted it) and drops every other segment: nothing is lost and
/// nothing written twice.
public final class TransactionalFileSink: TransactionalSink {
    public let name: String
    public let path: String
    private let stagingPath: String
    private let names: [String]
    private let changelog: Bool
    private var staging: FileSink
    private let format: FileRowFormat
    /// The output's length once every commit handed out so far is published.
    private var plannedLength: Int64
    private var nextSegment: Int64 = 1
    /// The commit being published in the background, if any.
    private var publishing: BackgroundTask?

    public init(name: String, path: String, names: [String], changelog: Bool, fresh: Bool, format: FileRowFormat = .json) throws {
        self.name = name
        self.format = format
        self.path = path
        self.stagingPath = path + ".pending"
        self.names = names
        self.changelog = changelog
        FileSystem.createParentDirectory(of: path)
        if fresh || DurableFile.size(path) == nil {
            // A run from the beginning starts with an empty output.
            // (with its header, if the format has one: committed from the start)
            try FileSink(path: path, names: names, changelog: changelog, format: format).flushAndSync()
        }
        plannedLength = DurableFile.size(path) ?? 0
        // Staging keeps what it holds until recovery has read it.
        staging = try FileSink(path: stagingPath, names: names, changelog: changelog, format: format, append: true, header: false)
        if fresh {
            try staging.reset()
            removeSegments()
        }
    }

    public func write(_ batch: Batch) throws { try staging.write(batch) }

    /// Nothing is visible before a commit: flushing only moves rows to staging.
    public func flush() throws { try staging.flush() }

    public func preCommit() throws -> SinkCommit {
        try staging.flushAndSync()
        try publishing?.wait()
        publishing = nil
        let staged = DurableFile.size(stagingPath) ?? 0
        let segment = nextSegment
        nextSegment += 1
        if staged > 0 {
            // The staged rows become the segment; new rows go to a fresh staging file.
            guard rename(stagingPath, segmentPath(segment)) == 0 else { throw FileError.fromErrno(stagingPath) }
            DurableFile.syncDirectory(of: stagingPath)
            staging = try FileSink(path: stagingPath, names: names, changelog: changelog, format: format, header: false)
        }
        let commit = SinkCommit(finalLength: plannedLength, stagedLength: staged, segment: segment)
        plannedLength += staged
        return commit
    }

    public func commit(_ c: SinkCommit) throws {
        guard c.stagedLength > 0 else { return }
        let path = self.path, segment = segmentPath(c.segment)
        publishing = BackgroundTask { try Self.publish(c, from: segment, to: path) }
    }

    public func recover(_ c: SinkCommit) throws {
        try Self.publish(c, from: segmentPath(c.segment), to: path)
        plannedLength = c.finalLength + c.stagedLength
        nextSegment = c.segment + 1
        // Rows staged after the checkpoint were never committed.
        removeSegments()
        try staging.reset()
    }

    /// After the last commit of a finished run: waits for it; staging is no longer needed.
    public func finish() throws {
        try publishing?.wait()
        publishing = nil
        if DurableFile.size(stagingPath) == 0 { unlink(stagingPath) }
    }

    private func segmentPath(_ n: Int64) -> String { "\(stagingPath).\(n)" }

    /// Deletes every staged segment (those of an earlier run, or of a checkpoint that
    /// never completed).
    private func removeSegments() {
        let folder = FileSystem.folder(of: stagingPath), base = FileSystem.fileName(of: stagingPath)
        for entry in Directory.list(folder) where entry.hasPrefix(base + ".") && Int64(entry.dropFirst(base.count + 1)) != nil {
            unlink(folder + "/" + entry)
        }
    }

    /// Makes the output `finalLength + stagedLength` bytes: already there (a commit that
    /// finished) or appended from the segment; then deletes the segment.
    private static func publish(_ c: SinkCommit, from segment: String, to path: String) throws {
        let target = c.finalLength + c.stagedLength
        let current = DurableFile.size(path) ?? 0
        if current >= target {
            guard truncate(path, off_t(target)) == 0 else { throw FileError.fromErrno(path) }
        } else {
            guard truncate(path, off_t(c.finalLength)) == 0 else { throw FileError.fromErrno(path) }
            try append(segment, c.stagedLength, to: path, at: c.finalLength)
        }
        unlink(segment)
    }

    /// Copies the first `length` bytes of `segment` to `path` at `offset` inside the
    /// kernel (sendfile: no trip through this process's memory), then fsyncs the output.
    private static func append(_ segment: String, _ length: Int64, to path: String, at offset: Int64) throws {
        guard length > 0 else { return }
        let input = open(segment, O_RDONLY)
        guard input >= 0 else { throw FileError.fromErrno(segment) }
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
                    ? FileError(path: segment, reason: "holds fewer bytes than the checkpoint staged (\(length))")
                    : FileError.fromErrno(path)
            }
            copied += Int64(n)
        }
        guard fsync(output) == 0 else { throw FileError.fromErrno(path) }
    }
}
