import EddyCore
import EddyPlanner
import EddyRuntime
import EddySQL

/// A record whose outcome differed from what the file expects.
public struct ConformanceFailure: Sendable {
    public var file: String
    public var line: Int
    public var header: String
    public var message: String
    public var expected: [String]?
    public var actual: [String]?

    public func render() -> String {
        var s = header.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(header): \(message)"
        if let expected {
            s += "\n  expected:\n" + expected.map { "    " + $0 }.joined(separator: "\n")
        }
        if let actual {
            s += "\n  actual:\n" + (actual.isEmpty ? "    (nothing)" : actual.map { "    " + $0 }.joined(separator: "\n"))
        }
        return s
    }
}

public struct ConformanceResult: Sendable {
    public var file: String
    public var recordCount = 0
    public var failures: [ConformanceFailure] = []
}

/// Runs streaming sqllogictest files (format in DESIGN.md): statements against a
/// session, inline events and watermarks into the job, and comparisons of query
/// snapshots, view changes, errors and plans with the expected blocks.
public enum ConformanceRunner {
    /// Runs one file; with `complete`, rewrites its expected blocks from actual output (a
    /// failure that is not about rows, such as a query that does not plan, still counts).
    /// With `chaos`, a checkpoint, a crash and a restart follow every input and statement
    /// record, and every expectation must still hold.
    public static func runFile(path: String, complete: Bool = false, chaos: Bool = false) -> ConformanceResult {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            return ConformanceResult(file: path, failures: [ConformanceFailure(file: path, line: 0, header: "", message: "cannot read: \(error)")])
        }
        let folder = FileSystem.folder(of: path)
        let (result, rewritten) = run(text: text, name: path, baseDirectory: folder, chaos: chaos && !complete)
        guard complete else { return result }
        var remaining = result.failures.filter { $0.actual == nil }
        if let rewritten, rewritten != text {
            do {
                try TextFile.write(rewritten, to: path)
            } catch {
                remaining.append(ConformanceFailure(file: path, line: 0, header: "", message: "cannot write: \(error)"))
            }
        }
        return ConformanceResult(file: path, recordCount: result.recordCount, failures: remaining)
    }

    /// Runs a test file's text; also returns the text with expected blocks rewritten.
    public static func run(text: String, name: String, baseDirectory: String, chaos: Bool = false) -> (ConformanceResult, String?) {
        var result = ConformanceResult(file: name)
        let file: TestFile
        do {
            file = try TestFile.parse(text)
        } catch let e as TestFileError {
            result.failures.append(ConformanceFailure(file: name, line: e.line, header: "", message: e.message))
            return (result, nil)
        } catch {
            return (result, nil)
        }
        let context = TestContext(baseDirectory: baseDirectory)
        var actuals: [Int: [String]] = [:]
        for (index, record) in file.records.enumerated() {
            result.recordCount += 1
            let outcome = context.execute(record)
            if let actual = outcome.actual { actuals[index] = actual }
            if let message = outcome.failure {
                result.failures.append(
                    ConformanceFailure(
                        file: name, line: record.line, header: record.header, message: message,
                        expected: outcome.actual == nil ? nil : record.expected, actual: outcome.actual))
            }
            if chaos && record.kind.changesInput && !context.crashed {
                for step in [TestRecord.Kind.checkpoint, .crash, .restart(parallelism: nil)] {
                    let synthetic = TestRecord(kind: step, header: "(chaos) \(step)", line: record.line, body: [], expected: nil)
                    if let message = context.execute(synthetic).failure {
                        result.failures.append(
                            ConformanceFailure(file: name, line: record.line, header: synthetic.header, message: message))
                    }
                }
            }
        }
        return (result, file.rewritten(actual: actuals))
    }
}

/// Expands folders into the `.slt` files they hold, sorted.
public enum ConformanceFiles {
    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            if p.hasSuffix(".slt") || !Directory.isDirectory(p) {
                out.append(p)
            } else {
                out += Directory.list(p).filter { $0.hasSuffix(".slt") }.sorted().map { p.hasSuffix("/") ? p + $0 : p + "/" + $0 }
            }
        }
        return out
    }
}
