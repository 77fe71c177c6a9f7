/// Scripts, single statements and recovery from errors.
extension Parser {
    /// Every statement of the script. A broken statement gets one diagnostic and parsing
    /// resumes after its `;`; a statement with a lexical problem is reported by that problem
    /// alone, since it explains whatever the parser would say.
    mutating func script(lexerDiagnostics: [Diagnostic]) -> ParseResult {
        var statements: [Statement] = []
        var diagnostics = lexerDiagnostics
        // The bytes of the statement being parsed, from just after the previous `;`.
        var regionStart = 0
        // Lexical problems come in source order, as statements do: one pass finds those
        // of each statement.
        var nextLexical = 0
        func hasLexicalProblem(before end: Int) -> Bool {
            while nextLexical < lexerDiagnostics.count && lexerDiagnostics[nextLexical].span.start < regionStart {
                nextLexical += 1
            }
            return nextLexical < lexerDiagnostics.count && lexerDiagnostics[nextLexical].span.start < end
        }
        while !current.isEndOfInput {
            if at(.semicolon) {
                regionStart = advance().span.end
                continue
            }
            let first = position
            do throws(Diagnostic) {
                let statement = try self.statement()
                if at(.semicolon) || current.isEndOfInput {
                    if !hasLexicalProblem(before: regionEnd) { statements.append(statement) }
                    continue
                }
                let missingEnd = endOfStatementExpected()
                guard atStatementStart else { throw missingEnd }
                // The next statement starts without a `;` before it: report that, and parse
                // the next statement rather than skip it.
                if !hasLexicalProblem(before: current.span.start) { diagnostics.append(missingEnd) }
                regionStart = current.span.start
            } catch {
                skipToEndOfStatement(from: first)
                if !hasLexicalProblem(before: regionEnd) { diagnostics.append(error) }
            }
        }
        // Source order; lexical problems first where they share a start.
        let ordered = diagnostics.enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }
        return ParseResult(statements: statements, diagnostics: ordered.map(\.element))
    }

    /// Where the statement being parsed ends: at the current `;`, or at the end of the text.
    private var regionEnd: Int { at(.semicolon) ? current.span.start : source.bytes.count }

    /// One statement, an optional `;`, and nothing after it.
    mutating func singleStatement() throws(Diagnostic) -> Statement {
        let statement = try self.statement()
        _ = accept(.semicolon)
        guard current.isEndOfInput else {
            if atStatementStart {
                throw Diagnostic.error(
                    "expected one statement, found another one starting with \(describe(current))", at: current.span,
                    help: "run the statements one at a time, or as a script")
            }
            throw endOfStatementExpected()
        }
        return statement
    }

    /// One expression and nothing after it.
    mutating func singleExpression() throws(Diagnostic) -> Expr {
        let expression = try self.expression()
        guard current.isEndOfInput else {
            if at(.rightParenthesis) { throw unmatchedClosingParenthesis() }
            throw expected("the end of the expression", help: misspelledClauseHelp())
        }
        return expression
    }

    /// A statement parsed completely but something other than `;` follows it.
    private func endOfStatementExpected() -> Diagnostic {
        if at(.rightParenthesis) { return unmatchedClosingParenthesis() }
        if atStatementStart {
            return expected("';' before the next statement", help: "end each statement with ';'")
        }
        return expected("the end of the statement", help: misspelledClauseHelp())
    }

    private func unmatchedClosingParenthesis() -> Diagnostic {
        .error("unexpected ')' without a matching '('", at: current.span, help: "remove it, or add the '(' it closes")
    }

    /// Skips to the `;` that ends the broken statement that started at token `first`: the
    /// next `;` outside parentheses, or one followed by a new statement or the end (which
    /// ends a statement whose parentheses were never closed).
    mutating func skipToEndOfStatement(from first: Int) {
        var nesting = 0
        for token in tokens[first..<position] {
            if token.is(.leftParenthesis) { nesting += 1 }
            if token.is(.rightParenthesis) { nesting = max(0, nesting - 1) }
        }
        while !current.isEndOfInput {
            if at(.semicolon) {
                let next = peek()
                if nesting == 0 || next.isEndOfInput || Self.startsStatement(next) { return }
            }
            if at(.leftParenthesis) { nesting += 1 }
            if at(.rightParenthesis) { nesting = max(0, nesting - 1) }
            advance()
        }
    }
}
