import Testing

@testable import EddySQL

private func expr(_ text: String) -> String { SQL.expression(text) }

@Suite("Parser: expressions")
struct ExpressionParserTests {
    @Test func logicalOperatorsBindLooserThanComparisons() {
        #expect(expr("a OR b AND c") == "(OR a (AND b c))")
        #expect(expr("a AND b OR c") == "(OR (AND a b) c)")
        #expect(expr("NOT a = b AND c") == "(AND (NOT (= a b)) c)")
        #expect(expr("NOT NOT a") == "(NOT (NOT a))")
        #expect(expr("a OR b OR c") == "(OR (OR a b) c)")
    }

    @Test func arithmeticPrecedenceAndAssociativity() {
        #expect(expr("a + b * c") == "(+ a (* b c))")
        #expect(expr("a - b - c") == "(- (- a b) c)")
        #expect(expr("a / b % c * d") == "(* (% (/ a b) c) d)")
        #expect(expr("(a + b) * c") == "(* (+ a b) c)")
    }

    @Test func unaryMinusBindsTighterThanMultiplication() {
        #expect(expr("-a * b") == "(* (- a) b)")
        #expect(expr("- -a") == "(- (- a))")
        #expect(expr("+a - -1") == "(- (+ a) (- 1))")
    }

    @Test func concatenationBindsLooserThanAdditionAndTighterThanComparison() {
        #expect(expr("a || b = c") == "(= (|| a b) c)")
        #expect(expr("a || b + 1 || c") == "(|| (|| a (+ b 1)) c)")
    }

    @Test func comparisons() {
        #expect(expr("a = 1") == "(= a 1)")
        #expect(expr("a <> 1") == "(<> a 1)")
        #expect(expr("a != b") == "(<> a b)")
        #expect(expr("a < b AND a <= b AND a > b AND a >= b") == "(AND (AND (AND (< a b) (<= a b)) (> a b)) (>= a b))")
        #expect(expr("a % 2 <> 0") == "(<> (% a 2) 0)")
    }

    @Test func isNullAndIsNotNull() {
        #expect(expr("x IS NULL") == "(is-null x)")
        #expect(expr("x + 1 IS NOT NULL") == "(is-not-null (+ x 1))")
        #expect(expr("NOT x IS NULL") == "(NOT (is-null x))")
    }

    @Test func betweenTakesItsOwnAnd() {
        #expect(expr("x BETWEEN 1 AND 2 AND y") == "(AND (between x 1 2) y)")
        #expect(expr("x NOT BETWEEN a + 1 AND b") == "(not-between x (+ a 1) b)")
    }

    @Test func inListsAndLike() {
        #expect(expr("x IN (1, 2, 3)") == "(in x 1 2 3)")
        #expect(expr("x NOT IN ('a')") == "(not-in x 'a')")
        #expect(expr("name LIKE 'a%'") == "(like name 'a%')")
        #expect(expr("name NOT LIKE '%z' OR b") == "(OR (not-like name '%z') b)")
    }

    @Test func literals() {
        #expect(expr("42") == "42")
        #expect(expr("2.5e3") == "2.5e3")
        #expect(expr("'it''s'") == "'it's'")
        #expect(expr("TRUE AND false OR NULL") == "(OR (AND TRUE FALSE) NULL)")
    }

    @Test func intervalAndTimestampLiterals() {
        #expect(expr("INTERVAL '10' SECOND") == "(interval '10' SECOND)")
        #expect(expr("interval '5' minutes") == "(interval '5' minutes)")
        #expect(expr("ts - INTERVAL '1' MILLISECOND") == "(- ts (interval '1' MILLISECOND))")
        #expect(expr("TIMESTAMP '2024-01-01 00:00:00'") == "(timestamp '2024-01-01 00:00:00')")
    }

    @Test func intervalAndTimestampAreNamesWhenNoStringFollows() {
        #expect(expr("timestamp + interval") == "(+ timestamp interval)")
    }

    @Test func searchedAndSimpleCase() {
        #expect(expr("CASE WHEN a > 1 THEN 'x' ELSE 'y' END") == "(case (when (> a 1) 'x') (else 'y'))")
        #expect(expr("CASE k WHEN 1 THEN 'one' WHEN 2 THEN 'two' END") == "(case k (when 1 'one') (when 2 'two'))")
        #expect(expr("CASE WHEN a THEN CASE WHEN b THEN 1 END END") == "(case (when a (case (when b 1))))")
    }

    @Test func castTakesATypeWithParameters() {
        #expect(expr("CAST(x AS DECIMAL(10, 2))") == "(cast x DECIMAL(10,2))")
        #expect(expr("CAST(ts AS timestamp(3))") == "(cast ts TIMESTAMP(3))")
        #expect(expr("CAST(x AS TIMESTAMP(3) WITH LOCAL TIME ZONE)") == "(cast x TIMESTAMP_LTZ(3))")
    }

    @Test func columnReferences() {
        #expect(expr("t.col + 1") == "(+ t.col 1)")
        #expect(expr("\"Weird Name\" || `x`") == "(|| Weird Name x)")
    }

    @Test func functionCallsKeepTheirNameAsWritten() {
        #expect(expr("COUNT(*)") == "(COUNT *)")
        #expect(expr("count(DISTINCT user_id)") == "(count distinct user_id)")
        #expect(expr("ROUND(AVG(x), 2)") == "(ROUND (AVG x) 2)")
        #expect(expr("NOW()") == "(NOW)")
        #expect(expr("SUM(ALL x)") == "(SUM x)")
    }

    @Test func windowFunctionsWithOver() {
        #expect(expr("ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c DESC)")
            == "(ROW_NUMBER (over (partition a b) (order c desc)))")
        #expect(expr("RANK() OVER (ORDER BY c NULLS LAST)") == "(RANK (over (order c nulls-last)))")
        #expect(expr("ROW_NUMBER() OVER ()") == "(ROW_NUMBER (over))")
    }

    @Test func keywordArgumentFormsBecomePlainArguments() {
        #expect(expr("SUBSTRING(s FROM 2 FOR 3)") == "(SUBSTRING s 2 3)")
        #expect(expr("SUBSTRING(s FROM 2)") == "(SUBSTRING s 2)")
        #expect(expr("SUBSTRING(s, 2, 3)") == "(SUBSTRING s 2 3)")
        #expect(expr("POSITION('a' IN s)") == "(POSITION 'a' s)")
        #expect(expr("FLOOR(ts TO MINUTE)") == "(FLOOR ts MINUTE)")
        #expect(expr("ceil(ts to hour)") == "(ceil ts HOUR)")
        #expect(expr("FLOOR(x)") == "(FLOOR x)")
        #expect(expr("EXTRACT(YEAR FROM ts)") == "(EXTRACT YEAR ts)")
        #expect(expr("TIMESTAMPDIFF(second, a, b)") == "(TIMESTAMPDIFF SECOND a b)")
        #expect(expr("TIMESTAMPADD(HOUR, 2, ts)") == "(TIMESTAMPADD HOUR 2 ts)")
        #expect(expr("TIMESTAMPDIFF(x + 1)") == "(TIMESTAMPDIFF (+ x 1))")
    }

    @Test func trimForms() {
        #expect(expr("TRIM(BOTH 'x' FROM s)") == "(TRIM BOTH 'x' s)")
        #expect(expr("TRIM(LEADING FROM s)") == "(TRIM LEADING ' ' s)")
        #expect(expr("TRIM(trailing 'ab' FROM s)") == "(TRIM TRAILING 'ab' s)")
        #expect(expr("TRIM('x' FROM s)") == "(TRIM BOTH 'x' s)")
        #expect(expr("TRIM(s)") == "(TRIM s)")
        #expect(expr("TRIM(both)") == "(TRIM both)")
    }

    @Test func nonReservedKeywordsAreNames() {
        #expect(expr("date + value - count") == "(- (+ date value) count)")
        #expect(expr("key = source AND session > window_start") == "(AND (= key source) (> session window_start))")
        #expect(expr("left + right") == "(+ left right)")
        #expect(expr("`select` + 1") == "(+ select 1)")
    }

    @Test func spansCoverTheWholeExpression() throws {
        let e = try SQLParser.parseExpression(SourceText(name: "t", text: "a + f(b) * 2"))
        #expect(e.span == Span(0, 12))
        guard case .binary(_, _, let right, _) = e else { return #expect(Bool(false)) }
        #expect(right.span == Span(4, 12))
        let c = try SQLParser.parseExpression(SourceText(name: "t", text: "CAST(x AS INT)"))
        #expect(c.span == Span(0, 14))
    }
}
