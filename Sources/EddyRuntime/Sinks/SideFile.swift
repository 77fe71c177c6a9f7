import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file beside a job's output that keeps what the job set aside — late events, the
/// malformed lines a source skipped — appended to by any of its operators and workers.
/// An append that fails stops the job: a row that was to be kept must not vanish.
public final class SideFile: @unchecked Sendable {
    // Safe to share: `fd` never changes, and every write holds `lock`.
    public let path: String
    private let fd: Int32
    private let lock = Lock()

    /// Opens `path` for appending (emptied first if `truncate`), creating its folder.
    init(path: String, truncate: Bool, keeps what: String) throws {
        self.path = path
        FileSystem.createParentDirectory(of: path)
        if Directory.isDirectory(path) {
            throw FileError(path: path, reason: "cannot keep \(what) there: it is a folder")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else {
            throw FileError(path: path, reason: "cannot keep \(what) there: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `bytes` whole (one write a record, so that writers never interleave inside
    /// one).
    func append(_ bytes: [UInt8]) throws {
        try lock.locked {
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return write(fd, base + written, raw.count - written)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError.fromErrno(path)
                }
                written += n
            }
        }
    }
}

/// The side files of one job: one writer a path, however many operators and workers use
/// it.
public final class SideFiles: @unchecked Sendable {
    // Safe to share: `files` is only touched while holding `lock`.
    private var files: [String: SideFile] = [:]
    private let lock = Lock()
    /// Whether late-event files start empty (a fresh run) or are added to (a recovery).
    public let fresh: Bool

    public init(fresh: Bool = true) { self.fresh = fresh }

    /// The file for late events at `path`.
    func lateEvents(_ path: String) throws -> SideFile {
        try file(path, truncate: fresh, keeps: "late events")
    }

    /// The file for a source's skipped lines at `path` (always added to).
    func deadLetters(_ path: String) throws -> SideFile {
        try file(path, truncate: false, keeps: "dead letters")
    }

    private func file(_ path: String, truncate: Bool, keeps what: String) throws -> SideFile {
        try lock.locked {
            if let open = files[path] { return open }
            let file = try SideFile(path: path, truncate: truncate, keeps: what)
            files[path] = file
            return file
        }
    }
}
