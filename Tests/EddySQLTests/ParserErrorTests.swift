import Testing

@testable import EddySQL

private func error(_ text: String) -> String { SQL.error(text) }
private func help(_ text: String) -> String? { SQL.help(text) }

@Suite("Parser: error messages")
struct ParserErrorTests {
    @Test func missingExpressionsSayAfterWhat() {
        #expect(error("SELECT a FROM t WHERE") == "1:22: expected an expression after 'WHERE', found end of input")
        #expect(error("SELECT a FROM t WHERE a +") == "1:26: expected an expression after '+', found end of input")
        #expect(error("SELECT FROM t") == "1:8: expected an expression after 'SELECT', found 'FROM'")
        #expect(error("SELECT a FROM t LIMIT") == "1:22: expected an expression after 'LIMIT', found end of input")
    }

    @Test func endOfInputPointsRightAfterTheLastToken() {
        #expect(error("SELECT a FROM\n\n") == "1:14: expected a source or view name after 'FROM', found end of input")
    }

    @Test func unclosedParenthesesNameTheOpeningOne() {
        #expect(error("SELECT (a + 1 FROM t") == "1:15: expected ')' to close '(' at 1:8, found 'FROM'")
        #expect(error("SELECT f(a, b FROM t") == "1:15: expected ')' to close '(' at 1:9, found 'FROM'")
        #expect(error("SELECT a FROM t)") == "1:16: unexpected ')' without a matching '('")
    }

    @Test func missingCommasInLists() {
        #expect(error("CREATE SOURCE s (a BIGINT b VARCHAR)") == "1:27: expected ',' or ')' in the column list, found 'b'")
        #expect(error("SELECT f(a b) FROM t") == "1:12: expected ',' or ')' in the arguments of f, found 'b'")
        #expect(error("SELECT a b c FROM t") == "1:12: expected ',' or 'FROM' after the select list, found 'c'")
        #expect(error("CREATE SOURCE s (a INT) WITH ('k' = 'v' 'x' = 'y')")
            == "1:41: expected ',' or ')' in the options, found the string 'x'")
    }

    @Test func trailingCommas() {
        #expect(error("SELECT a, FROM t") == "1:11: unexpected 'FROM' after ','")
        #expect(help("SELECT a, FROM t") == "remove the trailing comma at 1:9")
        #expect(error("CREATE SOURCE s (a INT,)") == "1:24: unexpected ')' after ','")
        #expect(error("SELECT a FROM t GROUP BY a, ORDER BY a") == "1:29: unexpected 'ORDER' after ','")
    }

    @Test func clauseKeywordsWithoutTheirSecondWord() {
        #expect(error("SELECT a FROM t GROUP a") == "1:23: expected 'BY' after 'GROUP', found 'a'")
        #expect(help("SELECT a FROM t GROUP a") == "write GROUP BY column, ...")
        #expect(error("SELECT a FROM t ORDER a") == "1:23: expected 'BY' after 'ORDER', found 'a'")
        #expect(error("INSERT out SELECT 1") == "1:8: expected 'INTO' after 'INSERT', found 'out'")
    }

    @Test func doubleEqualsGetsAHint() {
        #expect(error("SELECT a FROM t WHERE a == 1") == "1:25: unexpected '=='")
        #expect(help("SELECT a FROM t WHERE a == 1") == "SQL compares with '='")
    }

    @Test func misspelledStatementKeywordsGetSuggestions() {
        #expect(help("SELEC a FROM t") == "did you mean 'SELECT'?")
        #expect(error("SELEC a FROM t").hasPrefix("1:1: expected a statement (SELECT, CREATE,"))
        #expect(help("CREATE SORCE s (a INT)") == "did you mean 'CREATE SOURCE'?")
        #expect(help("SHOW SOURCE") == "did you mean 'SHOW SOURCES'?")
        #expect(help("DROP VEIW v") == "did you mean 'DROP VIEW'?")
        #expect(help("UPDATE t SET a = 1") == "UPDATE is not supported: Eddy reads sources, computes views and writes sinks")
    }

    @Test func misspelledClauseKeywordsGetSuggestions() {
        #expect(error("SELECT a FORM t") == "1:15: expected ',' or 'FROM' after the select list, found 't'")
        #expect(help("SELECT a FORM t") == "did you mean 'FROM'?")
        #expect(error("SELECT a FROM t WEHRE a > 1") == "1:23: expected the end of the statement, found 'a'")
        #expect(help("SELECT a FROM t WEHRE a > 1") == "did you mean 'WHERE'?")
        #expect(help("SELECT a FROM t WHERE a > 1 GROPU BY a") == "did you mean 'GROUP'?")
    }

    @Test func reservedWordsAsNamesNeedQuotes() {
        #expect(error("SELECT order FROM t") == "1:8: expected an expression after 'SELECT', found 'order'")
        #expect(help("SELECT order FROM t") == "ORDER is a reserved word; to use it as a name, quote it: `order`")
        #expect(error("CREATE SOURCE s (select INT)") == "1:18: expected a column definition such as 'id BIGINT', found 'select'")
        #expect(error("SELECT a FROM t AS from") == "1:20: expected an alias after 'AS', found 'from'")
    }

    @Test func createSourceWithoutParentheses() {
        #expect(error("CREATE SOURCE s WITH ('connector' = 'file')") == "1:17: expected '(' and the column list after 's', found 'WITH'")
        #expect(help("CREATE SOURCE bids a BIGINT")
            == "a source declares its columns: CREATE SOURCE bids (id BIGINT, ts TIMESTAMP(3)) WITH (...)")
        #expect(error("CREATE SOURCE s ()") == "1:18: expected a column definition such as 'id BIGINT', found ')'")
        #expect(error("CREATE SOURCE s (a)") == "1:19: expected the type of column 'a', found ')'")
    }

    @Test func optionsNeedSingleQuotes() {
        #expect(error("CREATE SOURCE s (a INT) WITH (connector = 'file')") == "1:31: expected an option name in single quotes, found 'connector'")
        #expect(help("CREATE SOURCE s (a INT) WITH (connector = 'file')") == "quote it: 'connector'")
        #expect(help("CREATE SOURCE s (a INT) WITH (\"connector\" = 'file')")
            == "strings take single quotes ('connector'); double quotes are for names")
    }

    @Test func unsupportedFeaturesSaySo() {
        #expect(error("SELECT a FROM t, u") == "1:16: a ',' between tables (a cross join) is not supported")
        #expect(help("SELECT a FROM t, u") == "join on a condition: FROM a JOIN b ON a.key = b.key")
        #expect(error("SELECT a FROM t CROSS JOIN u") == "1:17: CROSS JOIN is not supported")
        #expect(error("SELECT a FROM t JOIN u USING (k)") == "1:24: JOIN ... USING is not supported")
        #expect(error("SELECT a FROM t WHERE a IN (SELECT b FROM u)") == "1:29: IN (SELECT ...) is not supported")
        #expect(error("SELECT (SELECT 1)") == "1:9: subqueries in expressions are not supported")
        #expect(error("SELECT a FROM t EXCEPT SELECT a FROM u") == "1:17: EXCEPT is not supported")
        #expect(error("SELECT TRY_CAST(a AS INT)") == "1:8: TRY_CAST is not supported")
        #expect(error("INSERT INTO s (a, b) SELECT 1, 2") == "1:15: a column list after INSERT INTO s is not supported")
        #expect(error("CREATE SOURCE s (a INT, b AS a + 1)") == "1:27: computed columns ('b AS expression') are not supported")
    }

    @Test func literalMistakes() {
        #expect(error("SELECT INTERVAL 10 SECOND") == "1:17: expected the interval's amount in quotes, found '10'")
        #expect(help("SELECT INTERVAL 10 SECOND") == "write INTERVAL '10' SECOND")
        #expect(error("SELECT INTERVAL '10 seconds'")
            == "1:29: expected a unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY) after INTERVAL '10 seconds', found end of input")
        #expect(error("SELECT a IS 1") == "1:13: expected 'NULL' after 'IS', found '1'")
        #expect(error("SELECT a FROM t WHERE a NOT NULL") == "1:25: expected 'IS NOT NULL', found 'NOT NULL'")
        #expect(error("SELECT CASE WHEN a THEN 1") == "1:26: expected 'END' to close 'CASE' at 1:8, found end of input")
        #expect(error("SELECT CASE END") == "1:13: expected 'WHEN' in CASE, found 'END'")
    }

    @Test func aMissingSemicolonBetweenStatements() {
        #expect(SQL.diagnostics("SHOW SOURCES\nSHOW VIEWS;\nSELECT 1") == ["2:1: expected ';' before the next statement, found 'SHOW'"])
        let r = SQLParser.parseScript(SourceText(name: "t", text: "SHOW SOURCES\nSHOW VIEWS;\nSELECT 1"))
        #expect(r.statements.map(ASTPrinter.statement) == ["(show VIEWS)", "select 1"])
        #expect(SQL.diagnostics("SELECT a FROM t\nSET 'k' = 'v'") == ["2:1: expected ';' before the next statement, found 'SET'"])
    }

    @Test func lexicalProblemsReplaceTheSyntaxErrorsTheyCause() {
        #expect(SQL.diagnostics("SELECT a FROM t WHERE b = 'x;\nSELECT 2;") == ["1:27: unterminated string"])
        #expect(SQL.diagnostics("SELECT a # b FROM t; SELECT 1") == ["1:10: unexpected character '#'"])
        let r = SQLParser.parseScript(SourceText(name: "t", text: "SELECT a # b FROM t; SELECT 1"))
        #expect(r.statements.map(ASTPrinter.statement) == ["select 1"])
    }

    @Test func parseStatementThrowsAllLexicalProblems() {
        do {
            _ = try SQLParser.parseStatement(SourceText(name: "t", text: "SELECT @ + ? FROM t"))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["unexpected character '@'", "unexpected character '?'"])
        }
    }
}
