import EddyCore
import EddyRuntime
@testable import EddyEngine

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh temporary folder for one test, with helpers to write files into it.
struct TempFolder {
    let path: String

    init() {
        var template = Array("/tmp/eddy-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        path = made ?? "/tmp/eddy-test-fallback-\(getpid())"
        FileSystem.createDirectory(path)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let full = path + "/" + name
        try TextFile.write(text, to: full)
        return full
    }

    func read(_ name: String) throws -> String { try TextFile.read(path + "/" + name) }
}

/// Runs a prepared script the way `eddy run` does and returns what the engine saw inside
/// (rows of each SELECT, summary, metrics).
func runScript(_ prepared: PreparedScript, batchSize: Int = 8192, parallelism: Int = 1) throws -> JobOutcome {
    var options = RunOptions()
    options.batchSize = batchSize
    options.parallelism = parallelism
    return try ScriptRunner.run(prepared, options: options).outcome
}
