import EddyCore
@testable import EddyEngine
import EddyPlanner
import EddySQL
import Foundation
import Testing

/// The differential fuzzer: random well-typed queries over random data, each run in ways
/// that must not change its result — every optimizer rule, none, a random subset; one
/// worker or two; planned for two-phase aggregation; and, through the conformance runner,
/// with a checkpoint, a crash and a restart after every batch. The final rows (a changelog
/// folded into its table) must agree. `swift test` runs a fixed set of seeds;
/// `EDDY_FUZZ_CASES=5000 EDDY_FUZZ_SEED=7 swift test --filter Differential` runs more.
@Suite("Differential fuzzing of plans and runs", .serialized)
struct DifferentialFuzzTests {
    static let cases = Int(ProcessInfo.processInfo.environment["EDDY_FUZZ_CASES"] ?? "") ?? 40
    static let firstSeed = UInt64(ProcessInfo.processInfo.environment["EDDY_FUZZ_SEED"] ?? "") ?? 1

    /// One query's final rows under one way of running it, sorted.
    struct Run {
        var name: String
        var rows: [String]
    }

    static func script(_ folder: String, _ query: String, settings: String = "") -> String {
        "CREATE SOURCE e (\(QueryGenerator.sourceColumns)) WITH ('connector' = 'file', 'path' = '\(folder)/e.jsonl');\n\(settings)\n\(query);\n"
    }

    static func finalRows(_ outcome: JobOutcome) -> [String] {
        var table = MaterializedTable()
        for (_, sink) in outcome.selects { table.apply(rows: sink.rows, kinds: sink.kinds) }
        return table.rows.map { $0.map(\.displayText).joined(separator: "|") }.sorted()
    }

    static func run(_ text: String, folder: String, optimizer: Optimizer = Optimizer(), parallelism: Int = 1) throws -> [String] {
        let prepared = try ScriptRunner.prepare(SourceText(name: "fuzz.sql", text: text), baseDirectory: folder)
        let graph = try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings, optimizer: optimizer)
        return finalRows(try JobExecutor.run(graph, batchSize: 37, parallelism: parallelism))
    }

    /// The query as a view of a test file, run through the conformance runner without and
    /// then with chaos: the view's changes must be the same.
    static func chaosDisagreement(_ query: String, events: [String], folder: String) -> String? {
        var text = "statement ok\nCREATE SOURCE e (\(QueryGenerator.sourceColumns))\n\nstatement ok\nCREATE VIEW v AS \(query)\n\n"
        for start in stride(from: 0, to: events.count, by: 45) {
            text += "events e\n" + events[start..<min(events.count, start + 45)].joined(separator: "\n") + "\n\n"
        }
        text += "end of input\n\nchanges v rowsort\n----\n"
        let (first, completed) = ConformanceRunner.run(text: text, name: "fuzz.slt", baseDirectory: folder)
        guard let completed else { return "the test file did not parse" }
        // The first run only fills in the expected block; anything else is a failure.
        if let f = first.failures.first(where: { $0.actual == nil }) { return f.render() }
        let (chaos, _) = ConformanceRunner.run(text: completed, name: "fuzz.slt", baseDirectory: folder, chaos: true)
        return chaos.failures.first.map { $0.render() }
    }

    @Test func everyWayOfRunningAQueryGivesTheSameRows() throws {
        let folder = NSTemporaryDirectory() + "eddy-diff-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var disagreements: [String] = []
        var nonEmpty = 0
        for seed in Self.firstSeed..<(Self.firstSeed + UInt64(Self.cases)) {
            var generator = QueryGenerator(seed: seed)
            let events = generator.events(120 + generator.next(120))
            try (events.joined(separator: "\n") + "\n").write(toFile: folder + "/e.jsonl", atomically: true, encoding: .utf8)
            let query = generator.query()
            var subset = Optimizer.defaultRules.filter { _ in generator.chance(50) }
            if subset.isEmpty { subset = [Optimizer.defaultRules[generator.next(Optimizer.defaultRules.count)]] }
            let text = Self.script(folder, query)
            let reference: [String]
            do {
                reference = try Self.run(text, folder: folder)
            } catch {
                disagreements.append("seed \(seed): the query failed: \(error)\n  \(query)")
                continue
            }
            if !reference.isEmpty { nonEmpty += 1 }
            var runs: [Run] = []
            do {
                runs.append(Run(name: "no optimizer rules", rows: try Self.run(text, folder: folder, optimizer: Optimizer(rules: []))))
                runs.append(Run(name: "rules \(subset.map(\.name))", rows: try Self.run(text, folder: folder, optimizer: Optimizer(rules: subset))))
                runs.append(Run(name: "2 workers", rows: try Self.run(text, folder: folder, parallelism: 2)))
                let twoPhase = Self.script(folder, query, settings: "SET 'parallelism' = '2';")
                runs.append(Run(name: "two-phase, 2 workers", rows: try Self.run(twoPhase, folder: folder, parallelism: 2)))
            } catch {
                disagreements.append("seed \(seed): a run failed: \(error)\n  \(query)")
                continue
            }
            for run in runs where run.rows != reference {
                let missing = reference.filter { !run.rows.contains($0) }.prefix(3)
                let extra = run.rows.filter { !reference.contains($0) }.prefix(3)
                disagreements.append(
                    "seed \(seed): \(run.name) gives \(run.rows.count) rows, the default \(reference.count)\n  \(query)\n  missing: \(Array(missing))\n  extra: \(Array(extra))")
            }
            if let chaos = Self.chaosDisagreement(query, events: events, folder: folder) {
                disagreements.append("seed \(seed): chaos run differs\n  \(query)\n\(chaos)")
            }
        }
        #expect(nonEmpty * 2 >= Self.cases, "most queries must give rows, or the comparison proves little: \(nonEmpty) of \(Self.cases)")
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(Self.cases) queries disagree:\n\(disagreements.prefix(5).joined(separator: "\n\n"))")
    }
}
