import Testing

@testable import EddySQL

/// A small deterministic generator, so that a failure reproduces.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let script = """
    CREATE SOURCE bids (auction BIGINT NOT NULL, price DOUBLE, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '4' SECOND, PRIMARY KEY (auction) NOT ENFORCED)
      WITH ('connector' = 'file', 'path' = 'b.jsonl');
    CREATE MATERIALIZED VIEW v (a, n) AS SELECT auction, COUNT(*) FROM bids GROUP BY auction;
    SELECT auction, window_start, COUNT(*) AS n, SUBSTRING('abc' FROM 1 FOR 2), CASE WHEN price > 1 THEN 'x' ELSE 'y' END
    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) AS w
    LEFT JOIN (SELECT auction AS k FROM bids) s ON w.auction = s.k
    WHERE price BETWEEN 1 AND 2 AND auction NOT IN (1, 2) OR "price" IS NOT NULL
    GROUP BY auction, window_start, window_end HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT 10;
    WITH x AS (SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS r FROM t) SELECT * FROM x UNION ALL SELECT 1;
    INSERT INTO out SELECT * FROM SESSION(bids PARTITION BY auction, ts, INTERVAL '1' MINUTE);
    EXPLAIN VERBOSE SELECT CAST(price AS DECIMAL(10, 2)), TRIM(BOTH 'x' FROM 'xax'), EXTRACT(YEAR FROM ts) FROM bids;
    SET 'state.ttl' = '1 h'; RESET 'state.ttl'; SHOW SOURCES; DESCRIBE bids; DROP VIEW IF EXISTS v
    """

@Suite("Parser: robustness")
struct RobustnessTests {
    @Test func theWholeScriptParses() {
        let r = SQLParser.parseScript(SourceText(name: "t", text: script))
        #expect(r.diagnostics.isEmpty)
        #expect(r.statements.count == 11)
    }

    @Test func everyPrefixGivesAStatementOrADiagnosticForEachStatementStarted() {
        let bytes = Array(script.utf8)
        for n in 0...bytes.count {
            let text = String(decoding: bytes[0..<n], as: UTF8.self)
            let r = SQLParser.parseScript(SourceText(name: "t", text: text))
            // The script has no ';' inside strings, so its pieces are its statements.
            let started = text.split(separator: ";").filter { !$0.allSatisfy(\.isWhitespace) }.count
            #expect(r.statements.count + r.diagnostics.count >= started, "prefix of \(n) bytes")
            #expect(r.statements.count <= started)
            for d in r.diagnostics { #expect(d.span.start >= 0 && d.span.end <= n) }
        }
    }

    @Test func truncatedStatementsAreOneDiagnosticEach() {
        let truncated = [
            "SELECT", "SELECT a,", "SELECT a FROM", "SELECT a FROM t WHERE", "SELECT a FROM t WHERE a BETWEEN 1",
            "SELECT a FROM t GROUP", "SELECT a FROM t JOIN u", "SELECT a FROM t JOIN u ON", "SELECT CAST(a AS",
            "SELECT CASE WHEN a", "CREATE", "CREATE SOURCE s (", "CREATE SOURCE s (a", "CREATE SOURCE s (a INT) WITH (",
            "CREATE SOURCE s (a INT) WITH ('k' =", "CREATE VIEW v AS", "CREATE SINK s FROM", "INSERT INTO s", "EXPLAIN",
            "SHOW", "DESCRIBE", "SET 'k'", "SET 'k' =", "RESET", "DROP VIEW", "SELECT 1 FROM TABLE(TUMBLE(TABLE b,",
            "SELECT 1 FROM HOP(b, ts,", "WITH w AS (SELECT 1)", "SELECT ROW_NUMBER() OVER (PARTITION BY",
            "SELECT INTERVAL '1'", "SELECT a FROM t UNION", "SELECT a FROM t ORDER BY a NULLS",
        ]
        for text in truncated {
            #expect(SQLParser.parseScript(SourceText(name: "t", text: text)).diagnostics.count == 1, "\(text)")
            #expect(throws: DiagnosticList.self, "\(text)") { try SQLParser.parseStatement(SourceText(name: "t", text: text)) }
        }
    }

    @Test func randomTokenSoupNeverCrashes() {
        let pieces = [
            "SELECT", "FROM", "WHERE", "(", ")", ",", ";", "a", "t.b", "'s'", "1", "2.5", "+", "-", "*", "=", "AND", "NOT",
            "CASE", "WHEN", "THEN", "END", "JOIN", "ON", "GROUP", "BY", "TABLE", "TUMBLE", "DESCRIPTOR", "INTERVAL", "SECOND",
            "CREATE", "SOURCE", "WITH", "AS", "IN", "BETWEEN", "IS", "NULL", "OVER", "PARTITION", "\"q\"", "--c\n", "/*",
            "'", "\"", "`", "@", "é", "||", "==", ".", "SESSION", "UNION", "ALL", "LIMIT", "TRIM", "FOR", "CAST", "INSERT",
        ]
        var random = SplitMix64(state: 42)
        for _ in 0..<2000 {
            let count = Int.random(in: 1...30, using: &random)
            let text = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }.joined(separator: " ")
            let r = SQLParser.parseScript(SourceText(name: "t", text: text))
            for d in r.diagnostics { #expect(d.span.end <= text.utf8.count) }
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(state: 7)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = SQLParser.parseScript(SourceText(name: "t", text: text))
            _ = try? SQLParser.parseExpression(SourceText(name: "t", text: text))
        }
    }

    @Test func deepNestingIsADiagnosticNotAStackOverflow() {
        let deep = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        #expect(SQL.diagnostics("SELECT " + deep).first?.hasSuffix("the statement is nested too deeply (more than 48 levels)") == true)
        let subqueries = String(repeating: "SELECT * FROM (", count: 5_000) + "SELECT 1" + String(repeating: ")", count: 5_000)
        #expect(SQL.diagnostics(subqueries).count == 1)
        let cases = String(repeating: "CASE WHEN a THEN ", count: 5_000) + "1" + String(repeating: " END", count: 5_000)
        #expect(SQL.diagnostics("SELECT " + cases).count == 1)
        let calls = String(repeating: "f(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(SQL.diagnostics("SELECT " + calls).count == 1)
    }

    @Test func largeScriptsParseInOnePass() {
        let good = String(repeating: "SELECT a, b + 1 FROM t WHERE c = 'x';\n", count: 20_000)
        #expect(SQLParser.parseScript(SourceText(name: "t", text: good)).statements.count == 20_000)
        let bad = String(repeating: "SELECT @;", count: 50_000)
        #expect(SQLParser.parseScript(SourceText(name: "t", text: bad)).diagnostics.count == 50_000)
    }

    @Test func nestingBelowTheLimitParses() {
        let depth = Parser.maximumDepth - 2
        let nested = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(SQL.diagnostics("SELECT " + nested).isEmpty)
    }

    @Test func longChainsParseUpToALimitThatKeepsTheTreeShallow() {
        let limit = Parser.maximumLinks
        #expect(SQL.diagnostics("SELECT " + String(repeating: "NOT ", count: limit) + "a").isEmpty)
        #expect(SQL.diagnostics("SELECT a" + String(repeating: " + a", count: limit)).isEmpty)
        #expect(SQL.diagnostics("SELECT a" + String(repeating: " + a", count: limit / 2) + ", a" + String(repeating: " OR a", count: limit / 2)).isEmpty)
        #expect(SQL.diagnostics("SELECT a FROM t" + String(repeating: " JOIN t ON TRUE", count: limit)).isEmpty)
        #expect(SQL.diagnostics("SELECT " + String(repeating: "- ", count: 200_000) + "a")
            == ["1:2008: the expression is too long (more than 1000 operators)"])
        #expect(SQL.diagnostics("SELECT a" + String(repeating: " OR a", count: 200_000)).count == 1)
        #expect(SQL.diagnostics("SELECT 1" + String(repeating: " UNION SELECT 1", count: 20_000)).count == 1)
    }
}
