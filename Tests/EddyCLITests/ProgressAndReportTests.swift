import Foundation
import Testing

/// Seeing a long run: a progress line on a terminal (none when stderr is a file), and in
/// the summary each sink's rows and their end-to-end latency percentiles.
@Suite("Progress and the end-of-run report")
struct ProgressAndReportTests {
    static func fixture() throws -> ShellFixture {
        let f = try ShellFixture()
        try f.write("e.jsonl", (0..<400).map { "{\"k\": \($0 % 4), \"ts\": \($0 * 10)}\n" }.joined())
        try f.write(
            "job.sql",
            """
            CREATE SOURCE e (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 'e.jsonl');
            CREATE SINK out WITH ('connector' = 'file', 'path' = 'out.jsonl');
            INSERT INTO out SELECT k, COUNT(*) AS n FROM e GROUP BY k;
            """)
        return f
    }

    @Test func aTerminalShowsWhereTheRunIs() throws {
        let f = try Self.fixture()
        // 4 s of events at 2x: about 2 s, long enough for the line to show.
        let shell = try PseudoTerminal(
            executable: ShellFixture.eddyPath, arguments: ["run", f.path("job.sql"), "--replay-speed", "2x"],
            environment: f.environment(term: "xterm"))
        let seen = try shell.expect("watermark 1970-01-01T", timeout: 20)
        #expect(seen.contains("%") && seen.contains("events/s"), "\(seen)")
        #expect(try shell.waitForExit(timeout: 20) == 0)
    }

    @Test func theSummaryReportsEachSinkWithLatencyAndAFileGetsNoProgress() throws {
        let f = try Self.fixture()
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "--replay-speed", "4x"])
        #expect(run.status == 0)
        #expect(!run.err.contains("\u{1B}[K"), "no progress line when stderr is no terminal")
        let line = run.err.split(separator: "\n").first { $0.hasPrefix("eddy: sink out:") }.map(String.init) ?? ""
        #expect(line.contains("rows · latency p50 ") && line.contains(" · p99 ") && line.contains(" · max "), "\(run.err)")
    }
}
