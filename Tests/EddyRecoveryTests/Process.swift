#if canImport(Glibc)
    import Glibc
#endif

/// Starts the `eddy` binary that `swift test` built (it sits beside the test bundle),
/// with its output sent to files.
struct EddyProcess {
    let pid: pid_t

    static var binary: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        var folder = exe
        // From .../debug/EddyPackageTests.xctest (or a bundle inside it) up to .../debug.
        while let slash = folder.lastIndex(of: "/"), !folder.hasSuffix("/debug"), !folder.hasSuffix("/release") {
            folder = String(folder[..<slash])
            if access(folder + "/eddy", X_OK) == 0 { return folder + "/eddy" }
        }
        return folder + "/eddy"
    }

    /// Runs `eddy arguments...` (give absolute paths), stdout and stderr to the given files.
    static func start(_ arguments: [String], stdout: String, stderr: String) -> EddyProcess? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        return rc == 0 ? EddyProcess(pid: pid) : nil
    }

    /// Waits up to `millis` for the process to exit; its exit status, or nil if still running.
    func wait(millis: Int) -> Int32? {
        var status: Int32 = 0
        for _ in 0..<max(1, millis / 5) {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            usleep(5000)
        }
        return nil
    }

    func kill9() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
