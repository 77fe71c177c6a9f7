/// An operator or punctuation mark.
public enum Symbol: String, Sendable, CaseIterable {
    case leftParenthesis = "(", rightParenthesis = ")", comma = ",", dot = ".", semicolon = ";"
    case star = "*", plus = "+", minus = "-", slash = "/", percent = "%", concat = "||"
    case equal = "=", notEqual = "<>", bangEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">"
    case greaterOrEqual = ">="
    /// Not SQL, but lexed so that the parser can say so (`SQL compares with '='`).
    case doubleEqual = "=="
}

/// One lexical token and the bytes of the source it covers.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An unquoted word: a name or a keyword (see `keywordKind`).
        case word
        /// A name in double quotes or backticks.
        case quotedIdentifier
        /// Digits as written: `42`, `2.5`, `1e-3`, `.5`.
        case number
        /// A single-quoted string.
        case string
        /// An operator or punctuation mark (see `symbol`).
        case symbol
        /// The end of the text: a zero-width token after the last token.
        case endOfInput
    }

    public var kind: Kind
    /// A word as written, a quoted name or a string's content (with doubled quotes
    /// resolved), a number's digits or a symbol.
    public var text: String
    /// The keyword a word spells, in any case; nil for other words and other tokens.
    /// A keyword is still a word: where the grammar expects a name, only a reserved
    /// keyword is refused.
    public var keywordKind: Keyword?
    /// The symbol of a `.symbol` token.
    public var symbol: Symbol?
    public var span: Span

    public init(_ kind: Kind, text: String, keywordKind: Keyword? = nil, symbol: Symbol? = nil, span: Span) {
        self.kind = kind
        self.text = text
        self.keywordKind = keywordKind
        self.symbol = symbol
        self.span = span
    }

    /// Whether this is the keyword `k` (unquoted, in any case).
    public func `is`(_ k: Keyword) -> Bool { keywordKind == k }

    /// Whether this is the symbol `s`.
    public func `is`(_ s: Symbol) -> Bool { symbol == s }

    public var isEndOfInput: Bool { kind == .endOfInput }

    /// The upper-cased text of a word, keyword or not, to compare words (`""` for other
    /// tokens): REPL completion looks at what was typed this way.
    public var keyword: String { kind == .word ? text.uppercased() : "" }

    /// Whether this is a word that reads `word` (upper-case) in any case.
    public func isKeyword(_ word: String) -> Bool { kind == .word && text.uppercased() == word }

    /// Whether this is the symbol written `text`.
    public func isSymbol(_ text: String) -> Bool { symbol?.rawValue == text }
}
