import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that survive a crash: written to a temporary name, fsynced, renamed over the
/// final name, and the folder fsynced, so a reader sees the old file or the whole new one.
/// Each checkpoint file carries a magic number, a format version, the name of the place it
/// belongs to (`chk-000007/op-3`), its length and an FNV checksum over that name and the
/// payload: a truncated or corrupted file is detected, never half-read, and so is a file
/// copied in from another checkpoint or another operator.
public enum DurableFile {
    static let magic: [UInt8] = Array("EDDYCKPT".utf8)
    public static let formatVersion: UInt8 = 3
    /// The version before files named the place they belong to; still read.
    static let unboundVersion: UInt8 = 2

    /// Writes `payload` framed with magic, version, binding, length and checksum, atomically.
    public static func writeFramed(_ payload: [UInt8], to path: String, binding: String) throws {
        var bytes = magic
        bytes.append(formatVersion)
        var header = StateWriter()
        header.writeString(binding)
        header.writeUInt(UInt64(payload.count))
        header.writeUInt(checksum(binding: binding, payload))
        bytes += header.bytes
        bytes += payload
        try writeAtomically(bytes, to: path)
    }

    private static func checksum(binding: String, _ payload: [UInt8]) -> UInt64 {
        StableHash.fnv1a(Array(binding.utf8) + [0] + payload)
    }

    /// Reads a framed file, checking magic, version, binding, length and checksum.
    public static func readFramed(_ path: String, binding: String) throws -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try TextFile.readBytes(path)
        } catch {
            throw StateFormatError("\(path): \(error)")
        }
        guard bytes.count > magic.count + 1, Array(bytes[0..<magic.count]) == magic else {
            throw StateFormatError("\(path) is not an Eddy checkpoint file")
        }
        let version = bytes[magic.count]
        guard version == formatVersion || version == unboundVersion else {
            throw StateFormatError("\(path) has checkpoint format \(version); this eddy reads \(unboundVersion) and \(formatVersion)")
        }
        var r = StateReader(Array(bytes[(magic.count + 1)...]))
        let found = version == formatVersion ? try r.readString() : nil
        let length = try r.readUInt()
        let sum = try r.readUInt()
        let start = magic.count + 1 + r.position
        guard UInt64(bytes.count - start) == length else {
            throw StateFormatError("\(path) is truncated (\(bytes.count - start) of \(length) bytes)")
        }
        let payload = Array(bytes[start...])
        if let found {
            guard checksum(binding: found, payload) == sum else { throw StateFormatError("\(path) is corrupted (checksum mismatch)") }
            guard found == binding else {
                throw StateFormatError("\(path) belongs to \(found), not to \(binding) (copied from elsewhere?)")
            }
        } else {
            guard StableHash.fnv1a(payload) == sum else { throw StateFormatError("\(path) is corrupted (checksum mismatch)") }
        }
        return payload
    }

    /// Temporary name, write, fsync, rename, fsync the folder.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = path + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError.fromErrno(temp) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + written, raw.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                close(fd)
                throw FileError.fromErrno(temp)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            close(fd)
            throw FileError.fromErrno(temp)
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw FileError.fromErrno(path) }
        syncDirectory(of: path)
    }

    /// fsync a file's folder, so a rename in it is durable.
    public static func syncDirectory(of path: String) {
        let folder = FileSystem.folder(of: path)
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// The size of a file in bytes, or nil if it does not exist.
    public static func size(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    /// Removes a folder and the files in it (checkpoints older than the retained ones).
    public static func removeFolder(_ path: String) {
        for name in Directory.list(path) { unlink(path + "/" + name) }
        rmdir(path)
    }
}
