import EddyCore
@testable import EddyEngine
import EddyRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The conformance suite: every `.slt` file under Tests/Conformance, one test case each.
/// Set EDDY_COMPLETE=1 to rewrite the expected blocks from actual output (then review
/// the diff).
enum ConformanceSuite {
    static let folder: String = {
        let file = #filePath
        let testsFolder = file[..<(file.range(of: "/EddyEngineTests/")?.lowerBound ?? file.endIndex)]
        return testsFolder + "/Conformance"
    }()

    static let files: [String] = ConformanceFiles.expand([folder]).map { String($0.dropFirst(folder.count + 1)) }
}

@Suite("Conformance")
struct ConformanceTests {
    @Test("conformance file", arguments: ConformanceSuite.files)
    func conformanceFile(_ name: String) {
        let complete = getenv("EDDY_COMPLETE") != nil
        let result = ConformanceRunner.runFile(path: ConformanceSuite.folder + "/" + name, complete: complete)
        #expect(result.recordCount > 0, "\(name) has no records")
        for failure in result.failures {
            Issue.record(Comment(rawValue: failure.render()))
        }
    }

    /// Every file again with a checkpoint, a crash and a restart after each input and
    /// statement: exactly-once recovery must not change one expected row.
    @Test("conformance file under chaos", arguments: ConformanceSuite.files)
    func conformanceFileUnderChaos(_ name: String) {
        guard getenv("EDDY_COMPLETE") == nil else { return }
        let result = ConformanceRunner.runFile(path: ConformanceSuite.folder + "/" + name, chaos: true)
        for failure in result.failures {
            Issue.record(Comment(rawValue: "chaos: " + failure.render()))
        }
    }

    @Test func theSuiteHasAtLeastFortyCases() {
        let total = ConformanceSuite.files.reduce(0) { n, name in
            let text = (try? TextFile.read(ConformanceSuite.folder + "/" + name)) ?? ""
            return n + text.split(separator: "\n").filter { $0.hasPrefix("query") || $0.hasPrefix("changes") || $0.hasPrefix("statement error") || $0.hasPrefix("explain") }.count
        }
        #expect(total >= 40, "only \(total) checked cases")
    }
}
