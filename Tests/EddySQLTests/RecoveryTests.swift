import Testing

@testable import EddySQL

@Suite("Parser: recovery and rendered diagnostics")
struct RecoveryTests {
    @Test func eachBrokenStatementGetsOneDiagnosticAndTheGoodOnesParse() {
        let text = """
            SELECT a FROM t;
            SELECT FROM t;
            CREATE SOURCE (a INT);
            SHOW SOURCES;
            SELECT a, FROM t WHERE (b + 1;
            DESCRIBE t
            """
        let r = SQLParser.parseScript(SourceText(name: "t", text: text))
        #expect(r.statements.map(ASTPrinter.statement) == ["select a from t", "(show SOURCES)", "(describe t)"])
        #expect(SQL.diagnostics(text) == [
            "2:8: expected an expression after 'SELECT', found 'FROM'",
            "3:15: expected a name for the source, found '('",
            "5:11: unexpected 'FROM' after ','",
        ])
    }

    @Test func recoveryWaitsForTheSemicolonOutsideParentheses() {
        let text = "CREATE SOURCE s (a INT b; c INT); SHOW VIEWS"
        let r = SQLParser.parseScript(SourceText(name: "t", text: text))
        #expect(r.diagnostics.count == 1)
        #expect(r.statements.map(ASTPrinter.statement) == ["(show VIEWS)"])
    }

    @Test func anUnclosedParenthesisEndsAtTheNextStatement() {
        let text = "SELECT f(a;\nSELECT 2;\nSELECT (3"
        #expect(SQL.diagnostics(text) == [
            "1:11: expected ')' to close '(' at 1:9, found ';'",
            "3:10: expected ')' to close '(' at 3:8, found end of input",
        ])
        let r = SQLParser.parseScript(SourceText(name: "t", text: text))
        #expect(r.statements.map(ASTPrinter.statement) == ["select 2"])
    }

    @Test func renderedDiagnosticsPutACaretUnderTheMistake() {
        #expect(SQL.rendered("CREATE SOURCE s (a INT);\nSELECT a\n  FROM t WHERE a = = 1") == """
            job.sql:3:20: error: expected an expression after '=', found '='
                3 |   FROM t WHERE a = = 1
                  |                    ^

            """)
    }

    @Test func renderedTypoWithHelp() {
        #expect(SQL.rendered("SELECT price\nFROM bids\nGROUP price") == """
            job.sql:3:7: error: expected 'BY' after 'GROUP', found 'price'
                3 | GROUP price
                  |       ^~~~~
              help: write GROUP BY column, ...

            """)
        #expect(SQL.rendered("SELEC price FROM bids") == """
            job.sql:1:1: error: expected a statement (SELECT, CREATE, INSERT, EXPLAIN, SHOW, DESCRIBE, SET, RESET or DROP), found 'SELEC'
                1 | SELEC price FROM bids
                  | ^~~~~
              help: did you mean 'SELECT'?

            """)
    }

    @Test func renderedEndOfInputAndUnterminatedString() {
        #expect(SQL.rendered("SELECT a FROM t WHERE\n") == """
            job.sql:1:22: error: expected an expression after 'WHERE', found end of input
                1 | SELECT a FROM t WHERE
                  |                      ^

            """)
        #expect(SQL.rendered("SELECT 'abc FROM t") == """
            job.sql:1:8: error: unterminated string
                1 | SELECT 'abc FROM t
                  |        ^
              help: close the string with ' (write '' for a quote inside it)

            """)
    }
}
