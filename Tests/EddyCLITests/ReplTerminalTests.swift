import Testing

/// The shell as a person uses it: the real `eddy` binary on a pseudo-terminal, keys typed,
/// output read back. Every wait is for something the shell prints (timeouts are only upper
/// bounds), so the tests are as fast as the shell.
@Suite("eddy repl on a terminal")
struct ReplTerminalTests {
    static let bidsColumns = "auction BIGINT, price BIGINT"
    static let bids = """
        {"auction": 1, "price": 10}
        {"auction": 2, "price": 25}
        {"auction": 3, "price": 40}

        """

    @Test func aStatementOverSeveralLinesGetsAContinuationPrompt() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", Self.bids)
        let shell = try fixture.startShell()
        try shell.send("CREATE SOURCE bids (\r")
        try shell.expect("   -> ")
        try shell.send("auction BIGINT, price BIGINT\r")
        try shell.expect("   -> ")
        try shell.send(") WITH ('connector' = 'file', 'path' = '\(fixture.path("bids.jsonl"))');\r")
        try shell.expect("created source bids")
        try shell.expect("eddy> ")
        try shell.send("SELECT auction, price\r")
        try shell.expect("   -> ")
        try shell.send("FROM bids WHERE price > 20;\r")
        let result = try shell.expect("2 rows")
        #expect(result.contains("│       2 │    25 │"))
        #expect(result.contains("│       3 │    40 │"))
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func historyIsKeptAcrossSessionsOneEntryPerStatement() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", Self.bids)
        let first = try fixture.startShell()
        try first.send("CREATE SOURCE bids (auction BIGINT,\r")
        try first.expect("   -> ")
        try first.send("price BIGINT) WITH ('connector' = 'file', 'path' = '\(fixture.path("bids.jsonl"))');\r")
        try first.expect("created source bids")
        try first.expect("eddy> ")
        try first.send("\u{04}")
        #expect(try first.waitForExit() == 0)

        // A new session: Up brings back the whole two-line statement, Enter runs it again.
        let second = try fixture.startShell()
        try second.send("\u{1B}[A\r")
        try second.expect("created source bids")
        try second.expect("eddy> ")
        try second.send("SHOW SOURCES;\r")
        try second.expect("bids")
        try second.expect("eddy> ")
        try second.send("\u{04}")
        #expect(try second.waitForExit() == 0)
    }

    @Test func tabCompletesAColumnOfTheRelationInTheStatement() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", Self.bids)
        try fixture.write("items.jsonl", "{\"product\": \"lamp\"}\n")
        let shell = try fixture.startShell()
        try shell.send(fixture.createSource("bids", columns: Self.bidsColumns, file: "bids.jsonl") + "\r")
        try shell.expect("eddy> ")
        try shell.send(fixture.createSource("items", columns: "product VARCHAR", file: "items.jsonl") + "\r")
        try shell.expect("eddy> ")
        // `pr` could be price or product; after FROM bids only price fits.
        try shell.send("SELECT auction FROM bids WHERE pr\t")
        try shell.expect("WHERE price ")
        try shell.send("> 20;\r")
        let result = try shell.expect("2 rows")
        #expect(!result.contains("error"))
        try shell.expect("eddy> ")
        // A source name after FROM.
        try shell.send("SELECT product FROM it\t")
        try shell.expect("FROM items ")
        try shell.send(";\r")
        try shell.expect("1 row")
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func ctrlCCancelsAContinuousQueryAndTheShellGoesOn() throws {
        let fixture = try ShellFixture()
        try fixture.write("clicks.jsonl", "{\"uid\": \"a\", \"price\": 1}\n{\"uid\": \"b\", \"price\": 2}\n")
        let shell = try fixture.startShell(term: "xterm")
        try shell.send(fixture.createSource("clicks", columns: "uid VARCHAR, price BIGINT", file: "clicks.jsonl", follow: true) + "\r")
        try shell.expect("created source clicks")
        try shell.expect("eddy> ")
        try shell.send("SELECT uid, COUNT(*) AS n, SUM(price) AS total FROM clicks GROUP BY uid;\r")
        try shell.expect("2 rows · 2 changes · Ctrl-C to stop")
        // Appended lines update the table in place: a's row changes, c's is added.
        try fixture.append("clicks.jsonl", "{\"uid\": \"a\", \"price\": 10}\n{\"uid\": \"c\", \"price\": 5}\n")
        let updated = try shell.expect("3 rows · 5 changes · Ctrl-C to stop")
        #expect(updated.contains("│ a   │ 2 │    11 │"))
        #expect(shell.rawTranscript.contains("\u{1B}[J"))  // redrawn, not appended
        try shell.send("\u{03}")
        try shell.expect("query cancelled (3 rows")
        try shell.expect("eddy> ")
        // Still usable, and the catalog is intact.
        try shell.send("SHOW SOURCES;\r")
        try shell.expect("clicks")
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func ctrlCAtThePromptDropsTheUnfinishedStatement() throws {
        let fixture = try ShellFixture()
        let shell = try fixture.startShell()
        try shell.send("SELECT oops\r")
        try shell.expect("   -> ")
        try shell.send("\u{03}")
        try shell.expect("^C")
        try shell.expect("eddy> ")
        try shell.send("SHOW SOURCES;\r")
        let out = try shell.expect("no sources")
        #expect(!out.contains("error"))
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func metaCommandsListDescribeAndHintAtTypos() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", Self.bids)
        let shell = try fixture.startShell()
        try shell.send(fixture.createSource("bids", columns: Self.bidsColumns, file: "bids.jsonl") + "\r")
        try shell.expect("eddy> ")
        try shell.send("\\d\r")
        try shell.expect("bids  source  2")
        try shell.expect("eddy> ")
        try shell.send("\\d bids\r")
        try shell.expect("price    BIGINT")
        try shell.expect("eddy> ")
        try shell.send("\\mdoe json\r")
        try shell.expect("unknown command '\\mdoe': did you mean '\\mode'?")
        try shell.expect("eddy> ")
        try shell.send("\\mode json\r")
        try shell.expect("mode json")
        try shell.expect("eddy> ")
        try shell.send("SELECT auction FROM bids WHERE price = 10;\r")
        try shell.expect("{\"auction\": 1}")
        try shell.expect("eddy> ")
        try shell.send("\\q\r")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func anErrorShowsACaretAndChangesNothing() throws {
        let fixture = try ShellFixture()
        try fixture.write("bids.jsonl", Self.bids)
        let shell = try fixture.startShell()
        try shell.send(fixture.createSource("bids", columns: Self.bidsColumns, file: "bids.jsonl") + "\r")
        try shell.expect("eddy> ")
        try shell.send("CREATE VIEW big AS SELECT prise FROM bids;\r")
        let error = try shell.expect("did you mean 'price'?")
        #expect(error.contains("<repl>:1:27: error: unknown column 'prise'"))
        #expect(error.contains("|" + String(repeating: " ", count: 27) + "^~~~~"))
        try shell.expect("eddy> ")
        try shell.send("\\d\r")
        let listing = try shell.expect("eddy> ")
        #expect(!listing.contains("big"))
        try shell.send("SELECT price FROM bids;\r")
        try shell.expect("3 rows")
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }

    @Test func eddyWithoutArgumentsOnATerminalOpensTheShell() throws {
        let fixture = try ShellFixture()
        let shell = try fixture.startShell(arguments: [])
        try shell.send("\\help\r")
        try shell.expect("\\mode [table|changelog|json]")
        try shell.expect("eddy> ")
        try shell.send("\u{04}")
        #expect(try shell.waitForExit() == 0)
    }
}
