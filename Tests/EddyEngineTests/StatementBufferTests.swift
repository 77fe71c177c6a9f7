import Testing

@testable import EddyEngine

@Suite("Statement buffer: where a statement ends")
struct StatementBufferTests {
    @Test func aStatementEndsAtASemicolonOnAnyLine() {
        var buffer = StatementBuffer()
        #expect(buffer.append(line: "SELECT a,").isEmpty)
        #expect(!buffer.isEmpty)
        let done = buffer.append(line: "  b FROM t;")
        #expect(done == [.init(text: "SELECT a,\n  b FROM t;", line: 1, column: 1)])
        #expect(buffer.isEmpty)
    }

    @Test func severalStatementsOnOneLineComeOutOneByOne() {
        var buffer = StatementBuffer()
        _ = buffer.append(line: "")
        let done = buffer.append(line: "SHOW SOURCES;  SHOW VIEWS; SELECT")
        #expect(done.map(\.text) == ["SHOW SOURCES;", "SHOW VIEWS;"])
        #expect(done.map(\.column) == [1, 16])
        #expect(done.map(\.line) == [2, 2])
        #expect(buffer.pendingText == "SELECT\n")
    }

    @Test func semicolonsInStringsQuotedNamesAndCommentsDoNotEndAStatement() {
        var buffer = StatementBuffer()
        #expect(buffer.append(line: "SELECT 'a;b', \"c;d\", `e;f` -- g;").isEmpty)
        #expect(buffer.append(line: "/* h; */ FROM t").isEmpty)
        #expect(buffer.append(line: "WHERE x = 'it''s;'").isEmpty)
        #expect(buffer.append(line: ";").count == 1)
    }

    @Test func anOpenStringOrCommentIsReported() {
        var buffer = StatementBuffer()
        _ = buffer.append(line: "SELECT 'abc")
        #expect(buffer.isInsideQuoteOrComment)
        _ = buffer.append(line: "def';")
        #expect(!buffer.isInsideQuoteOrComment)
        #expect(buffer.isEmpty)
    }

    @Test func commentsAloneAreNotAStatement() {
        var buffer = StatementBuffer()
        #expect(buffer.append(line: "-- just a note").isEmpty)
        #expect(buffer.isEmpty)
        _ = buffer.append(line: "SELECT 1;")
        #expect(buffer.finish() == nil)
    }

    @Test func theEndOfInputCompletesALastStatementWithoutSemicolon() {
        var buffer = StatementBuffer()
        _ = buffer.append(line: "SHOW SOURCES")
        #expect(buffer.finish()?.text == "SHOW SOURCES\n")
    }
}
