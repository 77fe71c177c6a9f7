import Testing

/// The shell without a terminal: statements from stdin, no prompts, no escape codes, and
/// an exit status a script can test.
@Suite("eddy repl from a pipe")
struct ReplPipeTests {
    @Test func showSourcesFromEcho() throws {
        let fixture = try ShellFixture()
        let (out, err, status) = try fixture.runPiped("SHOW SOURCES;\n")
        #expect(out == "no sources\n")
        #expect(err == "")
        #expect(status == 0)
    }

    @Test func aScriptRunsInOrderAndAFailureSetsTheExitStatus() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", "{\"auction\": 1, \"price\": 10}\n{\"auction\": 1, \"price\": 30}\n{\"auction\": 2, \"price\": 5}\n")
        let script = """
            \(fixture.createSource("bids", columns: "auction BIGINT, price BIGINT", file: "bids.jsonl"))
            -- a comment on its own line
            SELECT auction, SUM(price) AS total
            FROM bids GROUP BY auction;
            SELECT prise FROM bids;
            \\mode json
            SELECT auction FROM bids WHERE price > 20
            """
        let (out, err, status) = try fixture.runPiped(script)
        #expect(out == """
            created source bids
            ┌─────────┬───────┐
            │ auction │ total │
            ├─────────┼───────┤
            │       1 │    40 │
            │       2 │     5 │
            └─────────┴───────┘
            2 rows
            mode json
            {"auction": 1}

            """)
        // Line numbers are the script's.
        #expect(err.hasPrefix("<stdin>:5:8: error: unknown column 'prise' in source 'bids'\n    5 | SELECT prise FROM bids;\n      |        ^~~~~\n"))
        #expect(!out.contains("\u{1B}") && !err.contains("\u{1B}"))
        #expect(!out.contains("eddy>"))
        #expect(status == 1)
    }

    @Test func includeRunsAScriptWithPathsRelativeToIt() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", "{\"auction\": 7, \"price\": 10}\n")
        try fixture.write("setup.sql", "CREATE SOURCE bids (auction BIGINT, price BIGINT) WITH ('connector' = 'file', 'path' = 'bids.jsonl');\n")
        let (out, err, status) = try fixture.runPiped("\\i \(fixture.path("setup.sql"))\n\\mode changelog\nSELECT auction FROM bids;\n")
        #expect(out == "created source bids\nmode changelog\nop  auction\n+I  7\n1 row\n")
        #expect(err == "")
        #expect(status == 0)
    }

    @Test func eddyWithoutArgumentsAndWithoutATerminalPrintsHelp() throws {
        let fixture = try ShellFixture()
        let (out, _, status) = try fixture.runPiped("", arguments: [])
        #expect(out.contains("USAGE: eddy <subcommand>"))
        #expect(out.contains("repl"))
        #expect(status == 0)
    }

    @Test func explainWithTheFlinkTargetPrintsFlinkSQL() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", "{\"auction\": 1, \"price\": 10}\n")
        let script = """
            \(fixture.createSource("bids", columns: "auction BIGINT, price BIGINT", file: "bids.jsonl"))
            \\target flink
            EXPLAIN SELECT auction, price % 7 AS r FROM bids WHERE price > 1;
            \\target eddy
            \\target spark
            """
        let (out, err, status) = try fixture.runPiped(script)
        #expect(out.contains("target flink: EXPLAIN shows the statement in Flink SQL\n"))
        #expect(out.contains("SELECT auction, MOD(price, 7) AS r\nFROM bids\nWHERE price > 1;\n"), "\(out)\n\(err)")
        #expect(out.contains("target eddy: EXPLAIN shows Eddy's plan\n"))
        #expect(err.contains("unknown target 'spark'"))
        #expect(status == 1)
    }
}
