/// A recursive-descent parser over the tokens of one source text.
///
/// Each rule consumes what it recognises or throws a diagnostic at the first token that does
/// not fit, saying what was expected and what was found. The grammar is grammar/eddy.ebnf;
/// the rules live in the extensions next to this file, one part of the language each.
struct Parser {
    let source: SourceText
    let tokens: [Token]
    /// The index of the current token; the last token is always `.endOfInput`.
    var position = 0
    /// How deeply rules are nested, so that `((((...` is an error rather than a stack overflow.
    var depth = 0
    /// How deeply `expression` calls are nested; 0 outside any expression.
    var expressionNesting = 0
    /// Operators applied in loops (`a + b + ...`, `NOT NOT ...`) in the current outermost
    /// expression, and joins and unions in the current statement. Each makes the tree one
    /// level deeper without recursion here, but whoever walks or frees the tree recurses.
    var expressionLinks = 0
    var statementLinks = 0

    static let maximumDepth = 48
    static let maximumLinks = 1000

    init(_ source: SourceText, tokens: [Token]) {
        self.source = source
        // The lexer always ends with an end-of-input token; a parser made from other tokens
        // gets one too, so that `current` always exists.
        if let last = tokens.last, last.isEndOfInput {
            self.tokens = tokens
        } else {
            let end = source.bytes.count
            self.tokens = tokens + [Token(.endOfInput, text: "", span: Span(end, end))]
        }
    }

    // MARK: - Moving through the tokens

    var current: Token { tokens[position] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    /// The token before the current one, if any.
    var previous: Token? { position > 0 ? tokens[position - 1] : nil }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func at(_ keyword: Keyword) -> Bool { current.is(keyword) }
    func at(_ symbol: Symbol) -> Bool { current.is(symbol) }

    mutating func accept(_ keyword: Keyword) -> Bool {
        guard at(keyword) else { return false }
        advance()
        return true
    }

    mutating func accept(_ symbol: Symbol) -> Bool {
        guard at(symbol) else { return false }
        advance()
        return true
    }

    /// The keyword, or `expected 'BY' after 'GROUP', found 'a'`.
    @discardableResult
    mutating func expect(_ keyword: Keyword, _ context: String, help: String? = nil) throws(Diagnostic) -> Token {
        guard at(keyword) else { throw expected("'\(keyword.rawValue)' \(context)", help: help) }
        return advance()
    }

    @discardableResult
    mutating func expect(_ symbol: Symbol, _ context: String, help: String? = nil) throws(Diagnostic) -> Token {
        guard at(symbol) else { throw expected("'\(symbol.rawValue)' \(context)", help: help) }
        return advance()
    }

    /// The `)` that closes `open`. When a list item could start here, the list is missing a
    /// comma: `expected ',' or ')' in the column list, found 'ts'`.
    @discardableResult
    mutating func expectClosing(_ open: Token, list: String? = nil) throws(Diagnostic) -> Token {
        if at(.rightParenthesis) { return advance() }
        if let list, startsListItem {
            throw expected("',' or ')' in \(list)", help: "separate the items with ','")
        }
        throw expected("')' to close '(' at \(source.location(of: open.span.start))")
    }

    /// Whether the current token could begin another item of a list (a name, a literal).
    var startsListItem: Bool {
        switch current.kind {
        case .word: return !(current.keywordKind?.isReserved ?? false)
        case .quotedIdentifier, .number, .string: return true
        default: return false
        }
    }

    /// The span from byte `start` to the end of the last consumed token.
    func span(from start: Int) -> Span { Span(start, previous?.span.end ?? start) }

    // MARK: - Nesting

    /// Counts one level of nesting; the caller undoes it with `defer { depth -= 1 }`.
    mutating func enterNesting() throws(Diagnostic) {
        guard depth < Self.maximumDepth else {
            throw Diagnostic.error(
                "the statement is nested too deeply (more than \(Self.maximumDepth) levels)", at: current.span,
                help: "split it, for example with WITH or a view")
        }
        depth += 1
    }

    /// Counts one operator of a chain in the current expression.
    mutating func countExpressionLink() throws(Diagnostic) {
        expressionLinks += 1
        guard expressionLinks <= Self.maximumLinks else {
            throw Diagnostic.error(
                "the expression is too long (more than \(Self.maximumLinks) operators)", at: current.span,
                help: "split it, for example with WITH or a view")
        }
    }

    /// Counts one join or union in the current statement.
    mutating func countStatementLink() throws(Diagnostic) {
        statementLinks += 1
        guard statementLinks <= Self.maximumLinks else {
            throw Diagnostic.error(
                "the statement has more than \(Self.maximumLinks) joins and unions", at: current.span,
                help: "split it, for example with WITH or a view")
        }
    }

    // MARK: - Lists

    /// One or more items separated by commas. A comma followed by `)` or a clause keyword is
    /// reported as a trailing comma.
    mutating func commaSeparated<T>(_ item: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> [T] {
        var items = [try item(&self)]
        while at(.comma) {
            let comma = advance()
            if at(.rightParenthesis) || at(.semicolon) || isClauseKeyword(current) {
                throw Diagnostic.error(
                    "unexpected \(describe(current)) after ','", at: current.span,
                    help: "remove the trailing comma at \(source.location(of: comma.span.start))")
            }
            items.append(try item(&self))
        }
        return items
    }

    /// Keywords that begin a clause and so never an expression or a name.
    func isClauseKeyword(_ token: Token) -> Bool {
        switch token.keywordKind {
        case .from, .where, .group, .having, .order, .limit, .union, .on, .join: return true
        default: return false
        }
    }
}
