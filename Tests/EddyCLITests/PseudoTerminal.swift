#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process on a real pseudo-terminal, driven as a person would: keys go to the master
/// side, and everything the process prints is read back from it. The slave side is the
/// child's stdin, stdout, stderr and controlling terminal (the child starts a new session),
/// so readline sees a terminal and Ctrl-C (`\u{03}`) raises SIGINT in the child.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private let master: Int32
    private var raw: [UInt8] = []
    /// How much of the cleaned transcript earlier `expect` calls consumed.
    private var consumed = 0
    private var exitStatus: Int32?
    private var closed = false

    /// Starts `executable` with `arguments` and exactly `environment`.
    init(executable: String, arguments: [String] = [], environment: [String: String]) throws {
        // posix_openpt, grantpt, unlockpt and ptsname are not visible through Swift's Glibc
        // module (they need _XOPEN_SOURCE); they are ordinary C functions, found at run time.
        let libc = dlopen(nil, RTLD_NOW)
        guard let openptSym = dlsym(libc, "posix_openpt"), let grantSym = dlsym(libc, "grantpt"),
            let unlockSym = dlsym(libc, "unlockpt"), let nameSym = dlsym(libc, "ptsname")
        else { throw Failure(description: "no pty functions in libc") }
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let openpt = unsafeBitCast(openptSym, to: IntFunction.self)
        let grantpt = unsafeBitCast(grantSym, to: IntFunction.self)
        let unlockpt = unsafeBitCast(unlockSym, to: IntFunction.self)
        let ptsname = unsafeBitCast(nameSym, to: NameFunction.self)

        let fd = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "posix_openpt failed: errno \(errno)") }
        guard grantpt(fd) == 0, unlockpt(fd) == 0, let name = ptsname(fd) else {
            close(fd)
            throw Failure(description: "cannot set up the pty: errno \(errno)")
        }
        let slavePath = String(cString: name)
        master = fd

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid (the spawn does that first), so it becomes the controlling tty.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGWINCH, SIGCHLD] { sigaddset(&defaults, s) }
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26), a macro Swift does not see
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            close(fd)
            throw Failure(description: "cannot start \(executable): error \(rc)")
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (control keys included: `\r` Enter, `\t` TAB, `\u{03}` Ctrl-C,
    /// `\u{04}` Ctrl-D, `\u{1B}[A` Up).
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(master, base + written, buffer.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "cannot write to the pty: errno \(errno)") }
            written += n
        }
    }

    /// Waits until `needle` appears in the output after what earlier calls matched, and
    /// returns the output up to and including it (escape codes and `\r` removed).
    @discardableResult
    func expect(_ needle: String, timeout: Double = 10) throws -> String {
        let deadline = Self.now() + timeout
        let target = Array(needle.utf8)
        while true {
            let text = Self.clean(raw)
            if let end = Self.find(target, in: text, from: consumed) {
                let seen = String(decoding: text[consumed..<end], as: UTF8.self)
                consumed = end
                return seen
            }
            let left = deadline - Self.now()
            if left <= 0 || (closed && !readAvailable(timeoutMillis: 0)) {
                throw Failure(description: "did not see \(needle.debugDescription) within \(timeout) s; output after the last match:\n"
                    + String(decoding: text[min(consumed, text.count)...], as: UTF8.self))
            }
            _ = readAvailable(timeoutMillis: Int32(min(left, 0.2) * 1000) + 1)
        }
    }

    /// Everything printed so far, cleaned.
    var transcript: String { String(decoding: Self.clean(raw), as: UTF8.self) }

    /// Everything printed so far, as the terminal received it (escape codes included).
    var rawTranscript: String { String(decoding: raw, as: UTF8.self) }

    /// Waits for the process to exit (reading its last output) and returns its exit status.
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        let deadline = Self.now() + timeout
        while Self.now() < deadline {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                while readAvailable(timeoutMillis: 0) {}
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            if !readAvailable(timeoutMillis: 50) && closed { usleep(10_000) }
        }
        throw Failure(description: "the process did not exit within \(timeout) s; output:\n\(transcript)")
    }

    /// Reads what the process printed, waiting up to `timeoutMillis`; false if nothing came.
    @discardableResult
    private func readAvailable(timeoutMillis: Int32) -> Bool {
        guard !closed else { return false }
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, timeoutMillis)
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 8192)
        let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if n > 0 {
            raw.append(contentsOf: chunk[0..<n])
            return true
        }
        if n < 0 && errno == EINTR { return true }
        closed = true  // EIO: every slave descriptor is closed, the process has gone
        return false
    }

    /// The output without ANSI escape sequences, carriage returns and bells.
    static func clean(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                i += 1
                guard i < bytes.count else { break }
                if bytes[i] == UInt8(ascii: "[") {
                    i += 1
                    while i < bytes.count && !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                }
                i += 1
                continue
            }
            if b != 13 && b != 7 { out.append(b) }
            i += 1
        }
        return out
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i + needle.count }
            i += 1
        }
        return nil
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
