import Testing

@testable import EddySQL

private func parse(_ text: String) -> String { SQL.statement(text) }

@Suite("Parser: CREATE statements")
struct CreateStatementTests {
    @Test func createSourceWithWatermarkKeyAndOptions() {
        #expect(parse("""
            CREATE SOURCE IF NOT EXISTS bids (
              auction BIGINT NOT NULL, price DOUBLE NULL, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '4' SECOND,
              PRIMARY KEY (auction) NOT ENFORCED
            ) WITH ('connector' = 'file', 'path' = 'bids.jsonl')
            """) == "(create-source bids if-not-exists (auction BIGINT not-null) (price DOUBLE) (ts TIMESTAMP(3))"
            + " (watermark ts (- ts (interval '4' SECOND))) (primary-key auction) (with connector=file path=bids.jsonl))")
    }

    @Test func createTableAndTypeSpellings() {
        #expect(parse("CREATE TABLE dim (k varchar, d DECIMAL(10, 2), c CHAR(3), t TIMESTAMP_LTZ(3), s STRING)")
            == "(create-table dim (k VARCHAR) (d DECIMAL(10,2)) (c CHAR(3)) (t TIMESTAMP_LTZ(3)) (s STRING))")
        #expect(parse("CREATE SOURCE s (ts TIMESTAMP(3) WITH LOCAL TIME ZONE) WITH ()") == "(create-source s (ts TIMESTAMP_LTZ(3)))")
    }

    @Test func elementsComeInAnyOrderAndKeywordsCanBeColumnNames() {
        #expect(parse("CREATE SOURCE s (PRIMARY KEY (key, value), key INT, WATERMARK FOR date AS date, value STRING, date TIMESTAMP)")
            == "(create-source s (key INT) (value STRING) (date TIMESTAMP) (watermark date date) (primary-key key value))")
        #expect(parse("CREATE SOURCE source (source INT, watermark INT, primary INT)")
            == "(create-source source (source INT) (watermark INT) (primary INT))")
    }

    @Test func views() {
        #expect(parse("CREATE VIEW v AS SELECT a FROM t") == "(create-view v select a from t)")
        #expect(parse("CREATE MATERIALIZED VIEW IF NOT EXISTS v (x, y) AS SELECT a, b FROM t")
            == "(create-materialized-view v if-not-exists (x y) select a, b from t)")
        #expect(parse("CREATE VIEW v AS WITH w AS (SELECT 1 AS one) SELECT one FROM w")
            == "(create-view v with w=(select 1 as one) select one from w)")
    }

    @Test func sinks() {
        #expect(parse("CREATE SINK s FROM v WITH ('connector' = 'file', 'path' = 'o')") == "(create-sink s (from v) (with connector=file path=o))")
        #expect(parse("CREATE SINK s AS SELECT a FROM t WITH ('connector' = 'file')") == "(create-sink s (as select a from t) (with connector=file))")
        #expect(parse("CREATE SINK IF NOT EXISTS s (k BIGINT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'sqlite')")
            == "(create-sink s if-not-exists (k BIGINT) (n BIGINT) (primary-key k) (with connector=sqlite))")
        #expect(parse("CREATE SINK s") == "(create-sink s)")
    }
}

@Suite("Parser: other statements")
struct OtherStatementTests {
    @Test func insert() {
        #expect(parse("INSERT INTO out SELECT a FROM t") == "(insert out select a from t)")
        #expect(parse("INSERT INTO out (SELECT a FROM t)") == "(insert out (select a from t))")
        #expect(parse("insert into out with w as (select 1 as a) select a from w") == "(insert out with w=(select 1 as a) select a from w)")
    }

    @Test func explain() {
        #expect(parse("EXPLAIN SELECT a FROM t") == "(explain select a from t)")
        #expect(parse("EXPLAIN LOGICAL VERBOSE SELECT a FROM t") == "(explain LOGICAL verbose select a from t)")
        #expect(parse("EXPLAIN PHYSICAL INSERT INTO s SELECT a FROM t") == "(explain PHYSICAL (insert s select a from t))")
        #expect(parse("explain analyze select 1") == "(explain ANALYZE select 1)")
    }

    @Test func showDescribeAndDrop() {
        #expect(parse("SHOW SOURCES;") == "(show SOURCES)")
        #expect(parse("show views") == "(show VIEWS)")
        #expect(parse("SHOW SINKS") == "(show SINKS)")
        #expect(parse("SHOW TABLES") == "(show TABLES)")
        #expect(parse("DESCRIBE bids") == "(describe bids)")
        #expect(parse("DESC bids") == "(describe bids)")
        #expect(parse("DROP VIEW IF EXISTS v") == "(drop VIEW v if-exists)")
        #expect(parse("DROP SOURCE s") == "(drop SOURCE s)")
        #expect(parse("DROP MATERIALIZED VIEW v") == "(drop VIEW v)")
        #expect(parse("DROP SINK s; ") == "(drop SINK s)")
        #expect(parse("DROP TABLE t") == "(drop TABLE t)")
    }

    @Test func setAndReset() {
        #expect(parse("SET 'state.ttl' = '1h'") == "(set 'state.ttl' '1h')")
        #expect(parse("SET checkpoint.interval = 5s") == "(set 'checkpoint.interval' '5s')")
        #expect(parse("RESET 'state.ttl'") == "(reset 'state.ttl')")
    }

    @Test func aQueryMayStartWithAParenthesis() {
        #expect(parse("(SELECT 1)") == "(select 1)")
    }
}

@Suite("Parser: scripts")
struct ScriptTests {
    @Test func statementsAreSeparatedBySemicolonsAndEmptyOnesSkipped() {
        let r = SQLParser.parseScript(SourceText(name: "t", text: ";; SHOW SOURCES; -- c\n SHOW VIEWS ;\n;"))
        #expect(r.statements.map(ASTPrinter.statement) == ["(show SOURCES)", "(show VIEWS)"])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func theLastSemicolonIsOptional() {
        let r = SQLParser.parseScript(SourceText(name: "t", text: "SHOW SOURCES; DESCRIBE x"))
        #expect(r.statements.count == 2)
    }

    @Test func emptyAndCommentOnlyScriptsHaveNoStatements() {
        for text in ["", "   \n", "-- nothing\n/* at all */", ";;;"] {
            let r = SQLParser.parseScript(SourceText(name: "t", text: text))
            #expect(r.statements.isEmpty && r.diagnostics.isEmpty)
        }
    }

    @Test func statementSpansExcludeTheSemicolon() {
        let text = "SHOW SOURCES ;\n  SELECT a\n  FROM t;"
        let r = SQLParser.parseScript(SourceText(name: "t", text: text))
        #expect(r.statements.map(\.span) == [Span(0, 12), Span(17, 34)])
    }

    @Test func parseStatementTakesExactlyOneStatement() {
        #expect(parse("SELECT 1; SELECT 2") == "error 1:11: expected one statement, found another one starting with 'SELECT'")
        #expect(parse("") == "error 1:1: expected a statement (SELECT, CREATE, INSERT, EXPLAIN, SHOW, DESCRIBE, SET, RESET or DROP), found end of input")
    }
}
