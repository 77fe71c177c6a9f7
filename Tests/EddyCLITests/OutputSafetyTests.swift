import Foundation
import Testing

/// What a job writes arrives whole: queries sharing a sink, files the job both reads and
/// writes, followed logs, side files that cannot be written. Each case runs the real
/// `eddy` binary.
@Suite("Nothing lost: sinks, side files and followed logs")
struct OutputSafetyTests {
    static func numbers(_ count: Int) -> String {
        (1...count).map { "{\"k\": \($0), \"v\": \($0 % 3 + 1)}\n" }.joined()
    }

    static let twoInserts = """
        CREATE SOURCE s (k BIGINT, v BIGINT) WITH ('connector' = 'file', 'path' = 's.jsonl');
        CREATE SINK o WITH ('connector' = 'file', 'path' = 'out/o.jsonl');
        INSERT INTO o SELECT k FROM s WHERE v <= 2;
        INSERT INTO o SELECT k FROM s WHERE v = 3;
        """

    @Test(arguments: [false, true])
    func everyQueryWritingIntoOneSinkArrives(checkpoints: Bool) throws {
        let f = try ShellFixture()
        try f.write("s.jsonl", Self.numbers(600))
        try f.write("job.sql", Self.twoInserts)
        let run = try f.runPiped(
            "", arguments: ["run", f.path("job.sql"), "-q"] + (checkpoints ? ["--checkpoint-dir", f.path("ck"), "--batch-size", "100", "--checkpoint-interval", "1ms"] : []))
        #expect(run.status == 0, "\(run.err)")
        let rows = f.lines("out/o.jsonl")
        #expect(rows.count == 600)
        #expect(Set(rows) == Set((1...600).map { "{\"k\": \($0)}" }))
    }

    @Test func aSecondQueryIntoASinkMustMatchTheColumnsOfTheFirst() throws {
        let f = try ShellFixture()
        try f.write("s.jsonl", Self.numbers(3))
        try f.write("job.sql", Self.twoInserts + "\nINSERT INTO o SELECT CAST(k AS VARCHAR) FROM s;\n")
        let check = try f.runPiped("", arguments: ["check", f.path("job.sql")])
        #expect(check.status == 1)
        #expect(check.err.contains("job.sql:5:15: error: column 1 ('CAST(k AS VARCHAR)') is VARCHAR but sink 'o' expects BIGINT for 'k'"))
    }

    /// A file that the job writes may not be one it reads or that something else writes:
    /// refused before anything runs, with the caret at the second mention.
    @Test(arguments: [
        ("CREATE SINK o WITH ('connector' = 'file', 'path' = './s.jsonl');", "2:52: error: cannot write './s.jsonl': source 's' reads it"),
        ("CREATE SINK o WITH ('connector' = 'file', 'path' = 'o.jsonl');\nCREATE SINK p WITH ('connector' = 'file', 'path' = 'sub/../o.jsonl');",
         "3:52: error: cannot write 'sub/../o.jsonl': sink 'o' writes it"),
        ("CREATE SOURCE t (k BIGINT) WITH ('connector' = 'file', 'path' = 't.jsonl', 'dead_letter.path' = 's.jsonl');",
         "2:97: error: cannot write 's.jsonl': source 's' reads it"),
        ("CREATE SINK o WITH ('connector' = 'file', 'path' = 'o.jsonl');\nCREATE SOURCE t (k BIGINT) WITH ('connector' = 'file', 'path' = 'o.jsonl');",
         "3:65: error: cannot read 'o.jsonl': sink 'o' writes it"),
        ("SET 'late.output' = 's.jsonl';", "2:21: error: cannot write 's.jsonl': source 's' reads it"),
    ])
    func aFileWrittenByTheJobIsNeitherReadNorWrittenByAnotherPart(statement: String, error: String) throws {
        let f = try ShellFixture()
        try f.write("s.jsonl", Self.numbers(3))
        try f.write("job.sql", "CREATE SOURCE s (k BIGINT, v BIGINT) WITH ('connector' = 'file', 'path' = 's.jsonl');\n\(statement)\nSELECT k FROM s;\n")
        for command in ["check", "run"] {
            let result = try f.runPiped("", arguments: [command, f.path("job.sql")])
            #expect(result.status == 1)
            #expect(result.err.contains("job.sql:" + error), "\(result.err)")
        }
        #expect(f.lines("s.jsonl").count == 3, "the input is untouched")
    }

    @Test func deadLettersThatCannotBeWrittenStopTheRun() throws {
        let f = try ShellFixture()
        try f.write("bad.jsonl", "{\"k\": 1}\nnot json\n")
        try FileManager.default.createDirectory(atPath: f.path("folder"), withIntermediateDirectories: true)
        for (target, message) in [
            ("/dev/full", "cannot keep line 2 as a dead letter: /dev/full: No space left on device"),
            ("/proc/nope/dead.jsonl", "cannot keep dead letters there"),
        ] {
            try f.write("job.sql", "CREATE SOURCE b (k BIGINT) WITH ('connector' = 'file', 'path' = 'bad.jsonl', 'dead_letter.path' = '\(target)');\nSELECT k FROM b;\n")
            let run = try f.runPiped("", arguments: ["run", f.path("job.sql")])
            #expect(run.status == 1, "\(target)")
            #expect(run.err.contains(message), "\(run.err)")
        }
        for option in ["dead_letter.path", "late.output"] {
            try f.write("job.sql", "CREATE SOURCE b (k BIGINT) WITH ('connector' = 'file', 'path' = 'bad.jsonl', '\(option)' = 'folder');\n")
            let check = try f.runPiped("", arguments: ["check", f.path("job.sql")])
            #expect(check.status == 1)
            #expect(check.err.contains("'\(option)' names a folder"), "\(check.err)")
        }
        // A missing folder is made, as for sinks.
        try f.write("job.sql", "CREATE SOURCE b (k BIGINT) WITH ('connector' = 'file', 'path' = 'bad.jsonl', 'dead_letter.path' = 'new/dead.jsonl');\nSELECT k FROM b;\n")
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql")])
        #expect(run.status == 0)
        #expect(f.lines("new/dead.jsonl").count == 1)
    }

    /// Several window aggregates (and workers) keeping late events in one file all keep
    /// theirs.
    @Test(arguments: [1, 2])
    func lateEventsOfEveryOperatorAreKept(parallelism: Int) throws {
        let f = try ShellFixture()
        var log = ""
        for i in 0..<400 {
            let ts = i % 10 == 0 ? max(0, i - 50) * 1000 : i * 1000
            log += "{\"k\": \(i % 5), \"ts\": \(ts)}\n"
        }
        try f.write("w.jsonl", log)
        try f.write(
            "job.sql",
            """
            CREATE SOURCE w (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 'w.jsonl');
            SET 'late.output' = 'out/late.jsonl';
            CREATE SINK a WITH ('connector' = 'file', 'path' = 'out/a.jsonl');
            INSERT INTO a SELECT k, window_start, COUNT(*) FROM TUMBLE(w, ts, INTERVAL '5' SECOND) GROUP BY k, window_start, window_end;
            CREATE SINK b WITH ('connector' = 'file', 'path' = 'out/b.jsonl');
            INSERT INTO b SELECT window_start, COUNT(*) FROM TUMBLE(w, ts, INTERVAL '10' SECOND) GROUP BY window_start, window_end;
            """)
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "--batch-size", "1", "--parallelism", "\(parallelism)"])
        #expect(run.status == 0, "\(run.err)")
        let dropped = run.err.firstMatch(of: /(\d+) late events dropped/).map { Int($0.1) ?? -1 } ?? -1
        #expect(dropped > 0)
        #expect(f.lines("out/late.jsonl").count == dropped)
    }

    /// A followed log: each batch reaches stdout (a file here) and the file sink as soon as
    /// the job has caught up, and SIGTERM writes what was produced, then exits 143.
    @Test func aFollowedLogIsDeliveredAsItArrives() throws {
        let f = try ShellFixture()
        try f.write("in.jsonl", "")
        try f.write(
            "job.sql",
            """
            CREATE SOURCE s (k BIGINT) WITH ('connector' = 'file', 'path' = 'in.jsonl', 'follow' = 'true');
            SELECT k FROM s;
            CREATE SINK o WITH ('connector' = 'file', 'path' = 'out/o.jsonl');
            INSERT INTO o SELECT k FROM s;
            """)
        let job = try f.start(["run", f.path("job.sql"), "--format", "json"], name: "job")
        try f.append("in.jsonl", (1...10_000).map { "{\"k\": \($0)}\n" }.joined())
        let delivered = f.waitUntil { f.lines("job.out").count == 10_000 && f.lines("out/o.jsonl").count == 10_000 }
        #expect(delivered, "stdout \(f.lines("job.out").count), sink \(f.lines("out/o.jsonl").count) of 10000")
        try f.append("in.jsonl", "{\"k\": 10001}\n")
        #expect(f.waitUntil { f.lines("job.out").count == 10_001 })
        job.terminate()
        job.waitUntilExit()
        #expect(job.terminationStatus == 143)
        #expect(f.lines("job.err").contains { $0.contains("stopped by SIGTERM") })
    }

    @Test func aFollowedQueryInPipedStatementsPrintsAsRowsArrive() throws {
        let f = try ShellFixture()
        try f.write("in.jsonl", "")
        // Statements from a pipe that stays open while the query runs.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: ShellFixture.eddyPath)
        shell.arguments = ["repl", "--mode", "json"]
        shell.environment = f.environment()
        let input = Pipe()
        shell.standardInput = input
        for name in ["shell.out", "shell.err"] { _ = FileManager.default.createFile(atPath: f.path(name), contents: nil) }
        shell.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: f.path("shell.out")))
        shell.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: f.path("shell.err")))
        try shell.run()
        input.fileHandleForWriting.write(Data((f.createSource("s", columns: "k BIGINT", file: "in.jsonl", follow: true) + "\nSELECT k FROM s;\n").utf8))
        #expect(f.waitUntil { f.lines("shell.out").contains("created source s") })
        try f.append("in.jsonl", "{\"k\": 1}\n{\"k\": 2}\n")
        #expect(f.waitUntil { f.lines("shell.out").contains("{\"k\": 2}") }, "\(f.lines("shell.out"))")
        shell.terminate()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 143)
    }
}
