import Testing

@testable import EddySQL

private func query(_ text: String) -> String { SQL.statement(text) }

@Suite("Parser: queries")
struct QueryParserTests {
    @Test func selectWithEveryClause() {
        #expect(query("SELECT DISTINCT a, b AS x, c y FROM t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 2")
            == "select distinct a, b as x, c as y from t where (> a 1) group a,b having (> (COUNT *) 2)")
    }

    @Test func selectWithoutFrom() {
        #expect(query("SELECT 1 + 1") == "select (+ 1 1)")
        #expect(query("select all 'x' AS s") == "select 'x' as s")
    }

    @Test func wildcards() {
        #expect(query("SELECT *, t.*, a FROM t") == "select *, t.*, a from t")
    }

    @Test func aliasesNeedNoAsUnlessTheWordContinuesTheClause() {
        #expect(query("SELECT a \"A\", b `the b` FROM t x") == "select a as A, b as the b from t as x")
        #expect(query("SELECT a FROM t AS left") == "select a from t as left")
        #expect(query("SELECT a FROM t left JOIN u ON TRUE") == "select a from (left-join t u TRUE)")
    }

    @Test func tablesFromSubqueries() {
        #expect(query("SELECT x FROM (SELECT a AS x FROM t) s") == "select x from (subquery select a as x from t) as s")
        #expect(query("SELECT x FROM (SELECT a AS x FROM t)") == "select x from (subquery select a as x from t)")
    }

    @Test func joinsAreLeftAssociative() {
        #expect(query("SELECT 1 FROM a JOIN b ON a.k = b.k LEFT OUTER JOIN c ON c.k = a.k")
            == "select 1 from (left-join (inner-join a b (= a.k b.k)) c (= c.k a.k))")
        #expect(query("SELECT 1 FROM a INNER JOIN b ON TRUE RIGHT JOIN c ON TRUE FULL OUTER JOIN d ON TRUE")
            == "select 1 from (full-join (right-join (inner-join a b TRUE) c TRUE) d TRUE)")
        #expect(query("SELECT 1 FROM a x JOIN (SELECT k FROM b) y ON x.k = y.k")
            == "select 1 from (inner-join a as x (subquery select k from b) as y (= x.k y.k))")
    }

    @Test func lookupJoinsAcceptForSystemTimeAsOf() {
        #expect(query("SELECT o.id FROM orders AS o JOIN customers FOR SYSTEM_TIME AS OF o.ts AS c ON o.customer = c.name")
            == "select o.id from (inner-join orders as o customers as c (= o.customer c.name))")
        #expect(query("SELECT 1 FROM a JOIN b FOR SYSTEM_TIME OF x ON TRUE") == "error 1:40: expected 'AS' after 'FOR SYSTEM_TIME', found 'OF'")
    }

    @Test func commonTableExpressions() {
        #expect(query("WITH w AS (SELECT a FROM t) SELECT a FROM w") == "with w=(select a from t) select a from w")
        #expect(query("WITH w (x, y) AS (SELECT a, b FROM t), v AS (SELECT x FROM w) SELECT * FROM v")
            == "with w(x,y)=(select a, b from t),v=(select x from w) select * from v")
    }

    @Test func unionsAreLeftAssociative() {
        #expect(query("SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v")
            == "((select a from t union all select b from u) union select c from v)")
        #expect(query("(SELECT a FROM t) UNION DISTINCT (SELECT b FROM u)") == "((select a from t) union (select b from u))")
    }

    @Test func orderByAndLimitApplyToTheWholeQuery() {
        #expect(query("SELECT a FROM t ORDER BY a DESC, b ASC NULLS FIRST LIMIT 3")
            == "select a from t order a desc,b nulls-first limit 3")
        #expect(query("SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a LIMIT 1")
            == "(select a from t union all select a from u) order a limit 1")
    }

    @Test func topNWithRowNumber() {
        #expect(query("""
            SELECT * FROM (
              SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY n DESC) AS rn FROM t
            ) WHERE rn <= 3
            """) == "select * from (subquery select *, (ROW_NUMBER (over (partition cat) (order n desc))) as rn from t) where (<= rn 3)")
    }

    @Test func statementAndQuerySpans() throws {
        let text = "  SELECT a FROM t ;"
        let s = try SQLParser.parseStatement(SourceText(name: "t", text: text))
        #expect(s.span == Span(2, 17))
        guard case .query(let q) = s.kind, case .select(let sel) = q.body else { return #expect(Bool(false)) }
        #expect(q.span == Span(2, 17))
        #expect(sel.from?.span == Span(16, 17))
    }
}

@Suite("Parser: window functions")
struct WindowParserTests {
    @Test func flinksForm() {
        #expect(query("SELECT 1 FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))")
            == "select 1 from (TUMBLE/flink bids ts (interval '10' SECOND))")
        #expect(query("SELECT 1 FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) AS w")
            == "select 1 from (HOP/flink bids ts (interval '2' SECOND) (interval '10' SECOND)) as w")
        #expect(query("SELECT 1 FROM TABLE(CUMULATE(TABLE b, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR)) w")
            == "select 1 from (CUMULATE/flink b ts (interval '1' MINUTE) (interval '1' HOUR)) as w")
    }

    @Test func flinksSessionWithPartitionKeys() {
        #expect(query("SELECT 1 FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(ts), INTERVAL '5' MINUTE))")
            == "select 1 from (SESSION/flink bids ts (partition bidder) (interval '5' MINUTE))")
        #expect(query("SELECT 1 FROM TABLE(SESSION(TABLE bids PARTITION BY a, b, DESCRIPTOR(ts), INTERVAL '5' MINUTE))")
            == "select 1 from (SESSION/flink bids ts (partition a b) (interval '5' MINUTE))")
        #expect(query("SELECT 1 FROM TABLE(SESSION(TABLE bids PARTITION BY (a, b), DESCRIPTOR(ts), INTERVAL '5' MINUTE))")
            == "select 1 from (SESSION/flink bids ts (partition a b) (interval '5' MINUTE))")
    }

    @Test func shortForm() {
        #expect(query("SELECT 1 FROM TUMBLE(bids, ts, INTERVAL '10' SECOND)") == "select 1 from (TUMBLE bids ts (interval '10' SECOND))")
        #expect(query("SELECT 1 FROM HOP(bids, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS h")
            == "select 1 from (HOP bids ts (interval '2' SECOND) (interval '10' SECOND)) as h")
        #expect(query("SELECT 1 FROM session(clicks, ts, INTERVAL '30' SECOND) s")
            == "select 1 from (SESSION clicks ts (interval '30' SECOND)) as s")
        #expect(query("SELECT 1 FROM SESSION(clicks PARTITION BY uid, ts, INTERVAL '30' SECOND)")
            == "select 1 from (SESSION clicks ts (partition uid) (interval '30' SECOND))")
    }

    @Test func theWindowedInputMayBeASubquery() {
        #expect(query("SELECT 1 FROM CUMULATE((SELECT * FROM b), ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR)")
            == "select 1 from (CUMULATE (subquery select * from b) ts (interval '1' MINUTE) (interval '1' HOUR))")
        #expect(query("SELECT 1 FROM TABLE(TUMBLE((SELECT * FROM b WHERE x > 1), DESCRIPTOR(ts), INTERVAL '1' MINUTE))")
            == "select 1 from (TUMBLE/flink (subquery select * from b where (> x 1)) ts (interval '1' MINUTE))")
    }

    @Test func partitionByParsesForEveryKindAndTheAnalyzerJudgesIt() {
        #expect(query("SELECT 1 FROM HOP(b PARTITION BY k, ts, INTERVAL '1' SECOND, INTERVAL '2' SECOND)")
            == "select 1 from (HOP b ts (partition k) (interval '1' SECOND) (interval '2' SECOND))")
    }

    @Test func windowsJoinLikeTables() {
        #expect(query("SELECT 1 FROM TUMBLE(a, ts, INTERVAL '1' SECOND) x JOIN d ON x.k = d.k")
            == "select 1 from (inner-join (TUMBLE a ts (interval '1' SECOND)) as x d (= x.k d.k))")
    }

    @Test func flinkFormSpanCoversTheTableCall() throws {
        let text = "SELECT 1 FROM TABLE(TUMBLE(TABLE b, DESCRIPTOR(ts), INTERVAL '1' SECOND)) w"
        let s = try SQLParser.parseStatement(SourceText(name: "t", text: text))
        guard case .query(let q) = s.kind, case .select(let sel) = q.body, case .window(let call, _)? = sel.from else {
            return #expect(Bool(false))
        }
        #expect(call.span == Span(14, text.utf8.count - 2))
    }

    @Test func windowArgumentCountsAreChecked() {
        #expect(query("SELECT 1 FROM HOP(b, ts, INTERVAL '2' SECOND)") == "error 1:45: HOP takes a slide and a size, found 1 argument")
        #expect(SQL.help("SELECT 1 FROM HOP(b, ts, INTERVAL '2' SECOND)")
            == "write HOP(b, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)")
        #expect(query("SELECT 1 FROM TUMBLE(b, ts, INTERVAL '1' SECOND, INTERVAL '2' SECOND)")
            == "error 1:50: TUMBLE takes a size, found 2 arguments")
        #expect(query("SELECT 1 FROM TABLE(SESSION(TABLE b, DESCRIPTOR(ts)))") == "error 1:52: SESSION takes a gap, found none")
        #expect(SQL.help("SELECT 1 FROM TABLE(SESSION(TABLE b, DESCRIPTOR(ts)))")
            == "write TABLE(SESSION(TABLE b, DESCRIPTOR(ts), INTERVAL '5' MINUTE))")
    }

    @Test func windowSyntaxMistakes() {
        #expect(query("SELECT 1 FROM TABLE(TUMBLE(bids, DESCRIPTOR(ts), INTERVAL '1' SECOND))")
            == "error 1:28: expected 'TABLE' and the windowed table, found 'bids'")
        #expect(query("SELECT 1 FROM TABLE(TUMBLE(TABLE bids, ts, INTERVAL '1' SECOND))")
            == "error 1:40: expected DESCRIPTOR(time column), found 'ts'")
        #expect(query("SELECT 1 FROM TUMBEL(b, ts, INTERVAL '1' SECOND)") == "error 1:15: unknown table function 'TUMBEL'")
        #expect(SQL.help("SELECT 1 FROM TUMBEL(b, ts, INTERVAL '1' SECOND)") == "did you mean 'TUMBLE'?")
        #expect(query("SELECT 1 FROM TABLE(TUMBEL(TABLE b, DESCRIPTOR(ts), INTERVAL '1' SECOND))")
            == "error 1:21: expected a window function (TUMBLE, HOP, SESSION or CUMULATE) in TABLE(...), found 'TUMBEL'")
    }
}
