/// How diagnostics name what was found, and the hints for common mistakes.
extension Parser {
    /// A diagnostic at the current token: `expected <what>, found <current>`.
    func expected(_ what: String, help: String? = nil) -> Diagnostic {
        .error("expected \(what), found \(describe(current))", at: current.span, help: help)
    }

    /// How a message names a token: `'FROM'`, `','`, `the string 'abc'`, `"ts"`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfInput: return "end of input"
        case .string: return "the string \(Self.clip(source.slice(token.span)))"
        case .quotedIdentifier: return Self.clip(source.slice(token.span))
        case .word, .number, .symbol: return "'\(Self.clip(token.text))'"
        }
    }

    /// A token as written, quoted, for messages such as `after 'WHERE'` or `after '+'`.
    func quote(_ token: Token) -> String { "'\(Self.clip(source.slice(token.span)))'" }

    private static func clip(_ text: String) -> String { text.count <= 40 ? text : String(text.prefix(39)) + "…" }

    /// For a reserved word where a name belongs: how to use it as one.
    func reservedWordHelp(_ token: Token) -> String? {
        guard let keyword = token.keywordKind, keyword.isReserved else { return nil }
        return "\(keyword.rawValue) is a reserved word; to use it as a name, quote it: `\(token.text)`"
    }

    /// A word that parsed as a name but looks like a misspelled clause keyword: `WEHRE`
    /// (then an alias of the table before it) or the current token itself.
    func misspelledClauseHelp() -> String? {
        for token in [current, previous].compactMap({ $0 }) {
            if let near = Self.misspelling(token, among: Self.clauseWords) { return "did you mean '\(near)'?" }
        }
        return nil
    }

    /// The word `token` probably misspells, if it is an unquoted non-keyword of 3 or more letters.
    static func misspelling(_ token: Token, among candidates: [String]) -> String? {
        guard token.kind == .word, token.keywordKind == nil, token.text.count >= 3 else { return nil }
        return Suggestions.nearest(to: token.text, in: candidates)
    }

    static let clauseWords = ["FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "JOIN", "SELECT", "WITH"]

    static let statementWords = [
        "SELECT", "WITH", "CREATE", "INSERT", "EXPLAIN", "SHOW", "DESCRIBE", "SET", "RESET", "DROP",
    ]

    /// Whether the current token begins a statement (used to resume after a missing `;`).
    var atStatementStart: Bool { Self.startsStatement(current) }

    static func startsStatement(_ token: Token) -> Bool {
        switch token.keywordKind {
        case .select, .with, .create, .insert, .explain, .show, .describe, .set, .reset, .drop: return true
        default: return false
        }
    }
}
