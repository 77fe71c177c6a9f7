import Foundation

/// A scratch world for one shell under test: a temporary folder for data files, a home, a
/// history file and an inputrc, and the path of the `eddy` binary that `swift test` built.
final class ShellFixture {
    let directory: String
    var historyPath: String { directory + "/history" }
    /// Variables added to the environment of every process the fixture starts.
    var extraEnvironment: [String: String] = [:]

    init() throws {
        var template = Array((NSTemporaryDirectory() + "eddy-repl-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw PseudoTerminal.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        try write("inputrc", "set enable-bracketed-paste off\nset bell-style none\n")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The `eddy` executable: built next to the test bundle.
    static var eddyPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("eddy").path
    }

    /// The environment of a shell: nothing from the test's own, so that a user's inputrc,
    /// history or colors cannot change what the tests see.
    func environment(term: String = "dumb") -> [String: String] {
        [
            "PATH": "/usr/bin:/bin", "TERM": term, "HOME": directory, "EDDY_HISTORY": historyPath,
            "INPUTRC": directory + "/inputrc", "LC_ALL": "C.UTF-8", "COLUMNS": "100", "LINES": "30",
        ].merging(extraEnvironment) { $1 }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    func append(_ name: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Starts `eddy repl` (or `eddy` with `arguments`) on a pseudo-terminal and waits for
    /// its first prompt.
    func startShell(arguments: [String] = ["repl"], term: String = "dumb") throws -> PseudoTerminal {
        let shell = try PseudoTerminal(executable: Self.eddyPath, arguments: arguments, environment: environment(term: term))
        try shell.expect("eddy> ")
        return shell
    }

    /// Runs `eddy repl` with `input` on a pipe: (stdout, stderr, exit status).
    func runPiped(_ input: String, arguments: [String] = ["repl"]) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.eddyPath)
        process.arguments = arguments
        process.environment = environment()
        let stdin = Pipe(), stdout = Pipe()
        // stderr goes to a file, so that neither pipe can fill up while the other is read.
        let errPath = path("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stderr.close()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (String(decoding: outData, as: UTF8.self), err, process.terminationStatus)
    }

    /// Starts `eddy arguments...` in the background, stdout and stderr to files of the
    /// fixture (`<name>.out`, `<name>.err`), stdin empty.
    func start(_ arguments: [String], name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.eddyPath)
        process.arguments = arguments
        process.environment = environment()
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        for suffix in ["out", "err"] { _ = FileManager.default.createFile(atPath: path("\(name).\(suffix)"), contents: nil) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name + ".out")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name + ".err")))
        try process.run()
        return process
    }

    /// The lines of a fixture file (none if it does not exist).
    func lines(_ name: String) -> [String] {
        ((try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits until `condition` holds, up to `seconds`; whether it held.
    func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// A CREATE SOURCE over a JSON-lines file of the fixture.
    func createSource(_ name: String, columns: String, file: String, follow: Bool = false) -> String {
        let options = "'connector' = 'file', 'path' = '\(path(file))', 'format' = 'json'" + (follow ? ", 'follow' = 'true'" : "")
        return "CREATE SOURCE \(name) (\(columns)) WITH (\(options));"
    }
}
