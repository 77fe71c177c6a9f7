/// Names, aliases and quoted strings.
extension Parser {
    /// Whether the current token can be a name: a quoted name, or a word that is not reserved.
    var atName: Bool {
        switch current.kind {
        case .quotedIdentifier: return true
        case .word: return !(current.keywordKind?.isReserved ?? false)
        default: return false
        }
    }

    /// A name, or `expected <what>, found ...`.
    mutating func name(_ what: String) throws(Diagnostic) -> Identifier {
        let token = current
        guard atName else { throw expected(what, help: reservedWordHelp(token)) }
        advance()
        return Identifier(token.text, span: token.span, quoted: token.kind == .quotedIdentifier)
    }

    /// `name {, name}` in parentheses, such as a view's column names or a primary key.
    mutating func parenthesizedNames(_ what: String, list: String) throws(Diagnostic) -> [Identifier] {
        let open = try expect(.leftParenthesis, "before \(list)")
        let names = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.name(what) }
        try expectClosing(open, list: list)
        return names
    }

    /// `[AS] alias` after a table or a select item. Without AS, a word that continues the
    /// clause (`LEFT`, `OVER`, a reserved word) is not an alias.
    mutating func alias() throws(Diagnostic) -> Identifier? {
        if at(.as) {
            let asToken = advance()
            return try name("an alias after \(quote(asToken))")
        }
        switch current.kind {
        case .quotedIdentifier:
            return try name("an alias")
        case .word where current.keywordKind?.canBeImplicitAlias ?? true:
            return try name("an alias")
        default:
            return nil
        }
    }

    /// A single-quoted string, or `expected <what> in single quotes, found ...`.
    mutating func stringLiteral(_ what: String) throws(Diagnostic) -> StringLiteral {
        let token = current
        guard token.kind == .string else {
            var help: String?
            if token.kind == .quotedIdentifier && source.bytes[token.span.start] == UInt8(ascii: "\"") {
                help = "strings take single quotes ('\(token.text)'); double quotes are for names"
            } else if token.kind == .word || token.kind == .number {
                help = "quote it: '\(token.text)'"
            }
            throw expected("\(what) in single quotes", help: help)
        }
        advance()
        return StringLiteral(token.text, span: token.span)
    }
}
