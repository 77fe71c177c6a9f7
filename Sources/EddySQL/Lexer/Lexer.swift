/// Splits source text into tokens, in one pass over its UTF-8 bytes.
///
/// Whitespace and comments (`-- ...` to the end of the line, `/* ... */`) are skipped. Nothing
/// stops the lexer: an unterminated string, quoted name or comment, and characters SQL has no
/// use for, become diagnostics pointing where they start, and lexing goes on.
public struct Lexer {
    let bytes: [UInt8]
    var position = 0
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []

    private init(_ source: SourceText) { bytes = source.bytes }

    /// The tokens of `source`, always ending with one `.endOfInput` token, and the lexical
    /// problems found on the way.
    public static func tokenize(_ source: SourceText) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private mutating func run() {
        while true {
            skipWhitespaceAndComments()
            guard position < bytes.count else { break }
            let start = position
            let first = bytes[position]
            if Self.isIdentifierStart(first) || (first >= 0x80 && isUnicodeIdentifierStart(at: position)) {
                lexIdentifier(start)
            } else if Self.isDigit(first) || (first == UInt8(ascii: ".") && Self.isDigit(byte(at: position + 1))) {
                lexNumber(start)
            } else if first == UInt8(ascii: "'") {
                lexString(start)
            } else if first == UInt8(ascii: "\"") || first == UInt8(ascii: "`") {
                lexQuotedIdentifier(start, delimiter: first)
            } else if let symbol = symbol(at: position) {
                position += symbol.rawValue.utf8.count
                tokens.append(Token(.symbol, text: symbol.rawValue, symbol: symbol, span: Span(start, position)))
            } else {
                skipUnknownCharacters(start)
            }
        }
        // The end sits right after the last thing written, not after trailing blank lines,
        // so that "found end of input" points at the line that needs finishing.
        var end = bytes.count
        while end > 0, Self.isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        tokens.append(Token(.endOfInput, text: "", span: Span(end, end)))
    }

    // MARK: - Trivia

    private mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            let b = bytes[position]
            if Self.isASCIIWhitespace(b) {
                position += 1
            } else if b == UInt8(ascii: "-") && byte(at: position + 1) == UInt8(ascii: "-") {
                while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if b == UInt8(ascii: "/") && byte(at: position + 1) == UInt8(ascii: "*") {
                skipBlockComment()
            } else if b >= 0x80, let (scalar, length) = decodeScalar(at: position), scalar.properties.isWhitespace {
                position += length
            } else {
                return
            }
        }
    }

    private mutating func skipBlockComment() {
        let start = position
        position += 2
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "*") && byte(at: position + 1) == UInt8(ascii: "/") {
                position += 2
                return
            }
            position += 1
        }
        diagnostics.append(.error("unterminated comment", at: Span(start, start + 2), help: "close the comment with */"))
    }

    // MARK: - Words and numbers

    private mutating func lexIdentifier(_ start: Int) {
        while position < bytes.count {
            let b = bytes[position]
            if Self.isIdentifierStart(b) || Self.isDigit(b) || b == UInt8(ascii: "$") {
                position += 1
            } else if b >= 0x80, let length = unicodeIdentifierPartLength(at: position) {
                position += length
            } else {
                break
            }
        }
        let word = bytes[start..<position]
        tokens.append(
            Token(.word, text: String(decoding: word, as: UTF8.self), keywordKind: Keyword.lookUp(word), span: Span(start, position)))
    }

    /// `42`, `2.5`, `3.`, `.5`, `1e3`, `2.5E-3`.
    private mutating func lexNumber(_ start: Int) {
        skipDigits()
        if byte(at: position) == UInt8(ascii: ".") && !Self.isIdentifierStart(byte(at: position + 1)) {
            position += 1
            skipDigits()
        }
        let e = byte(at: position)
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let sign = byte(at: position + 1)
            if Self.isDigit(sign) {
                position += 1
                skipDigits()
            } else if (sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")) && Self.isDigit(byte(at: position + 2)) {
                position += 2
                skipDigits()
            }
        }
        tokens.append(Token(.number, text: String(decoding: bytes[start..<position], as: UTF8.self), span: Span(start, position)))
    }

    private mutating func skipDigits() {
        while Self.isDigit(byte(at: position)) { position += 1 }
    }

    // MARK: - Quoted text

    /// `'it''s'`: a doubled quote stands for one.
    private mutating func lexString(_ start: Int) {
        let (content, terminated) = quoted(from: start, delimiter: UInt8(ascii: "'"))
        if !terminated {
            diagnostics.append(
                .error(
                    "unterminated string", at: Span(start, start + 1),
                    help: "close the string with ' (write '' for a quote inside it)"))
        }
        tokens.append(Token(.string, text: content, span: Span(start, position)))
    }

    /// `"name"` or `` `name` ``.
    private mutating func lexQuotedIdentifier(_ start: Int, delimiter: UInt8) {
        let mark = delimiter == UInt8(ascii: "`") ? "`" : "\""
        let (content, terminated) = quoted(from: start, delimiter: delimiter)
        if !terminated {
            diagnostics.append(.error("unterminated quoted name", at: Span(start, start + 1), help: "close the name with \(mark)"))
        } else if content.isEmpty {
            diagnostics.append(.error("a quoted name cannot be empty", at: Span(start, position)))
        }
        tokens.append(Token(.quotedIdentifier, text: content, span: Span(start, position)))
    }

    /// The content of quoted text starting at `start`, with doubled delimiters resolved, and
    /// `position` after the closing delimiter. Without one, the text ends at the end of the
    /// line where it started (a guess that keeps later lines intact).
    private mutating func quoted(from start: Int, delimiter: UInt8) -> (content: String, terminated: Bool) {
        var content: [UInt8] = []
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == delimiter {
                if byte(at: i + 1) == delimiter {
                    content.append(delimiter)
                    i += 2
                    continue
                }
                position = i + 1
                return (String(decoding: content, as: UTF8.self), true)
            }
            content.append(bytes[i])
            i += 1
        }
        position = start + 1
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
        return (String(decoding: bytes[(start + 1)..<position], as: UTF8.self), false)
    }

    // MARK: - Symbols and stray characters

    private func symbol(at i: Int) -> Symbol? {
        guard i < bytes.count else { return nil }
        if i + 1 < bytes.count {
            switch (bytes[i], bytes[i + 1]) {
            case (UInt8(ascii: "<"), UInt8(ascii: "=")): return .lessOrEqual
            case (UInt8(ascii: ">"), UInt8(ascii: "=")): return .greaterOrEqual
            case (UInt8(ascii: "<"), UInt8(ascii: ">")): return .notEqual
            case (UInt8(ascii: "!"), UInt8(ascii: "=")): return .bangEqual
            case (UInt8(ascii: "|"), UInt8(ascii: "|")): return .concat
            case (UInt8(ascii: "="), UInt8(ascii: "=")): return .doubleEqual
            default: break
            }
        }
        switch bytes[i] {
        case UInt8(ascii: "("): return .leftParenthesis
        case UInt8(ascii: ")"): return .rightParenthesis
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: ";"): return .semicolon
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "%"): return .percent
        case UInt8(ascii: "="): return .equal
        case UInt8(ascii: "<"): return .less
        case UInt8(ascii: ">"): return .greater
        default: return nil
        }
    }

    /// Whether a token, whitespace or a comment can start at `i`.
    private func startsSomething(at i: Int) -> Bool {
        let b = bytes[i]
        if b >= 0x80 {
            guard let (scalar, _) = decodeScalar(at: i) else { return false }
            return scalar.properties.isWhitespace || isUnicodeIdentifierStart(at: i)
        }
        return Self.isIdentifierStart(b) || Self.isDigit(b) || Self.isASCIIWhitespace(b) || b == UInt8(ascii: "'")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") || symbol(at: i) != nil
    }

    /// One diagnostic for a run of characters that start nothing (`@@`, `&&`, `‘`).
    private mutating func skipUnknownCharacters(_ start: Int) {
        repeat {
            position += max(1, decodeScalar(at: position)?.length ?? 1)
        } while position < bytes.count && !startsSomething(at: position)
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let noun = text.count == 1 ? "character" : "characters"
        diagnostics.append(.error("unexpected \(noun) '\(text)'", at: Span(start, position), help: Self.hint(forStray: text)))
    }

    private static func hint(forStray text: String) -> String? {
        switch text {
        case "&&", "&": return "SQL writes AND"
        case "|": return "SQL concatenates text with '||'"
        case "!": return "SQL writes NOT, and '<>' for not equal"
        case "?": return "query parameters are not supported; write the value"
        case "::": return "write CAST(value AS type)"
        case "#": return "comments start with --"
        case "\u{2018}", "\u{2019}": return "strings take straight single quotes: 'text'"
        case "\u{201C}", "\u{201D}": return "names take straight double quotes (\"name\"); strings take single quotes"
        default: return nil
        }
    }

    // MARK: - Characters

    private func byte(at i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    static func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }

    private func isUnicodeIdentifierStart(at i: Int) -> Bool {
        guard let (scalar, _) = decodeScalar(at: i) else { return false }
        return scalar.properties.isAlphabetic
    }

    /// The byte length of a non-ASCII letter, digit, mark or connector at `i`, if it is one.
    private func unicodeIdentifierPartLength(at i: Int) -> Int? {
        guard let (scalar, length) = decodeScalar(at: i) else { return nil }
        let p = scalar.properties
        switch p.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .connectorPunctuation: return length
        default: return p.isAlphabetic ? length : nil
        }
    }

    /// The scalar whose UTF-8 encoding starts at `i`, and its length; nil if the bytes there
    /// are not valid UTF-8.
    func decodeScalar(at i: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        guard i < bytes.count else { return nil }
        let lead = bytes[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }
}
