#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads and writes for scripts, plans and checkpoints' small files.
public enum TextFile {
    public static func read(_ path: String) throws -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    public static func readBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileError(path: path, reason: "is a directory")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(fd, base, raw.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.fromErrno(path)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    public static func write(_ text: String, to path: String) throws {
        FileSystem.createParentDirectory(of: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        defer { close(fd) }
        guard FileSystem.writeAll(Array(text.utf8), to: fd) == 0 else { throw FileError.fromErrno(path) }
    }
}
