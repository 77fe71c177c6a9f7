import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about where output goes, and buffered writes to stdout and stderr (Swift 6 does
/// not let us touch C's `stdout` global, so we write to the descriptors ourselves).
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Colors on stderr when it is a terminal that shows them (not `TERM=dumb`) and NO_COLOR
    /// is not set.
    static var useColor: Bool {
        guard stderrIsTerminal && getenv("NO_COLOR") == nil else { return false }
        guard let term = getenv("TERM") else { return true }
        return String(cString: term) != "dumb"
    }

    /// Stdout's buffer. Rows of several queries may be printed from several worker
    /// threads at once: every access holds `lock` (that is what makes it Sendable).
    private final class Buffer: @unchecked Sendable {
        let lock = NSLock()
        var bytes: [UInt8] = []
    }
    private static let outBuffer = Buffer()

    /// Appends to stdout's buffer; a terminal gets it at once, a pipe in large blocks.
    static func out(_ s: String) { out(bytes: Array(s.utf8)) }

    /// Appends bytes (encoded rows) to stdout's buffer.
    static func out(bytes: [UInt8]) {
        outBuffer.lock.lock()
        defer { outBuffer.lock.unlock() }
        outBuffer.bytes.append(contentsOf: bytes)
        if outBuffer.bytes.count >= 1 << 16 || stdoutIsTerminal { flushHoldingLock() }
    }

    static func err(_ s: String) {
        outBuffer.lock.lock()
        defer { outBuffer.lock.unlock() }
        flushHoldingLock()
        writeAll(2, Array(s.utf8))
    }

    static func flush() {
        outBuffer.lock.lock()
        defer { outBuffer.lock.unlock() }
        flushHoldingLock()
    }

    private static func flushHoldingLock() {
        guard !outBuffer.bytes.isEmpty else { return }
        writeAll(1, outBuffer.bytes)
        outBuffer.bytes.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + written, raw.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }  // a closed pipe: nothing more to say
            written += n
        }
    }
}
