import Testing

@testable import EddySQL

private func lex(_ text: String) -> [Token] { Lexer.tokenize(SourceText(name: "t", text: text)).tokens }
private func kinds(_ text: String) -> [String] {
    lex(text).dropLast().map { t in
        switch t.kind {
        case .word: return "w:\(t.text)"
        case .quotedIdentifier: return "q:\(t.text)"
        case .number: return "n:\(t.text)"
        case .string: return "s:\(t.text)"
        case .symbol: return t.text
        case .endOfInput: return "eof"
        }
    }
}

@Suite("Lexer")
struct LexerTests {
    @Test func wordsNumbersStringsAndSymbols() {
        #expect(kinds("SELECT a1, 2.5 FROM t WHERE x >= 'it''s'") == [
            "w:SELECT", "w:a1", ",", "n:2.5", "w:FROM", "w:t", "w:WHERE", "w:x", ">=", "s:it's",
        ])
    }

    @Test func commentsAreSkipped() {
        #expect(kinds("a -- to the end\n/* block\n comment */ b") == ["w:a", "w:b"])
    }

    @Test func quotedIdentifiersKeepTheirCase() {
        #expect(kinds("`user` \"Order Id\"") == ["q:user", "q:Order Id"])
    }

    @Test func numbersWithExponentsAndLeadingDots() {
        #expect(kinds("1e3 .5 7.") == ["n:1e3", "n:.5", "n:7."])
    }

    @Test func twoCharacterOperators() {
        #expect(kinds("a<>b != c || d <= e") == ["w:a", "<>", "w:b", "!=", "w:c", "||", "w:d", "<=", "w:e"])
    }

    @Test func spansAreByteOffsets() {
        let tokens = lex("SELECT  é, x")
        #expect(tokens[1].span == Span(8, 10))
        #expect(tokens[3].span == Span(12, 13))
    }

    @Test func unterminatedStringIsADiagnosticAtItsStart() {
        let (_, diagnostics) = Lexer.tokenize(SourceText(name: "t", text: "SELECT 'abc"))
        #expect(diagnostics.map(\.message) == ["unterminated string"])
        #expect(diagnostics.first?.span.start == 7)
    }

    @Test func unterminatedCommentAndStrayCharacters() {
        let (_, d1) = Lexer.tokenize(SourceText(name: "t", text: "a /* never closed"))
        #expect(d1.map(\.message) == ["unterminated comment"])
        let (tokens, d2) = Lexer.tokenize(SourceText(name: "t", text: "a ? b"))
        #expect(d2.map(\.message) == ["unexpected character '?'"])
        #expect(tokens.count == 3)
    }
}
