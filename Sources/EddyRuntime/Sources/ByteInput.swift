import CZlib
import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a source's bytes come from: a file, a gzip-compressed file, standard input. A
/// reader reads until it gets 0 (the end for now: a followed file may grow).
protocol ByteInput: AnyObject {
    /// Reads up to `count` bytes into `buffer`; 0 when nothing more is there now.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
}

/// Opens `path` for reading, refusing a folder.
private func openForReading(_ path: String) throws(FileError) -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError.fromErrno(path) }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
        close(fd)
        throw FileError(path: path, reason: "is a directory, not a file")
    }
    return fd
}

/// Reads all of `count` bytes or up to the end, retrying interrupted reads.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ path: String) throws -> Int {
    while true {
        let n = Glibc.read(fd, buffer, count)
        if n >= 0 { return n }
        if errno != EINTR { throw FileError.fromErrno(path) }
    }
}

/// A plain file, read from a byte offset, up to an end offset if given (one range of a
/// file split among readers).
final class FileInput: ByteInput {
    let path: String
    private let fd: Int32
    /// Bytes left before the end offset (nil: read to the end of the file).
    private var left: Int64?

    init(path: String, offset: Int64, end: Int64? = nil) throws {
        self.path = path
        left = end.map { max(0, $0 - offset) }
        fd = try openForReading(path)
        if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 {
            close(fd)
            throw FileError.fromErrno(path)
        }
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard let remaining = left else { return try readSome(fd, buffer, count, path) }
        let n = try readSome(fd, buffer, Int(min(Int64(count), remaining)), path)
        left = remaining - Int64(n)
        return n
    }

    /// Whether `path` now names another file than the one open (rotated away, as
    /// logrotate does, and a new one made), or the open file was truncated below `offset`
    /// (copytruncate).
    func wasReplaced(readUpTo offset: Int64) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0 else { return false }
        if stat(path, &named) != 0 { return false }  // gone, nothing new yet: keep the old one
        return open.st_ino != named.st_ino || open.st_dev != named.st_dev || Int64(open.st_size) < offset
    }
}

/// Standard input: read as it comes, never closed, never rewound.
final class StandardInput: ByteInput {
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        try readSome(0, buffer, count, "<stdin>")
    }
}

/// A gzip-compressed file (`.gz`), inflated as it is read; offsets count uncompressed
/// bytes, so resuming at one inflates from the start and skips up to it. Several gzip
/// members one after another (as `cat a.gz b.gz` makes) read as one stream.
final class GzipInput: ByteInput {
    let path: String
    private let fd: Int32
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var compressed = [UInt8](repeating: 0, count: 1 << 16)
    /// Compressed bytes read but not yet inflated: `compressed[pending..<available]`.
    private var pending = 0
    private var available = 0

    init(path: String, offset: Int64) throws {
        self.path = path
        fd = try openForReading(path)
        stream.initialize(to: z_stream())
        guard eddy_inflate_init(stream) == Z_OK else {
            close(fd)
            stream.deallocate()
            throw FileError(path: path, reason: "cannot start decompressing")
        }
        // Skip to the offset: inflate and drop.
        var toSkip = offset
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while toSkip > 0 {
            let n = try scratch.withUnsafeMutableBytes { raw throws -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try read(into: base, count: Int(min(Int64(raw.count), toSkip)))
            }
            guard n > 0 else { throw FileError(path: path, reason: "ends (uncompressed) before byte \(offset)") }
            toSkip -= Int64(n)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        close(fd)
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        while true {
            if pending == available {
                let n = try compressed.withUnsafeMutableBytes { raw throws -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return try readSome(fd, base, raw.count, path)
                }
                guard n > 0 else { return 0 }
                pending = 0
                available = n
            }
            let (produced, result) = compressed.withUnsafeMutableBufferPointer { input -> (Int, Int32) in
                guard let base = input.baseAddress else { return (0, Z_DATA_ERROR) }
                stream.pointee.next_in = base + pending
                stream.pointee.avail_in = UInt32(available - pending)
                stream.pointee.next_out = buffer.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(count)
                let r = inflate(stream, Z_NO_FLUSH)
                pending = available - Int(stream.pointee.avail_in)
                return (count - Int(stream.pointee.avail_out), r)
            }
            switch result {
            case Z_STREAM_END:
                inflateReset(stream)  // another member may follow
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
                throw FileError(path: path, reason: "is not a valid gzip file (\(detail))")
            }
            if produced > 0 { return produced }
        }
    }
}
