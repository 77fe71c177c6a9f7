import Foundation
import Testing

/// Input a hostile or careless user gives: each once crashed, hung or misled; now each
/// gets a clear answer (an error at the place, or a documented result), through the CLI.
@Suite("Hostile input: numbers, times, literals and the command line")
struct HostileInputTests {
    func script(_ f: ShellFixture, _ text: String) throws -> String {
        try f.write("job.sql", text)
        return f.path("job.sql")
    }

    @Test func timestampsOutsideYears0000To9999AreMalformedAndArithmeticNeverWraps() throws {
        let f = try ShellFixture()
        try f.write(
            "t.jsonl",
            """
            {"k": 1, "ts": 9223372036854775807}
            {"k": 2, "ts": -9223372036854775808}
            {"k": 3, "ts": 253402300799999}
            {"k": 4, "ts": "2024-01-01T00:00:00+99:99"}
            {"k": 5, "ts": "9999-12-31T23:59:59.999-01:00"}

            """)
        let job = try script(
            f,
            """
            CREATE SOURCE t (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 't.jsonl', 'on_error' = 'skip');
            SELECT k, window_start FROM TUMBLE(t, ts, INTERVAL '5' SECOND) GROUP BY k, window_start, window_end;
            SELECT k, ts + INTERVAL '3652424' DAY AS later, ts - INTERVAL '3652424' DAY AS earlier FROM t;
            SELECT k, window_start FROM SESSION(t PARTITION BY k, ts, INTERVAL '1' DAY) GROUP BY k, window_start, window_end;
            """)
        let run = try f.runPiped("", arguments: ["run", job, "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("3,9999-12-31T23:59:55"))
        #expect(run.out.contains("3,,0000-01-01T23:59:59.999"), "the later time is NULL: \(run.out)")
        #expect(run.err.contains("4 malformed lines skipped"))
        #expect(run.err.contains("t.jsonl:1: field 'ts': 9223372036854775807 is outside the TIMESTAMP range (years 0000 to 9999)"))
        #expect(!run.err.contains("Fatal error"))
    }

    @Test(arguments: [
        ("SELECT ts + INTERVAL '999999999999999999999' SECOND FROM t;", "INTERVAL '999999999999999999999' SECOND is out of range"),
        ("SELECT ts + INTERVAL '1e30' SECOND FROM t;", "INTERVAL '1e30' SECOND is out of range"),
        ("SELECT ts + INTERVAL '106751991168' DAY FROM t;", "INTERVAL '106751991168' DAY is out of range"),
        ("SELECT COUNT(*) FROM HOP(t, ts, INTERVAL '1' SECOND, INTERVAL '3650' DAY) GROUP BY window_start, window_end;",
         "puts each event into 315,360,000 windows; at most 1,000 are allowed"),
        ("SET 'parallelism' = '10000';", "'parallelism' must be a whole number from 1 to 256, found '10000'"),
        ("SET 'parallelism' = '-3';", "'parallelism' must be a whole number from 1 to 256"),
        ("SET 'state.ttl' = '99999999999999999d';", "'99999999999999999d' is not a duration"),
        ("SELECT CAST(ts AS BOOLEAN) FROM t;", "cannot cast TIMESTAMP(3) to BOOLEAN"),
        ("SELECT * FROM (SELECT k, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM t) WHERE rn <= 0;",
         "this filter on the rank keeps no rows"),
    ])
    func outOfRangeLiteralsAndSettingsAreDiagnosedAtTheirPlace(statement: String, message: String) throws {
        let f = try ShellFixture()
        let job = try script(f, "CREATE SOURCE t (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 't.jsonl');\n\(statement)\n")
        let check = try f.runPiped("", arguments: ["check", job])
        #expect(check.status == 1)
        #expect(check.err.contains("job.sql:2:") && check.err.contains(message), "\(check.err)")
    }

    @Test func aRankBeyondBigintKeepsEveryRow() throws {
        let f = try ShellFixture()
        try f.write("t.jsonl", "{\"k\": 1, \"v\": 1}\n{\"k\": 1, \"v\": 2}\n")
        let job = try script(
            f,
            "CREATE SOURCE t (k BIGINT, v BIGINT) WITH ('connector' = 'file', 'path' = 't.jsonl');\n"
                + "SELECT k, v FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn FROM t) WHERE rn <= 99999999999999999999;\n")
        let run = try f.runPiped("", arguments: ["run", job, "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("+I,1,2"))
    }

    @Test func numbersBeyondBigintAreMalformedNotClamped() throws {
        let f = try ShellFixture()
        try f.write("n.jsonl", "{\"k\": -9223372036854775809}\n{\"k\": -9223372036854775808}\n{\"k\": 99999999999999999999}\n")
        let job = try script(f, "CREATE SOURCE n (k BIGINT) WITH ('connector' = 'file', 'path' = 'n.jsonl', 'on_error' = 'skip');\nSELECT k FROM n;\n")
        let run = try f.runPiped("", arguments: ["run", job, "--format", "csv"])
        #expect(run.out == "k\n-9223372036854775808\n")
        #expect(run.err.contains("2 malformed lines skipped"))
    }

    @Test func aByteOrderMarkBlankLinesNaNAndMissingEventTimes() throws {
        let f = try ShellFixture()
        try f.write("d.jsonl", "\u{FEFF}{\"k\": 1, \"d\": \"NaN\", \"ts\": 1000}\n\n\n{\"k\": 2, \"d\": \"-Infinity\", \"ts\": 2000}\n{\"k\": 3, \"d\": 1.5}\n")
        let job = try script(
            f,
            "CREATE SOURCE d (k BIGINT, d DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'file', 'path' = 'd.jsonl', 'on_error' = 'skip');\nSELECT k, d FROM d;\n")
        let run = try f.runPiped("", arguments: ["run", job, "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        // JSON has no NaN: written as Flink's JSON format writes it, as a string.
        #expect(run.out == "{\"k\": 1, \"d\": \"NaN\"}\n{\"k\": 2, \"d\": \"-Infinity\"}\n")
        #expect(run.err.contains("read 2 events"), "blank lines are not events: \(run.err)")
        #expect(run.err.contains("d.jsonl:5: field 'ts': the event time is missing (null)"))
    }

    /// 200 blank lines with one record a batch once took 20 s (a pause after each batch
    /// that held no row); it must not wait at all.
    @Test func blankLinesDoNotMakeTheReaderWait() throws {
        let f = try ShellFixture()
        try f.write("b.jsonl", "{\"k\": 1}\n" + String(repeating: "\n", count: 200) + "{\"k\": 2}\n")
        let job = try script(f, "CREATE SOURCE b (k BIGINT) WITH ('connector' = 'file', 'path' = 'b.jsonl');\nSELECT k FROM b;\n")
        let start = Date()
        let run = try f.runPiped("", arguments: ["run", job, "--batch-size", "1", "--format", "csv"])
        #expect(run.out == "k\n1\n2\n")
        #expect(Date().timeIntervalSince(start) < 10, "200 blank lines must not cost 20 s")
    }

    /// A line longer than 'json.max-line-bytes' is malformed and is never held whole in
    /// memory; the lines after it are read.
    @Test func anOversizedLineIsMalformed() throws {
        let f = try ShellFixture()
        try f.write("l.jsonl", "{\"k\": 1}\n{\"k\": \"" + String(repeating: "x", count: 300_000) + "\"}\n{\"k\": 2}\n")
        let job = try script(
            f, "CREATE SOURCE l (k BIGINT) WITH ('connector' = 'file', 'path' = 'l.jsonl', 'json.max-line-bytes' = '100000', 'on_error' = 'skip');\nSELECT k FROM l;\n")
        let run = try f.runPiped("", arguments: ["run", job, "--format", "csv"])
        #expect(run.out == "k\n1\n2\n")
        #expect(run.err.contains("l.jsonl:2: a line of 300009 bytes is longer than 'json.max-line-bytes' (100000)"), "\(run.err)")
        try f.write("bad.sql", "CREATE SOURCE l (k BIGINT) WITH ('connector' = 'file', 'path' = 'l.jsonl', 'json.max-line-bytes' = '0');\n")
        let check = try f.runPiped("", arguments: ["check", f.path("bad.sql")])
        #expect(check.err.contains("'json.max-line-bytes' must be a number of bytes from 1 to 1073741824, found '0'"))
    }

    @Test func theCommandLineSaysWhatIsWrong() throws {
        let f = try ShellFixture()
        let job = try script(f, "CREATE SOURCE s (k BIGINT);\nSELECT k FROM s;\n")
        for (args, message) in [
            (["run", job, "--batch-size", "-3"], "--batch-size must be between 1 and 1048576"),
            (["run", job, "--parallelism", "-1"], "--parallelism must be between 1 and 256"),
            (["run", job, "--checkpoint-dir", f.path("ck"), "--retain", "-1"], "--retain must be at least 1"),
            (["compile", job, "-o", f.path("no/such/plan.json")], "the folder \(f.path("no/such")) does not exist"),
            (["check", job], "source 's' has no connector"),
            (["test", f.directory], "no test files (.slt)"),
        ] {
            let result = try f.runPiped("", arguments: args)
            #expect(result.status != 0, "\(args)")
            #expect(result.err.contains(message), "\(args): \(result.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.path("no")))
        let shell = try f.runPiped("\\i /dev/zero\n\\i \(f.directory)\n")
        #expect(shell.status == 1)
        #expect(shell.err.contains("\\i /dev/zero: not a script file (not a regular file)"))
        #expect(shell.err.contains("not a script file (a folder)"))
    }

    @Test func aDamagedManifestIsNamedNotEchoed() throws {
        let f = try ShellFixture()
        try f.write("s.jsonl", "{\"k\": 1}\n")
        let job = try script(f, "CREATE SOURCE s (k BIGINT) WITH ('connector' = 'file', 'path' = 's.jsonl');\nSELECT k FROM s;\n")
        #expect(try f.runPiped("", arguments: ["run", job, "--checkpoint-dir", f.path("ck"), "-q"]).status == 0)
        try f.append("ck/MANIFEST", "\u{1}\u{2}garbage\u{7f}\n")
        let run = try f.runPiped("", arguments: ["run", job, "--checkpoint-dir", f.path("ck"), "--recover", "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.err.contains("MANIFEST has 1 line that name no checkpoint (damaged?); ignored"), "\(run.err)")
        #expect(!run.err.contains("garbage"))
        #expect(run.err.contains("recovering from checkpoint 1"))
    }

    @Test(arguments: [
        ("watermark nosuch 2024-01-01T00:00:00\n", "unknown source 'nosuch' (sources: s)"),
        ("end of input nosuch\n", "unknown source 'nosuch'"),
        ("events nosuch\n{\"k\": 1}\n", "unknown source 'nosuch'"),
        ("changes v rowsrot\n----\n", "unknown option 'rowsrot'"),
        ("query I\nSELECT k FROM s\n1\n", "needs ---- and the expected rows"),
        ("changes v\n+I 1\n", "takes no SQL: write ---- before its expected rows"),
        ("crash now\n", "'crash now' takes nothing after 'crash'"),
    ])
    func eddyTestRefusesWhatItWouldOtherwiseIgnore(record: String, message: String) throws {
        let f = try ShellFixture()
        try f.write("case.slt", "statement ok\nCREATE SOURCE s (k BIGINT)\n\n" + record)
        let run = try f.runPiped("", arguments: ["test", f.path("case.slt")])
        #expect(run.status == 1, "\(record)")
        #expect((run.out + run.err).contains(message), "\(record): \(run.out) \(run.err)")
    }

    @Test func aTestFileWithWindowsLineEndsReadsTheSame() throws {
        let f = try ShellFixture()
        let text = "statement ok\nCREATE SOURCE s (k BIGINT)\n\nevents s\n{\"k\": 1}\n\nquery I\nSELECT k FROM s\n----\n1\n"
        try f.write("crlf.slt", text.replacingOccurrences(of: "\n", with: "\r\n"))
        let run = try f.runPiped("", arguments: ["test", f.path("crlf.slt")])
        #expect(run.status == 0, "\(run.out) \(run.err)")
        #expect(run.out.contains("3 records, 0 failures"))
    }
}
