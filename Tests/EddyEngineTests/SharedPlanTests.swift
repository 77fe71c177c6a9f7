import EddyCore
@testable import EddyEngine
import EddySQL
import Testing

/// Queries of one script that compute the same thing share the operators that compute it:
/// the JobGraph is a DAG, not a forest.
@Suite("Shared sub-plans")
struct SharedPlanTests {
    static func graph(_ script: String) throws -> JobGraph {
        let prepared = try ScriptRunner.prepare(SourceText(name: "job.sql", text: script), baseDirectory: "/tmp")
        return try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings)
    }

    static let source = """
        CREATE SOURCE a (id BIGINT, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
        WITH ('connector' = 'file', 'path' = 'a.jsonl', 'format' = 'json');
        CREATE VIEW per_id AS SELECT id, window_start, COUNT(*) AS n, SUM(amount) AS total
        FROM TUMBLE(a, ts, INTERVAL '1' MINUTE) GROUP BY id, window_start, window_end;

        """

    @Test func aViewReadByTwoQueriesIsComputedOnce() throws {
        let graph = try Self.graph(Self.source + "SELECT id, n FROM per_id WHERE n > 1; SELECT id, total FROM per_id;")
        let aggregates = graph.nodes.filter { if case .windowAggregate = $0.spec { true } else { false } }
        #expect(aggregates.count == 1)
        #expect(graph.consumers(of: aggregates[0].id).count == 2)
        #expect(graph.nodes.filter { if case .source = $0.spec { true } else { false } }.count == 1)
    }

    @Test func differentFiltersShareOnlyTheScan() throws {
        let graph = try Self.graph(Self.source + "SELECT id FROM a WHERE amount > 1; SELECT id FROM a WHERE amount > 2;")
        let scans = graph.nodes.filter { if case .source = $0.spec { true } else { false } }
        #expect(scans.count == 1)
        #expect(graph.consumers(of: scans[0].id).count == 2)
        #expect(graph.nodes.filter { if case .sink = $0.spec { true } else { false } }.count == 2)
    }

    @Test func theSameFilterInTwoQueriesRunsOnce() throws {
        let graph = try Self.graph(Self.source + "SELECT id FROM a WHERE amount > 1; SELECT id FROM a WHERE amount > 1;")
        let calcs = graph.nodes.filter { if case .calc = $0.spec { true } else { false } }
        #expect(calcs.count == 1)
    }
}
