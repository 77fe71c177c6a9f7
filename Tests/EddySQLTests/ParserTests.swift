import Testing

@testable import EddySQL

private func parse(_ text: String) throws -> Statement {
    try SQLParser.parseStatement(SourceText(name: "t", text: text))
}

private func expr(_ text: String) -> String {
    do {
        return ASTPrinter.expr(try SQLParser.parseExpression(SourceText(name: "t", text: text)))
    } catch {
        return "error: \((error as? DiagnosticList)?.diagnostics.first?.message ?? "\(error)")"
    }
}

private func query(_ text: String) -> String {
    do {
        guard case .query(let q) = try parse(text).kind else { return "not a query" }
        return ASTPrinter.query(q)
    } catch {
        return "error: \((error as? DiagnosticList)?.diagnostics.first?.message ?? "\(error)")"
    }
}

/// The first diagnostic of a statement as `line:column: message`.
private func error(_ text: String) -> String {
    let source = SourceText(name: "t", text: text)
    let result = SQLParser.parseScript(source)
    guard let d = result.diagnostics.first else { return "no error" }
    return "\(source.location(of: d.span.start)): \(d.message)"
}

@Suite("Parser: expressions")
struct ExpressionParserTests {
    @Test func precedenceOfArithmeticLogicAndComparison() {
        #expect(expr("a + b * c") == "(+ a (* b c))")
        #expect(expr("a - b - c") == "(- (- a b) c)")
        #expect(expr("a OR b AND c") == "(OR a (AND b c))")
        #expect(expr("NOT a = b AND c") == "(AND (NOT (= a b)) c)")
        #expect(expr("-a * b") == "(* (- a) b)")
        #expect(expr("a || b = c") == "(= (|| a b) c)")
        #expect(expr("(a + b) * c") == "(* (+ a b) c)")
        #expect(expr("a % 2 <> 0") == "(<> (% a 2) 0)")
        #expect(expr("a != b") == "(<> a b)")
    }

    @Test func predicates() {
        #expect(expr("x IS NULL") == "(is-null x)")
        #expect(expr("x IS NOT NULL") == "(is-not-null x)")
        #expect(expr("x BETWEEN 1 AND 2 AND y") == "(AND (between x 1 2) y)")
        #expect(expr("x NOT BETWEEN a + 1 AND b") == "(not-between x (+ a 1) b)")
        #expect(expr("x IN (1, 2, 3)") == "(in x 1 2 3)")
        #expect(expr("x NOT IN ('a')") == "(not-in x 'a')")
        #expect(expr("name LIKE 'a%'") == "(like name 'a%')")
        #expect(expr("name NOT LIKE '%z'") == "(not-like name '%z')")
    }

    @Test func literals() {
        #expect(expr("INTERVAL '10' SECOND") == "(interval '10' SECOND)")
        #expect(expr("TIMESTAMP '2024-01-01 00:00:00'") == "(timestamp '2024-01-01 00:00:00')")
        #expect(expr("TRUE AND NULL") == "(AND TRUE NULL)")
        #expect(expr("'it''s'") == "'it's'")
    }

    @Test func caseAndCast() {
        #expect(expr("CASE WHEN a > 1 THEN 'x' ELSE 'y' END") == "(case (when (> a 1) 'x') (else 'y'))")
        #expect(expr("CASE k WHEN 1 THEN 'one' WHEN 2 THEN 'two' END") == "(case k (when 1 'one') (when 2 'two'))")
        #expect(expr("CAST(x AS DECIMAL(10, 2))") == "(cast x DECIMAL(10,2))")
        #expect(expr("CAST(ts AS TIMESTAMP(3))") == "(cast ts TIMESTAMP(3))")
    }

    @Test func functionCalls() {
        #expect(expr("COUNT(*)") == "(COUNT *)")
        #expect(expr("count(DISTINCT user_id)") == "(COUNT distinct user_id)")
        #expect(expr("ROUND(AVG(x), 2)") == "(ROUND (AVG x) 2)")
        #expect(expr("ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC)") == "(ROW_NUMBER (over (partition a) (order b desc)))")
        #expect(expr("t.col + 1") == "(+ t.col 1)")
    }

    @Test func specialArgumentForms() {
        #expect(expr("SUBSTRING(s FROM 2 FOR 3)") == "(SUBSTRING s 2 3)")
        #expect(expr("SUBSTRING(s, 2)") == "(SUBSTRING s 2)")
        #expect(expr("POSITION('a' IN s)") == "(POSITION 'a' s)")
        #expect(expr("FLOOR(ts TO MINUTE)") == "(FLOOR ts MINUTE)")
        #expect(expr("EXTRACT(YEAR FROM ts)") == "(EXTRACT YEAR ts)")
        #expect(expr("TRIM(BOTH 'x' FROM s)") == "(TRIM BOTH 'x' s)")
        #expect(expr("TRIM(LEADING FROM s)") == "(TRIM LEADING ' ' s)")
        #expect(expr("TRIM(s)") == "(TRIM s)")
    }

    @Test func nonReservedWordsAreNames() {
        #expect(expr("date + value - count") == "(- (+ date value) count)")
        #expect(expr("`select` + 1") == "(+ select 1)")
    }
}

@Suite("Parser: queries")
struct QueryParserTests {
    @Test func selectWithEveryClause() {
        #expect(query("SELECT DISTINCT a, b AS x, c y FROM t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 2")
            == "select distinct a, b as x, c as y from t where (> a 1) group a,b having (> (COUNT *) 2)")
    }

    @Test func wildcards() {
        #expect(query("SELECT *, t.* FROM t") == "select *, t.* from t")
    }

    @Test func windowFunctionsInFlinksFormAndTheShortForm() {
        #expect(query("SELECT 1 FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))")
            == "select 1 from (TUMBLE/flink bids ts (interval '10' SECOND))")
        #expect(query("SELECT 1 FROM HOP(bids, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS h")
            == "select 1 from (HOP bids ts (interval '2' SECOND) (interval '10' SECOND)) as h")
        #expect(query("SELECT 1 FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(ts), INTERVAL '5' MINUTE))")
            == "select 1 from (SESSION/flink bids ts (partition bidder) (interval '5' MINUTE))")
        #expect(query("SELECT 1 FROM CUMULATE((SELECT * FROM b), ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR)")
            == "select 1 from (CUMULATE (subquery select * from b) ts (interval '1' MINUTE) (interval '1' HOUR))")
    }

    @Test func windowArgumentCountsAreChecked() {
        #expect(query("SELECT 1 FROM HOP(b, ts, INTERVAL '2' SECOND)") == "error: HOP takes a slide and a size, found 1 interval")
    }

    @Test func joins() {
        #expect(query("SELECT 1 FROM a JOIN b ON a.k = b.k LEFT OUTER JOIN c ON c.k = a.k")
            == "select 1 from (left-join (inner-join a b (= a.k b.k)) c (= c.k a.k))")
        #expect(query("SELECT 1 FROM a FULL JOIN b ON TRUE") == "select 1 from (full-join a b TRUE)")
    }

    @Test func subqueriesCTEsUnionsOrderAndLimit() {
        #expect(query("SELECT x FROM (SELECT a AS x FROM t) s") == "select x from (subquery select a as x from t) as s")
        #expect(query("WITH w AS (SELECT a FROM t) SELECT a FROM w") == "with w=(select a from t) select a from w")
        #expect(query("SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v")
            == "((select a from t union all select b from u) union select c from v)")
        #expect(query("SELECT a FROM t ORDER BY a DESC LIMIT 3") == "select a from t order a desc limit 3")
    }
}

@Suite("Parser: statements")
struct StatementParserTests {
    @Test func createSourceWithWatermarkKeyAndOptions() throws {
        let s = try parse("""
            CREATE SOURCE IF NOT EXISTS bids (
              auction BIGINT NOT NULL, price DOUBLE, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '4' SECOND,
              PRIMARY KEY (auction) NOT ENFORCED
            ) WITH ('connector' = 'file', 'path' = 'bids.jsonl')
            """)
        guard case .createSource(let c) = s.kind else {
            Issue.record("not a CREATE SOURCE")
            return
        }
        #expect(c.kind == .source && c.ifNotExists)
        #expect(c.columns.map(\.name.name) == ["auction", "price", "ts"])
        #expect(c.columns.map(\.type.name) == ["BIGINT", "DOUBLE", "TIMESTAMP"])
        #expect(c.columns[0].notNull)
        #expect(c.watermark.map { ASTPrinter.expr($0.expression) } == "(- ts (interval '4' SECOND))")
        #expect(c.primaryKey.map(\.name) == ["auction"])
        #expect(c.options.map { "\($0.key.value)=\($0.value.value)" } == ["connector=file", "path=bids.jsonl"])
    }

    @Test func createTableViewAndSinks() throws {
        guard case .createSource(let t) = try parse("CREATE TABLE dim (k VARCHAR)").kind else { return #expect(Bool(false)) }
        #expect(t.kind == .table)
        guard case .createView(let v) = try parse("CREATE MATERIALIZED VIEW v (a) AS SELECT x FROM t").kind else { return #expect(Bool(false)) }
        #expect(v.materialized && v.columnNames.map(\.name) == ["a"])
        guard case .createSink(let k) = try parse("CREATE SINK s FROM v WITH ('connector' = 'file', 'path' = 'o')").kind else {
            return #expect(Bool(false))
        }
        guard case .relation(let r) = k.input else { return #expect(Bool(false)) }
        #expect(r.name == "v")
        guard case .createSink(let k2) = try parse("CREATE SINK s AS SELECT a FROM t WITH ('connector' = 'file', 'path' = 'o')").kind,
            case .query = k2.input
        else { return #expect(Bool(false)) }
    }

    @Test func insertExplainShowDescribeSetDrop() throws {
        guard case .insert(let i) = try parse("INSERT INTO out SELECT a FROM t").kind else { return #expect(Bool(false)) }
        #expect(i.target.name == "out")
        guard case .explain(let e) = try parse("EXPLAIN LOGICAL VERBOSE SELECT a FROM t").kind else { return #expect(Bool(false)) }
        #expect(e.mode == .logical && e.verbose)
        guard case .show(.sources, _) = try parse("SHOW SOURCES;").kind else { return #expect(Bool(false)) }
        guard case .describe(let d) = try parse("DESC bids").kind else { return #expect(Bool(false)) }
        #expect(d.name == "bids")
        guard case .set(let key, let value) = try parse("SET 'state.ttl' = '1h'").kind else { return #expect(Bool(false)) }
        #expect(key.value == "state.ttl" && value.value == "1h")
        guard case .set(let k2, let v2) = try parse("SET checkpoint.interval = 5s").kind else { return #expect(Bool(false)) }
        #expect(k2.value == "checkpoint.interval" && v2.value == "5s")
        guard case .drop(.view, let n, true) = try parse("DROP VIEW IF EXISTS v").kind else { return #expect(Bool(false)) }
        #expect(n.name == "v")
    }

    @Test func scriptsSplitOnSemicolonsAndSkipEmptyStatements() {
        let r = SQLParser.parseScript(SourceText(name: "t", text: ";; SHOW SOURCES; -- c\n SHOW VIEWS ;\n"))
        #expect(r.statements.count == 2)
        #expect(r.diagnostics.isEmpty)
    }
}

@Suite("Parser: errors")
struct ParserErrorTests {
    @Test func messagesSayWhatWasExpectedAndFound() {
        #expect(error("SELECT a FROM") == "1:14: expected a source or view name, found end of input")
        #expect(error("SELECT a, FROM t") == "1:11: unexpected FROM after ','")
        #expect(error("SELECT a b c FROM t") == "1:12: expected ',' or FROM after the select list, found 'c'")
        #expect(error("SELECT (a + 1 FROM t") == "1:15: expected ')' to close '(' at 1:8, found 'FROM'")
        #expect(error("SELECT a FROM t WHERE") == "1:22: expected a condition after WHERE, found end of input")
        #expect(error("SELECT a FROM t GROUP a") == "1:23: expected BY after GROUP, found 'a'")
        #expect(error("SELECT a FROM t WHERE a == 1") == "1:25: unexpected '=='")
        #expect(error("CREATE SOURCE s a BIGINT") == "1:17: expected '(' and the column list after the name, found 'a'")
        #expect(error("CREATE SOURCE s (a BIGINT b VARCHAR)") == "1:27: expected ',' or ')' in the column list, found 'b'")
        #expect(error("SELECT select FROM t") == "1:8: expected an expression, found the keyword SELECT")
    }

    @Test func misspelledKeywordsGetASuggestion() {
        let r = SQLParser.parseScript(SourceText(name: "t", text: "SELEC a FROM t"))
        #expect(r.diagnostics.first?.help == "did you mean SELECT?")
        let c = SQLParser.parseScript(SourceText(name: "t", text: "CREATE SORCE s (a INT)"))
        #expect(c.diagnostics.first?.help == "did you mean CREATE SOURCE?")
    }

    @Test func recoveryReportsEachBrokenStatementAndKeepsTheGoodOnes() {
        let text = """
            SELECT a FROM t;
            SELECT FROM t;
            CREATE SOURCE (a INT);
            SHOW SOURCES;
            SELECT a, FROM t;
            """
        let source = SourceText(name: "t", text: text)
        let r = SQLParser.parseScript(source)
        #expect(r.statements.count == 2)
        #expect(r.diagnostics.map { "\(source.location(of: $0.span.start))" } == ["2:8", "3:15", "5:11"])
    }

    @Test func renderedDiagnosticsPutACaretUnderTheMistake() {
        let source = SourceText(name: "job.sql", text: "CREATE SOURCE s (a INT);\nSELECT a\n  FROM t WHERE a = = 1")
        let r = SQLParser.parseScript(source)
        guard let d = r.diagnostics.first else { return #expect(Bool(false)) }
        #expect(DiagnosticRenderer().render(d, in: source) == """
            job.sql:3:20: error: expected an expression, found '='
                3 |   FROM t WHERE a = = 1
                  |                    ^

            """)
    }

    @Test func noInputCrashesOrHangs() {
        let script = """
            CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
              WITH ('connector' = 'file', 'path' = 'b.jsonl');
            SELECT auction, window_start, COUNT(*), SUBSTRING('abc' FROM 1 FOR 2), CASE WHEN price > 1 THEN 'x' END
            FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) AS w
            WHERE price BETWEEN 1 AND 2 AND auction IN (1, 2) GROUP BY auction, window_start, window_end HAVING COUNT(*) > 1;
            """
        // Every prefix parses to statements or diagnostics, never a crash; an unfinished
        // statement always yields a diagnostic.
        let bytes = Array(script.utf8)
        for n in 0...bytes.count {
            let text = String(decoding: bytes[0..<n], as: UTF8.self)
            let r = SQLParser.parseScript(SourceText(name: "t", text: text))
            #expect(r.statements.count + r.diagnostics.count <= 10)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let noise = String(decoding: (0..<40).map { _ in UInt8.random(in: 32...126, using: &generator) }, as: UTF8.self)
            _ = SQLParser.parseScript(SourceText(name: "t", text: noise))
        }
    }
}
