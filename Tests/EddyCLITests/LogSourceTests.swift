import Foundation
import Testing

/// Logs in: globs of files read in name order as one log, CSV as well as JSON lines,
/// gzip-compressed files, standard input; and CSV out. Through `eddy run`.
@Suite("Logs in: globs, CSV, gzip, stdin")
struct LogSourceTests {
    func run(_ f: ShellFixture, _ script: String, _ extra: [String] = [], input: String = "") throws -> (out: String, err: String, status: Int32) {
        try f.write("job.sql", script)
        return try f.runPiped(input, arguments: ["run", f.path("job.sql"), "--format", "csv"] + extra)
    }

    func gzip(_ f: ShellFixture, _ name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-f", f.path(name)]
        try p.run()
        p.waitUntilExit()
    }

    @Test func aGlobIsOneLogInNameOrderCSVOrJSONCompressedOrNot() throws {
        let f = try ShellFixture()
        try f.write("ledger-2024-02.csv", "ts,account,amount\n2024-02-01T00:00:00,bob,5\n")
        try f.write("ledger-2024-01.csv", "account,amount,ts\nalice,10.5,2024-01-01T00:00:00\n\"a,b\",\"2\",2024-01-02T00:00:00\n")
        try f.write("ledger-2024-03.csv", "account,amount,ts\ncarol,,2024-03-01T00:00:00\n")
        try gzip(f, "ledger-2024-03.csv")
        let result = try run(
            f,
            """
            CREATE SOURCE ledger (account VARCHAR, amount DOUBLE, ts TIMESTAMP(3))
            WITH ('connector' = 'file', 'path' = 'ledger-*', 'format' = 'csv');
            SELECT account, amount, ts FROM ledger;
            """)
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out == """
                account,amount,ts
                alice,10.5,2024-01-01T00:00:00
                "a,b",2.0,2024-01-02T00:00:00
                bob,5.0,2024-02-01T00:00:00
                carol,,2024-03-01T00:00:00

                """)
        #expect(result.err.contains("read 4 events"), "header lines are not events: \(result.err)")
    }

    @Test func csvOptions() throws {
        let f = try ShellFixture()
        try f.write("t.tsv", "1\t'x\ty'\tNA\n2\t\t7\n")
        let result = try run(
            f,
            """
            CREATE SOURCE t (id BIGINT, name VARCHAR, n BIGINT)
            WITH ('connector' = 'file', 'path' = 't.tsv', 'format' = 'csv', 'csv.header' = 'false',
                  'csv.field-delimiter' = '\\t', 'csv.quote-character' = '''', 'csv.null-literal' = 'NA');
            SELECT id, name, n, name IS NULL AS no_name FROM t;
            """)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "id,name,n,no_name\n1,x\ty,,false\n2,,7,false\n")
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", "t.csv:2: expected 2 fields, found 3 (column 5)"),
        ("a,c\n1,2\n", "t.csv:1: the header of"),
        ("a,b\n1,x\n", "t.csv:2: field 'b' (column 3): expected BIGINT, found 'x'"),
        ("a,b\n\"1,2\n", "t.csv:2: a quoted field starting at column 1 does not end on its line"),
    ])
    func badCSVSaysWhereAndWhat(_ text: String, _ message: String) throws {
        let f = try ShellFixture()
        try f.write("t.csv", text)
        let result = try run(f, "CREATE SOURCE t (a BIGINT, b BIGINT) WITH ('connector' = 'file', 'path' = 't.csv', 'format' = 'csv');\nSELECT * FROM t;\n")
        #expect(result.status == 1)
        #expect(result.err.contains(message), "\(result.err)")
    }

    @Test func aGlobThatMatchesNothingIsAnError() throws {
        let f = try ShellFixture()
        let result = try run(f, "CREATE SOURCE t (a BIGINT) WITH ('connector' = 'file', 'path' = 'logs/*.jsonl');\nSELECT * FROM t;\n")
        #expect(result.status == 1)
        #expect(result.err.contains("logs/*.jsonl' matches no file"))
    }

    @Test func standardInputIsASource() throws {
        let f = try ShellFixture()
        let result = try run(
            f, "CREATE SOURCE s (k BIGINT, name VARCHAR) WITH ('connector' = 'stdin');\nSELECT k, UPPER(name) AS name FROM s;\n",
            input: "{\"k\": 1, \"name\": \"a\"}\n{\"k\": 2, \"name\": \"b\"}\n")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "k,name\n1,A\n2,B\n")
    }

    /// A CSV sink writes its header once, also when checkpoints commit its rows in
    /// segments, and a run killed and recovered over a glob of files (one compressed)
    /// gives the same output as one that was not.
    @Test func aGlobRecoversExactlyOnceIntoACSVSink() throws {
        let f = try ShellFixture()
        for file in 0..<3 {
            var text = "k,v,ts\n"
            for i in 0..<2000 { text += "k\(i % 7),\(i),\((file * 2000 + i) * 100)\n" }
            try f.write("part-\(file).csv", text)
        }
        try gzip(f, "part-2.csv")
        let script = """
            CREATE SOURCE b (k VARCHAR, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
            WITH ('connector' = 'file', 'path' = 'part-*', 'format' = 'csv');
            CREATE SINK o WITH ('connector' = 'file', 'path' = 'out/o.csv', 'format' = 'csv');
            INSERT INTO o SELECT k, window_start, SUM(v) AS total FROM TUMBLE(b, ts, INTERVAL '10' SECOND) GROUP BY k, window_start, window_end;
            """
        #expect(try run(f, script, ["-q"]).status == 0)
        let reference = try String(contentsOfFile: f.path("out/o.csv"), encoding: .utf8)
        #expect(reference.hasPrefix("k,window_start,total\n"))
        try FileManager.default.removeItem(atPath: f.path("out"))
        // Stop after a few batches (SIGTERM: a last checkpoint), then recover to the end.
        let job = try f.start(["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--checkpoint-interval", "1ms", "--batch-size", "50"], name: "first")
        #expect(f.waitUntil { f.lines("ck/MANIFEST").count >= 2 })
        job.terminate()
        job.waitUntilExit()
        let listing = try f.runPiped("", arguments: ["checkpoints", f.path("ck")])
        #expect(listing.out.contains("b@part-"), "the position names the file of the glob: \(listing.out)")
        let resumed = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--recover"])
        #expect(resumed.status == 0, "\(resumed.err)")
        let recovered = try String(contentsOfFile: f.path("out/o.csv"), encoding: .utf8)
        #expect(recovered.split(separator: "\n").sorted() == reference.split(separator: "\n").sorted())
        #expect(recovered.hasPrefix("k,window_start,total\n"))
    }
}
