/// What parsing a script produced: the statements that parsed, and the diagnostics of the
/// ones that did not, in source order. Parsing goes on after a broken statement at the next
/// `;`, so every broken statement has a diagnostic (one for its syntax, or those of its
/// lexical problems) and every good statement is parsed.
public struct ParseResult: Sendable {
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]

    public init(statements: [Statement], diagnostics: [Diagnostic]) {
        self.statements = statements
        self.diagnostics = diagnostics
    }
}

/// The parser of Eddy's SQL dialect, a subset of Flink SQL; `grammar/eddy.ebnf` is what it
/// accepts. No input makes it crash or hang: what it cannot parse becomes a diagnostic.
public enum SQLParser {
    /// Parses a script: statements separated by `;` (the last one may omit it; empty
    /// statements are skipped).
    public static func parseScript(_ source: SourceText) -> ParseResult {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(source, tokens: tokens)
        return parser.script(lexerDiagnostics: lexerDiagnostics)
    }

    /// Parses exactly one statement, with an optional trailing `;`.
    ///
    /// - Throws: the lexical problems of the text if there are any, else the syntax error.
    public static func parseStatement(_ source: SourceText) throws(DiagnosticList) -> Statement {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(source, tokens: tokens)
        let result = Result { () throws(Diagnostic) -> Statement in try parser.singleStatement() }
        return try complete(result, lexerDiagnostics: lexerDiagnostics)
    }

    /// Parses one expression, such as `price * 2 > 10` or `INTERVAL '5' SECOND`.
    ///
    /// - Throws: the lexical problems of the text if there are any, else the syntax error.
    public static func parseExpression(_ source: SourceText) throws(DiagnosticList) -> Expr {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(source, tokens: tokens)
        let result = Result { () throws(Diagnostic) -> Expr in try parser.singleExpression() }
        return try complete(result, lexerDiagnostics: lexerDiagnostics)
    }

    /// A lexical problem explains a syntax error it causes, so it is reported instead.
    private static func complete<T>(_ result: Result<T, Diagnostic>, lexerDiagnostics: [Diagnostic]) throws(DiagnosticList) -> T {
        if !lexerDiagnostics.isEmpty { throw DiagnosticList(lexerDiagnostics) }
        switch result {
        case .success(let value): return value
        case .failure(let diagnostic): throw DiagnosticList([diagnostic])
        }
    }
}
