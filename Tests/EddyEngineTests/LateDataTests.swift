import EddyCore
@testable import EddyEngine
import EddyRuntime
import EddySQL
import Testing

@Suite("Late events: counted, and kept in a side file when asked")
struct LateDataTests {
    static let events = """
        {"k": "a", "v": 1, "ts": "2024-01-01T00:00:01"}
        {"k": "a", "v": 2, "ts": "2024-01-01T00:00:12"}
        {"k": "b", "v": 3, "ts": "2024-01-01T00:00:05"}
        {"k": "a", "v": 4, "ts": "2024-01-01T00:00:13"}
        """

    func run(_ options: String, settings: String = "", in folder: TempFolder) throws -> JobOutcome {
        let script = """
            CREATE SOURCE s (k VARCHAR, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
            WITH ('connector' = 'file', 'path' = 'in.jsonl'\(options));
            \(settings)
            SELECT k, window_start, SUM(v) AS total FROM TUMBLE(s, ts, INTERVAL '10' SECOND) GROUP BY k, window_start, window_end;
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: script), baseDirectory: folder.path)
        return try runScript(prepared, batchSize: 1)  // one event a batch: the watermark moves between them
    }

    @Test func lateEventsAreDroppedAndCounted() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events)
        let outcome = try run("", in: folder)
        #expect(outcome.summary.lateRowsDropped == 1)
        #expect(outcome.selects.first?.sink.rows.count == 2)
    }

    @Test func theSourceOptionKeepsThemInAFile() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events)
        _ = try run(", 'late.output' = 'late.jsonl'", in: folder)
        #expect(try folder.read("late.jsonl") == #"{"k": "b", "v": 3, "ts": "2024-01-01T00:00:05"}"# + "\n")
    }

    @Test func theSettingDoesTooForSourcesWithoutTheOption() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events)
        _ = try run("", settings: "SET 'late.output' = 'out/late.jsonl';", in: folder)
        #expect(try folder.read("out/late.jsonl").contains(#""k": "b""#))
    }
}
