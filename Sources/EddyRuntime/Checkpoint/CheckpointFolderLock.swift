import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A checkpoint folder that another job is using, or that cannot be used at all.
public struct CheckpointFolderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Makes one job the owner of a checkpoint folder: an advisory lock (`flock`) on its
/// `LOCK` file, held while the job runs and released by the kernel when the process ends,
/// however it ends (so a killed job leaves nothing stale behind). The file holds the
/// owner's process id, for messages only: nothing ever signals it.
public final class CheckpointFolderLock {
    private let fd: Int32

    static func path(in directory: String) -> String { directory + "/LOCK" }

    /// Takes the folder (creating it), or says which job holds it.
    public init(directory: String) throws {
        FileSystem.createDirectory(directory)
        guard Directory.isDirectory(directory) else {
            throw CheckpointFolderError(message: "cannot use checkpoint folder \(directory): it is not a folder and cannot be made one")
        }
        let path = Self.path(in: directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CheckpointFolderError(
                message: "cannot use checkpoint folder \(directory): \(String(cString: strerror(errno))) (it must be writable)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.recordedHolder(fd)
            close(fd)
            throw CheckpointFolderError(
                message: "checkpoint folder \(directory) is in use by another eddy job\(holder.map { " (pid \($0))" } ?? ""): "
                    + "stop it first, or give this job its own --checkpoint-dir")
        }
        self.fd = fd
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        // The folder must take new files: a read-only one fails here, not in the middle of
        // the first checkpoint.
        guard access(directory, W_OK) == 0 else {
            close(fd)
            throw CheckpointFolderError(message: "cannot use checkpoint folder \(directory): it is not writable")
        }
    }

    deinit { close(fd) }

    /// The process id of the job holding the folder's lock, or nil when no job holds it.
    public static func holder(of directory: String) -> Int32? {
        let fd = open(path(in: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil  // free: no job runs there
        }
        return recordedHolder(fd) ?? 0
    }

    private static func recordedHolder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingWhitespace())
    }
}
