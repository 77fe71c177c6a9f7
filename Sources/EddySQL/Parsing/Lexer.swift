/// Splits source text into tokens. Comments (`-- ...`, `/* ... */`) and whitespace are
/// skipped; unterminated strings and comments, and characters SQL has no use for, are
/// diagnostics pointing where they start.
public struct Lexer {
    private let bytes: [UInt8]
    private var i = 0
    public private(set) var diagnostics: [Diagnostic] = []

    public init(_ source: SourceText) { bytes = source.bytes }

    public static func tokenize(_ source: SourceText) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .endOfInput { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func peek(_ offset: Int = 0) -> UInt8 { i + offset < bytes.count ? bytes[i + offset] : 0 }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
    }

    private static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 48 && c <= 57) || c == 36 }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private func text(_ s: Int, _ e: Int) -> String { String(decoding: bytes[s..<e], as: UTF8.self) }

    public mutating func next() -> Token {
        skipTrivia()
        guard i < bytes.count else { return Token(kind: .endOfInput, text: "", span: Span(bytes.count, bytes.count)) }
        let start = i
        let c = bytes[i]
        if Self.isIdentStart(c) {
            while i < bytes.count && Self.isIdentPart(bytes[i]) { i += 1 }
            return Token(kind: .word, text: text(start, i), span: Span(start, i))
        }
        if Self.isDigit(c) || (c == 46 && Self.isDigit(peek(1))) {
            while Self.isDigit(peek()) { i += 1 }
            if peek() == 46 && Self.isDigit(peek(1)) || (peek() == 46 && !Self.isIdentStart(peek(1))) {
                i += 1
                while Self.isDigit(peek()) { i += 1 }
            }
            if (peek() == 101 || peek() == 69)
                && (Self.isDigit(peek(1)) || ((peek(1) == 43 || peek(1) == 45) && Self.isDigit(peek(2))))
            {
                i += 2
                while Self.isDigit(peek()) { i += 1 }
            }
            return Token(kind: .number, text: text(start, i), span: Span(start, i))
        }
        switch c {
        case 39:  // '
            return lexString(start)
        case 34, 96:  // " or `
            return lexQuotedIdentifier(start, close: c)
        default:
            break
        }
        let two = i + 1 < bytes.count ? text(i, i + 2) : ""
        if ["<=", ">=", "<>", "!=", "||", "=="].contains(two) {
            i += 2
            return Token(kind: .symbol, text: two, span: Span(start, i))
        }
        if "(),;.*+-/%=<>".utf8.contains(c) {
            i += 1
            return Token(kind: .symbol, text: text(start, i), span: Span(start, i))
        }
        // Skip the whole (possibly multi-byte) character.
        i += 1
        while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
        let ch = text(start, i)
        diagnostics.append(.error("unexpected character '\(ch)'", at: Span(start, i)))
        return next()
    }

    private mutating func skipTrivia() {
        while i < bytes.count {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 10 || c == 13 {
                i += 1
            } else if c == 45 && peek(1) == 45 {
                while i < bytes.count && bytes[i] != 10 { i += 1 }
            } else if c == 47 && peek(1) == 42 {
                let start = i
                i += 2
                while i < bytes.count && !(bytes[i] == 42 && peek(1) == 47) { i += 1 }
                if i >= bytes.count {
                    diagnostics.append(.error("unterminated comment", at: Span(start, start + 2), help: "close it with */"))
                } else {
                    i += 2
                }
            } else {
                return
            }
        }
    }

    private mutating func lexString(_ start: Int) -> Token {
        i += 1
        var content: [UInt8] = []
        while i < bytes.count {
            if bytes[i] == 39 {
                if peek(1) == 39 {
                    content.append(39)
                    i += 2
                    continue
                }
                i += 1
                return Token(kind: .string, text: String(decoding: content, as: UTF8.self), span: Span(start, i))
            }
            content.append(bytes[i])
            i += 1
        }
        diagnostics.append(.error("unterminated string", at: Span(start, start + 1), help: "close it with a quote: '...'"))
        return Token(kind: .string, text: String(decoding: content, as: UTF8.self), span: Span(start, i))
    }

    private mutating func lexQuotedIdentifier(_ start: Int, close: UInt8) -> Token {
        i += 1
        var content: [UInt8] = []
        while i < bytes.count {
            if bytes[i] == close {
                if peek(1) == close {
                    content.append(close)
                    i += 2
                    continue
                }
                i += 1
                return Token(kind: .quotedIdentifier, text: String(decoding: content, as: UTF8.self), span: Span(start, i))
            }
            content.append(bytes[i])
            i += 1
        }
        let q = close == 34 ? "\"" : "`"
        diagnostics.append(.error("unterminated quoted name", at: Span(start, start + 1), help: "close it with \(q)"))
        return Token(kind: .quotedIdentifier, text: String(decoding: content, as: UTF8.self), span: Span(start, i))
    }
}
