import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a sink's rows to a JSON-lines file, each row an object with the sink's column
/// names (and `op` for a changelog). Rows are buffered and written in large blocks.
public final class JSONFileSink: SinkWriter {
    public let path: String
    private let fd: Int32
    private let encoder: JSONRowEncoder
    private let changelog: Bool
    private var buffer: [UInt8] = []
    public private(set) var rowsWritten = 0

    /// Opens (and by default truncates) the file, creating its folder if needed.
    public init(path: String, names: [String], changelog: Bool, append: Bool = false) throws {
        self.path = path
        FileSystem.createParentDirectory(of: path)
        let flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)  // staging resets with ftruncate + lseek
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        self.fd = fd
        self.encoder = JSONRowEncoder(names: names)
        self.changelog = changelog
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        try? writeBuffer()
        close(fd)
    }

    public func write(_ batch: Batch) throws {
        encoder.append(batch, changelog: changelog, to: &buffer)
        rowsWritten += batch.count
        if buffer.count >= 1 << 20 { try writeBuffer() }
    }

    public func flush() throws {
        try writeBuffer()
    }

    /// Writes what is buffered and makes it durable (fsync).
    public func flushAndSync() throws {
        try writeBuffer()
        guard fsync(fd) == 0 else { throw FileError.fromErrno(path) }
    }

    /// Empties the file (staging after a commit).
    public func reset() throws {
        buffer.removeAll(keepingCapacity: true)
        guard ftruncate(fd, 0) == 0 else { throw FileError.fromErrno(path) }
        lseek(fd, 0, SEEK_SET)
    }

    private func writeBuffer() throws {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, raw.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.fromErrno(path)
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
