import EddyCore
@testable import EddyEngine
import EddySQL
import Testing

@Suite("EXPLAIN ANALYZE")
struct ExplainAnalyzeTests {
    @Test func runsTheQueryAndReportsEachOperator() throws {
        let folder = TempFolder()
        try folder.write(
            "in.jsonl",
            (0..<101).map { #"{"k": "k\#($0 % 4)", "v": \#($0), "ts": \#($0 * 100)}"# }.joined(separator: "\n") + "\n")
        let script = """
            CREATE SOURCE s (k VARCHAR, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
            WITH ('connector' = 'file', 'path' = 'in.jsonl');
            EXPLAIN ANALYZE SELECT k, COUNT(*) FROM TUMBLE(s, ts, INTERVAL '1' SECOND) WHERE v >= 10 GROUP BY k, window_start, window_end;
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: script), baseDirectory: folder.path)
        guard case .text(let text) = prepared.items.first else {
            Issue.record("EXPLAIN ANALYZE printed nothing")
            return
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("analyzed: read 101 rows") })
        #expect(lines.contains { $0.contains("analyzed: rows 101 → 91") })  // the filter
        // 91 rows (v >= 10): 9 full one-second windows of 4 keys, and v = 100 alone in the last
        #expect(lines.contains { $0.contains("analyzed: rows 91 → 37") && $0.contains("peak state 37") }, "\(text)")
        #expect(lines.last?.hasPrefix("ran ") == true)
        #expect(lines.last?.hasSuffix("101 events read") == true)
    }
}
