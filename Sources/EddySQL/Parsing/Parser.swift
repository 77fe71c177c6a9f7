/// What parsing a script produced: the statements that parsed, and a diagnostic for each
/// one that did not (parsing goes on after an error, at the next `;`).
public struct ParseResult: Sendable {
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]
}

/// A recursive-descent parser for Eddy's dialect of SQL (grammar/eddy.ebnf).
public enum SQLParser {
    /// Parses every statement of a script.
    public static func parseScript(_ source: SourceText) -> ParseResult {
        var p = Parser(source)
        return p.parseScript()
    }

    /// Parses exactly one statement (a trailing `;` is allowed).
    public static func parseStatement(_ source: SourceText) throws -> Statement {
        var p = Parser(source)
        if let first = p.lexDiagnostics.first { throw DiagnosticList([first]) }
        do {
            let s = try p.statement()
            _ = p.acceptSymbol(";")
            if p.current.kind != .endOfInput {
                throw Diagnostic.error(
                    "expected the end of the statement, found \(p.current.described)", at: p.current.span,
                    help: "one statement at a time; separate statements with ';'")
            }
            return s
        } catch let d as Diagnostic {
            throw DiagnosticList([d])
        }
    }

    /// Parses one expression.
    public static func parseExpression(_ source: SourceText) throws -> Expr {
        var p = Parser(source)
        if let first = p.lexDiagnostics.first { throw DiagnosticList([first]) }
        do {
            let e = try p.expression()
            if p.current.kind != .endOfInput {
                throw Diagnostic.error("expected the end of the expression, found \(p.current.described)", at: p.current.span)
            }
            return e
        } catch let d as Diagnostic {
            throw DiagnosticList([d])
        }
    }
}

/// The parser's state: the tokens and a position. Each `parse...` method consumes what it
/// recognizes or throws a diagnostic at the first token that does not fit.
struct Parser {
    let source: SourceText
    let tokens: [Token]
    let lexDiagnostics: [Diagnostic]
    var position = 0

    /// Words that cannot be used as names without quotes.
    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "UNION", "JOIN", "ON", "AND", "OR",
        "NOT", "AS", "CASE", "WHEN", "THEN", "ELSE", "END", "IS", "NULL", "IN", "LIKE", "BETWEEN", "WITH",
        "INSERT", "INTO", "CREATE", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "DISTINCT", "ALL", "TRUE", "FALSE",
        "EXPLAIN", "CAST", "INTERVAL", "OVER", "PARTITION", "DESCRIPTOR", "TABLE", "SET", "DROP", "EXCEPT",
        "INTERSECT", "CROSS", "NATURAL", "USING",
    ]

    static let statementKeywords = [
        "SELECT", "CREATE", "INSERT", "EXPLAIN", "SHOW", "DESCRIBE", "SET", "RESET", "DROP", "WITH",
    ]

    init(_ source: SourceText) {
        self.source = source
        let (tokens, diagnostics) = Lexer.tokenize(source)
        self.tokens = tokens
        self.lexDiagnostics = diagnostics
    }

    var current: Token { tokens[min(position, tokens.count - 1)] }
    func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    var previous: Token { tokens[max(0, min(position - 1, tokens.count - 1))] }

    @discardableResult
    mutating func advance() -> Token {
        let t = current
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    mutating func acceptKeyword(_ k: String) -> Bool {
        guard current.isKeyword(k) else { return false }
        advance()
        return true
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        guard current.isSymbol(s) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expectKeyword(_ k: String, _ context: String = "") throws -> Token {
        guard current.isKeyword(k) else {
            throw Diagnostic.error("expected \(k)\(context.isEmpty ? "" : " " + context), found \(current.described)", at: current.span)
        }
        return advance()
    }

    @discardableResult
    mutating func expectSymbol(_ s: String, _ context: String = "") throws -> Token {
        guard current.isSymbol(s) else {
            throw Diagnostic.error("expected '\(s)'\(context.isEmpty ? "" : " " + context), found \(current.described)", at: current.span)
        }
        return advance()
    }

    /// `)` closing the `(` at `open`.
    mutating func expectClose(_ open: Token) throws {
        guard current.isSymbol(")") else {
            let loc = source.location(of: open.span.start)
            throw Diagnostic.error("expected ')' to close '(' at \(loc.line):\(loc.column), found \(current.described)", at: current.span)
        }
        advance()
    }

    /// Whether the current token can be a name.
    var atIdentifier: Bool {
        current.kind == .quotedIdentifier || (current.kind == .word && !Self.reserved.contains(current.keyword))
    }

    mutating func identifier(_ what: String = "a name") throws -> Identifier {
        let t = current
        if t.kind == .quotedIdentifier {
            advance()
            return Identifier(t.text, span: t.span, quoted: true)
        }
        if t.kind == .word && !Self.reserved.contains(t.keyword) {
            advance()
            return Identifier(t.text, span: t.span)
        }
        if t.kind == .word {
            throw Diagnostic.error(
                "expected \(what), found the keyword \(t.keyword)", at: t.span,
                help: "to use \(t.keyword) as a name, quote it: `\(t.text)`")
        }
        throw Diagnostic.error("expected \(what), found \(t.described)", at: t.span)
    }

    mutating func stringLiteral(_ what: String) throws -> StringLiteral {
        guard current.kind == .string else {
            throw Diagnostic.error("expected \(what) in single quotes, found \(current.described)", at: current.span)
        }
        let t = advance()
        return StringLiteral(t.text, span: t.span)
    }

    /// A comma-separated list of one or more items.
    mutating func commaList<T>(_ item: (inout Parser) throws -> T) throws -> [T] {
        var items = [try item(&self)]
        while acceptSymbol(",") { items.append(try item(&self)) }
        return items
    }

    /// The span from `start` to the end of the last consumed token.
    func span(from start: Int) -> Span { Span(start, max(start, previous.span.end)) }

    // MARK: - Script and recovery

    mutating func parseScript() -> ParseResult {
        var statements: [Statement] = []
        var diagnostics = lexDiagnostics
        while current.kind != .endOfInput {
            if acceptSymbol(";") { continue }
            do {
                let s = try statement()
                statements.append(s)
                if !current.isSymbol(";") && current.kind != .endOfInput {
                    throw Diagnostic.error(
                        "expected ';' after the statement, found \(current.described)", at: current.span,
                        help: "end each statement with ';'")
                }
            } catch let d as Diagnostic {
                diagnostics.append(d)
                skipToStatementEnd()
            } catch {
                diagnostics.append(.error("\(error)", at: current.span))
                skipToStatementEnd()
            }
        }
        // Lexer problems and parse problems in source order.
        diagnostics.sort { $0.span.start < $1.span.start }
        return ParseResult(statements: statements, diagnostics: diagnostics)
    }

    /// Skips to just after the next `;` outside parentheses.
    mutating func skipToStatementEnd() {
        var depth = 0
        while current.kind != .endOfInput {
            if current.isSymbol("(") { depth += 1 }
            if current.isSymbol(")") { depth = max(0, depth - 1) }
            if current.isSymbol(";") && depth == 0 {
                advance()
                return
            }
            advance()
        }
    }
}
