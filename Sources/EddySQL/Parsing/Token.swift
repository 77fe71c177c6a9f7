/// One lexical token with its span.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An unquoted name or keyword (`SELECT`, `price`).
        case word
        /// A name in backticks or double quotes.
        case quotedIdentifier
        case number
        /// A single-quoted string; `text` holds its content with `''` resolved.
        case string
        /// An operator or punctuation: `(`, `<=`, `||`, `;`, ...
        case symbol
        case endOfInput
    }

    public var kind: Kind
    public var text: String
    public var span: Span

    /// The upper-cased text of a word, for keyword comparisons.
    public var keyword: String { kind == .word ? text.uppercased() : "" }

    public func isKeyword(_ k: String) -> Bool { kind == .word && text.uppercased() == k }
    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// How a message names this token: `'FROM'`, `end of input`.
    public var described: String {
        switch kind {
        case .endOfInput: return "end of input"
        case .string: return "'\(text)'"
        case .quotedIdentifier: return "\"\(text)\""
        default: return "'\(text)'"
        }
    }
}
