import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a file sink writes rows: JSON lines (an object a row, with an `op` field for a
/// changelog) or CSV (RFC 4180, a changelog's op first, a header line naming the columns
/// when asked).
public enum FileRowFormat: Sendable, Hashable {
    case json
    case csv(header: Bool)

    /// From a sink's format name and CSV options.
    public init(format: String, csv: CSVFormat?) {
        self = format == "csv" ? .csv(header: csv?.header ?? true) : .json
    }

    /// The first line of a new file: the CSV header, if any.
    func header(names: [String], changelog: Bool) -> [UInt8] {
        guard case .csv(true) = self else { return [] }
        let fields = (changelog ? ["op"] : []) + names
        return Array((fields.map(CSVText.field).joined(separator: ",") + "\n").utf8)
    }
}

/// Writes a sink's rows to a file, buffered and written in large blocks.
public final class FileSink: SinkWriter {
    public let path: String
    private let fd: Int32
    private let json: JSONRowEncoder?
    private let changelog: Bool
    private var buffer: [UInt8] = []
    public private(set) var rowsWritten = 0

    /// Opens (and by default truncates) the file, creating its folder if needed; a new or
    /// emptied file starts with the format's header (`header: false` leaves it out, for a
    /// staging file whose rows join a file that has one).
    public init(path: String, names: [String], changelog: Bool, format: FileRowFormat = .json, append: Bool = false, header: Bool = true) throws {
        self.path = path
        FileSystem.createParentDirectory(of: path)
        let flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)  // staging resets with ftruncate + lseek
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        self.fd = fd
        json = format == .json ? JSONRowEncoder(names: names) : nil
        self.changelog = changelog
        buffer.reserveCapacity(1 << 20)
        if header && (DurableFile.size(path) ?? 0) == 0 { buffer += format.header(names: names, changelog: changelog) }
    }

    deinit {
        try? writeBuffer()
        close(fd)
    }

    public func write(_ batch: Batch) throws {
        if let json { json.append(batch, changelog: changelog, to: &buffer) } else { CSVRowEncoder().append(batch, changelog: changelog, to: &buffer) }
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
        guard FileSystem.writeAll(buffer, to: fd) == 0 else { throw FileError.fromErrno(path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
