import Foundation
import Testing

/// A live log followed across rotations, a source that goes quiet not holding the others
/// back, and a recorded log replayed over a range of event times at a chosen speed.
@Suite("Following and replaying logs")
struct FollowAndReplayTests {
    /// `tail -F`: the followed file is renamed away and a new one made under its name; the
    /// job reads the old one to its end, then the new one.
    @Test func aRotatedLogIsFollowedIntoItsNewFile() throws {
        let f = try ShellFixture()
        try f.write("app.log", "{\"k\": 1}\n")
        try f.write("job.sql", "CREATE SOURCE s (k BIGINT) WITH ('connector' = 'file', 'path' = 'app.log', 'follow' = 'true');\nSELECT k FROM s;\n")
        let job = try f.start(["run", f.path("job.sql"), "--format", "csv"], name: "job")
        defer { job.terminate() }
        #expect(f.waitUntil { f.lines("job.out") == ["k", "1"] })
        try f.append("app.log", "{\"k\": 2}\n")
        try FileManager.default.moveItem(atPath: f.path("app.log"), toPath: f.path("app.log.1"))
        try f.write("app.log", "{\"k\": 3}\n")
        #expect(f.waitUntil { f.lines("job.out") == ["k", "1", "2", "3"] }, "\(f.lines("job.out"))")
        try f.append("app.log", "{\"k\": 4}\n")
        #expect(f.waitUntil { f.lines("job.out").last == "4" })
    }

    /// Two followed logs into one windowed union: when one goes quiet for longer than its
    /// 'source.idle-timeout', the other's watermark alone fires the windows, whether one
    /// worker reads both or each is read by its own worker.
    @Test(arguments: [1, 2]) func anIdleSourceStopsHoldingBackTheWatermark(parallelism: Int) throws {
        let f = try ShellFixture()
        try f.write("a.jsonl", "{\"ts\": 1000}\n")
        try f.write("b.jsonl", "{\"ts\": 1500}\n")
        let source = { (name: String, idle: String) in
            "CREATE SOURCE \(name) (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = '\(name).jsonl', 'follow' = 'true'\(idle));\n"
        }
        try f.write(
            "job.sql",
            source("a", "") + source("b", ", 'source.idle-timeout' = '300ms'")
                + "SELECT window_start, COUNT(*) AS n FROM TUMBLE((SELECT ts FROM a UNION ALL SELECT ts FROM b), ts, INTERVAL '10' SECOND) GROUP BY window_start, window_end;\n")
        let job = try f.start(["run", f.path("job.sql"), "--format", "csv", "--parallelism", "\(parallelism)"], name: "job")
        defer { job.terminate() }
        // b says nothing more; a moves on past the first window's end.
        try f.append("a.jsonl", "{\"ts\": 25000}\n")
        #expect(f.waitUntil(seconds: 15) { f.lines("job.out").contains("1970-01-01T00:00:00,2") }, "\(f.lines("job.out")) \(f.lines("job.err"))")
    }

    @Test func aRecordedLogIsReplayedOverARangeAtAPace() throws {
        let f = try ShellFixture()
        try f.write("r.jsonl", (0..<60).map { "{\"k\": \($0 % 3), \"ts\": \(1_704_067_200_000 + $0 * 100)}\n" }.joined())
        try f.write(
            "job.sql",
            "CREATE SOURCE r (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 'r.jsonl');\nSELECT k, COUNT(*) AS n FROM r GROUP BY k;\n")
        let ranged = try f.runPiped(
            "", arguments: ["run", f.path("job.sql"), "--format", "csv", "--from", "2024-01-01T00:00:02", "--until", "2024-01-01T00:00:05"])
        #expect(ranged.status == 0, "\(ranged.err)")
        #expect(ranged.out.split(separator: "\n").filter { $0.hasPrefix("+I") }.sorted() == ["+I,0,10", "+I,1,10", "+I,2,10"])
        #expect(ranged.err.contains("read 30 events") && ranged.err.contains("30 outside --from/--until"), "\(ranged.err)")
        // 5.9 s of events at 5x: about 1.2 s; as fast as possible: far less.
        let start = Date()
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q", "--replay-speed", "5x"]).status == 0)
        #expect(Date().timeIntervalSince(start) >= 1.0, "paced by event time")
        for bad in [["--replay-speed", "fast"], ["--from", "yesterday"], ["--from", "2024-01-02", "--until", "2024-01-01"]] {
            let refused = try f.runPiped("", arguments: ["run", f.path("job.sql")] + bad)
            #expect(refused.status == 1, "\(bad)")
        }
    }
}
