import EddyCore
@testable import EddyEngine
import EddyPlanner
import EddyRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The EXPLAIN text and DOT graph of every example, stored under Tests/Golden and
/// compared, so that any change to a plan shows up in review. EDDY_COMPLETE=1 rewrites
/// them.
enum Golden {
    static let root: String = {
        let file = #filePath
        return String(file[..<(file.range(of: "/Tests/EddyEngineTests/")?.lowerBound ?? file.endIndex)])
    }()

    static let examples: [String] = Directory.list(root + "/examples").sorted().flatMap { folder -> [String] in
        Directory.list(root + "/examples/" + folder).filter { $0.hasSuffix(".sql") }.sorted().map { "\(folder)/\($0)" }
    }
}

@Suite("Golden plans of the examples")
struct GoldenPlanTests {
    @Test("example plan", arguments: Golden.examples)
    func examplePlan(_ example: String) throws {
        let prepared = try ScriptRunner.prepare(path: Golden.root + "/examples/" + example)
        let graph = try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings)
        let base = prepared.session.catalog.baseDirectory
        let actual = PhysicalExplain(graph: graph, baseDirectory: base).render()
            + "\n" + DotExplain(graph: graph, baseDirectory: base).render()
        let goldenPath = Golden.root + "/Tests/Golden/" + example.replacingAll("/", with: "__").replacingAll(".sql", with: ".plan")
        if getenv("EDDY_COMPLETE") != nil {
            try TextFile.write(actual, to: goldenPath)
            return
        }
        let expected = try? TextFile.read(goldenPath)
        #expect(expected == actual, "plan of \(example) changed; rerun with EDDY_COMPLETE=1 and review the diff")
    }
}
