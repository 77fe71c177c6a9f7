import Testing

@testable import EddySQL

private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    Lexer.tokenize(SourceText(name: "t", text: text))
}

/// Tokens as short strings: `id:a`, `kw:SELECT`, `q:name`, `n:42`, `s:text`, or the symbol.
private func tokens(_ text: String) -> [String] {
    lex(text).tokens.dropLast().map { t in
        switch t.kind {
        case .word: return t.keywordKind.map { "kw:\($0.rawValue)" } ?? "id:\(t.text)"
        case .quotedIdentifier: return "q:\(t.text)"
        case .number: return "n:\(t.text)"
        case .string: return "s:\(t.text)"
        case .symbol: return t.symbol?.rawValue ?? "?"
        case .endOfInput: return "eof"
        }
    }
}

private func messages(_ text: String) -> [String] {
    let source = SourceText(name: "t", text: text)
    return lex(text).diagnostics.map { "\(source.location(of: $0.span.start)): \($0.message)" }
}

@Suite("Lexer")
struct LexerTests {
    @Test func wordsKeywordsNumbersStringsAndSymbols() {
        #expect(tokens("SELECT a1, 2.5 FROM t WHERE x >= 'it''s'") == [
            "kw:SELECT", "id:a1", ",", "n:2.5", "kw:FROM", "id:t", "kw:WHERE", "id:x", ">=", "s:it's",
        ])
    }

    @Test func keywordsAreRecognisedInAnyCaseButStayIdentifiers() {
        let t = lex("select Count window_start").tokens
        #expect(t[0].kind == .word && t[0].keywordKind == .select && t[0].text == "select")
        #expect(t[1].keywordKind == nil && t[1].text == "Count")
        #expect(t[2].keywordKind == nil)
        #expect(lex("SeSsIoN").tokens[0].keywordKind == .session)
    }

    @Test func wordsCompareByTheirUpperCasedText() {
        let t = lex("select Price ( 'x'").tokens
        #expect(t.map(\.keyword) == ["SELECT", "PRICE", "", "", ""])
        #expect(t[0].isKeyword("SELECT") && t[1].isKeyword("PRICE") && !t[3].isKeyword("x"))
        #expect(t[2].isSymbol("(") && t[2].symbol == .leftParenthesis && t[2].is(.leftParenthesis))
    }

    @Test func onlyStructuralWordsAreReserved() {
        for word in ["SELECT", "FROM", "WHERE", "GROUP", "BY", "JOIN", "ON", "AND", "NOT", "AS", "CASE", "NULL", "WITH", "INSERT"] {
            #expect(Keyword(rawValue: word)?.isReserved == true, "\(word)")
        }
        for word in ["SOURCE", "KEY", "DATE", "TIMESTAMP", "SESSION", "INTERVAL", "PARTITION", "LEFT", "SET", "VIEW"] {
            #expect(Keyword(rawValue: word)?.isReserved == false, "\(word)")
        }
    }

    @Test func commentsAreSkipped() {
        #expect(tokens("a -- to the end\n/* block\n comment */ b--x") == ["id:a", "id:b"])
        #expect(tokens("a/**/b") == ["id:a", "id:b"])
    }

    @Test func numbersWithDecimalsAndExponents() {
        #expect(tokens("42 2.5 3. .5 1e3 2.5E-3 7e+2") == ["n:42", "n:2.5", "n:3.", "n:.5", "n:1e3", "n:2.5E-3", "n:7e+2"])
        // An `e` without digits is not an exponent; a word right after digits is a word.
        #expect(tokens("1e 5s") == ["n:1", "id:e", "n:5", "id:s"])
        #expect(tokens("t.a") == ["id:t", ".", "id:a"])
    }

    @Test func quotedIdentifiersInDoubleQuotesAndBackticks() {
        #expect(tokens("\"my col\" `select` \"a\"\"b\" `x``y`") == ["q:my col", "q:select", "q:a\"b", "q:x`y"])
        #expect(lex("`select`").tokens[0].keywordKind == nil)
    }

    @Test func stringsResolveDoubledQuotesAndMaySpanLines() {
        #expect(tokens("'' 'a''b' 'line\nbreak'") == ["s:", "s:a'b", "s:line\nbreak"])
    }

    @Test func operatorsTakeTheLongestMatch() {
        #expect(tokens("a<>b!=c||d<=e>=f<g>h==i") == [
            "id:a", "<>", "id:b", "!=", "id:c", "||", "id:d", "<=", "id:e", ">=", "id:f", "<", "id:g", ">", "id:h", "==", "id:i",
        ])
        #expect(tokens("(),.;*+-/%=") == ["(", ")", ",", ".", ";", "*", "+", "-", "/", "%", "="])
    }

    @Test func spansAreUTF8ByteOffsets() {
        let t = lex("SELECT  é, 'ü' x").tokens
        #expect(t[1].span == Span(8, 10))
        #expect(t[1].kind == .word && t[1].text == "é")
        #expect(t[3].span == Span(12, 16))
        #expect(t[4].span == Span(17, 18))
    }

    @Test func endOfInputIsZeroWidthAfterTheLastToken() {
        let t = lex("SELECT a\n\n").tokens
        #expect(t.last?.kind == .endOfInput)
        #expect(t.last?.span == Span(8, 8))
        #expect(lex("").tokens.map(\.kind) == [.endOfInput])
    }

    @Test func unicodeLettersMakeNamesAndUnicodeSpacesAreSpaces() {
        #expect(tokens("prix_€ naïve\u{00A0}größe") == ["id:prix_", "id:naïve", "id:größe"])
        #expect(messages("prix_€").count == 1)
    }

    @Test func unterminatedStringPointsAtItsQuoteAndLexingGoesOnNextLine() {
        let (t, d) = lex("SELECT 'abc\nFROM t")
        #expect(d.map(\.message) == ["unterminated string"])
        #expect(d.first?.span == Span(7, 8))
        #expect(t.map(\.text).dropLast() == ["SELECT", "abc", "FROM", "t"])
    }

    @Test func unterminatedCommentAndQuotedName() {
        #expect(messages("a /* never closed") == ["1:3: unterminated comment"])
        #expect(messages("SELECT \"abc") == ["1:8: unterminated quoted name"])
        #expect(messages("SELECT ``") == ["1:8: a quoted name cannot be empty"])
    }

    @Test func strayCharactersAreOneDiagnosticPerRunWithHints() {
        let (t, d) = lex("a ? b && c @@@ d")
        #expect(d.map(\.message) == ["unexpected character '?'", "unexpected characters '&&'", "unexpected characters '@@@'"])
        #expect(d[1].help == "SQL writes AND")
        #expect(t.count == 5)
        #expect(lex("‘text’").diagnostics.first?.help == "strings take straight single quotes: 'text'")
    }

    @Test func invalidUTF8AndControlBytesNeverCrash() {
        let text = String(decoding: [0xFF, 0xC3, 0x28, 0x00, 0x07, 0x41, 0xF0, 0x9F, 0x98, 0x80], as: UTF8.self)
        let (t, d) = lex(text)
        #expect(t.last?.kind == .endOfInput)
        #expect(!d.isEmpty)
    }
}
