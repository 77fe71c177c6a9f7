import Foundation
import Testing

/// `eddy compile SCRIPT -o plan.json` and `eddy run --plan plan.json`: the plan runs
/// without its SQL and gives the same rows; a plan of another version or a damaged one is
/// refused with a reason, never run.
@Suite("Compiled plans through the CLI")
struct CompiledPlanTests {
    /// A fixture with a windowed query and a join over two small logs.
    static func fixture() throws -> ShellFixture {
        let f = try ShellFixture()
        try f.write(
            "orders.jsonl",
            """
            {"id": 1, "region": "eu", "amount": 120, "ts": "2024-01-01T00:00:01"}
            {"id": 2, "region": "us", "amount": 60, "ts": "2024-01-01T00:00:02"}
            {"id": 3, "region": "eu", "amount": 30, "ts": "2024-01-01T00:01:03"}

            """)
        try f.write("refunds.jsonl", "{\"order_id\": 1, \"amount\": 20, \"ts\": \"2024-01-01T00:00:04\"}\n")
        try f.write(
            "job.sql",
            """
            CREATE SOURCE orders (id BIGINT, region VARCHAR, amount BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
            WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json');
            CREATE SOURCE refunds (order_id BIGINT, amount BIGINT, ts TIMESTAMP(3))
            WITH ('connector' = 'file', 'path' = 'refunds.jsonl', 'format' = 'json');
            SELECT region, window_start, SUM(amount) AS total
            FROM TUMBLE(orders, ts, INTERVAL '1' MINUTE) WHERE amount > 40
            GROUP BY region, window_start, window_end;
            SELECT o.id, o.amount, r.amount FROM orders o LEFT JOIN refunds r ON o.id = r.order_id;

            """)
        return f
    }

    @Test func aCompiledPlanGivesTheRowsOfItsScript() throws {
        let f = try Self.fixture()
        let direct = try f.runPiped("", arguments: ["run", f.path("job.sql"), "--format", "json"])
        #expect(direct.status == 0, "\(direct.err)")
        let compiled = try f.runPiped("", arguments: ["compile", f.path("job.sql"), "-o", f.path("plan.json")])
        #expect(compiled.status == 0, "\(compiled.err)")
        #expect(compiled.err.contains("wrote \(f.path("plan.json"))"))
        // Run from another folder: the plan holds the resolved paths, not the script's folder.
        let viaPlan = try f.runPiped("", arguments: ["run", "--plan", f.path("plan.json"), "--format", "json"])
        #expect(viaPlan.status == 0, "\(viaPlan.err)")
        #expect(viaPlan.out == direct.out)
        #expect(direct.out.contains("{\"region\": \"eu\", \"window_start\": \"2024-01-01T00:00:00\", \"total\": 120}"))
        #expect(direct.out.contains("\"amount0\": 20"))
    }

    @Test func aPlanOfAnotherVersionIsRefused() throws {
        let f = try Self.fixture()
        _ = try f.runPiped("", arguments: ["compile", f.path("job.sql"), "-o", f.path("plan.json")])
        let text = try String(contentsOfFile: f.path("plan.json"), encoding: .utf8)
        #expect(text.contains("\"version\" : 2"))
        try f.write("v99.json", text.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 99"))
        let run = try f.runPiped("", arguments: ["run", "--plan", f.path("v99.json")])
        #expect(run.status != 0)
        #expect(run.out == "")
        #expect(run.err.contains("is a plan of format version 99; this eddy reads versions 1 to 2: compile the script again"))
    }

    @Test("a damaged plan is refused with a reason", arguments: [
        ("truncated", "not a compiled Eddy plan"),
        ("no version", "has no \"version\" field"),
        ("a column out of range", "is a damaged plan: node"),
        ("a missing field", "is a damaged plan: missing"),
    ])
    func damaged(_ damage: String, _ message: String) throws {
        let f = try Self.fixture()
        _ = try f.runPiped("", arguments: ["compile", f.path("job.sql"), "-o", f.path("plan.json")])
        var text = try String(contentsOfFile: f.path("plan.json"), encoding: .utf8)
        switch damage {
        case "truncated": text = String(text.prefix(text.count / 2))
        case "no version": text = text.replacingOccurrences(of: "\"version\" : 2", with: "\"release\" : 2")
        case "a column out of range":
            // Every key column of the plan now points past the end of its input.
            text = text.replacingOccurrences(of: "\"keyColumns\" : [\n", with: "\"keyColumns\" : [\n 97,\n")
        default: text = text.replacingOccurrences(of: "\"changelog\"", with: "\"changelg\"")
        }
        try f.write("bad.json", text)
        let run = try f.runPiped("", arguments: ["run", "--plan", f.path("bad.json")])
        #expect(run.status != 0)
        #expect(run.out == "")
        #expect(run.err.contains(message), "\(run.err)")
        #expect(!run.err.contains("Fatal error"))
    }
}
