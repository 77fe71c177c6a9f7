/// Collects input lines until they hold complete statements: a statement ends at a `;` that
/// is not inside a string, a quoted name or a comment (as in psql, the shell sends nothing
/// before the `;`). Several statements on one line come out one by one; the rest of a
/// line after the last `;` waits for more input.
public struct StatementBuffer {
    /// A complete statement: its text (with the `;`) and where it starts in the input, so
    /// that diagnostics name the lines and columns the user typed.
    public struct Statement: Equatable, Sendable {
        public var text: String
        /// 1-based line and column of the statement's first character in the input.
        public var line: Int
        public var column: Int

        public init(text: String, line: Int, column: Int) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    public init() {}

    private enum LexState { case code, singleQuote, doubleQuote, backtick, lineComment, blockComment }

    /// Text received but not yet part of a complete statement.
    public private(set) var pending: [Character] = []
    private var pendingLine = 1
    private var pendingColumn = 1
    /// The line number the next appended line gets.
    public private(set) var nextLine = 1
    private var state = LexState.code
    /// Whether the waiting text holds more than whitespace and comments.
    private var hasCode = false

    /// Whether nothing but whitespace and finished comments waits for a `;`.
    public var isEmpty: Bool { !hasCode && (state == .code || state == .lineComment) }

    /// The waiting text, for completion in context.
    public var pendingText: String { String(pending) }

    /// Whether the waiting text ends inside a string or comment (for the prompt).
    public var isInsideQuoteOrComment: Bool { state != .code && state != .lineComment }

    /// Adds one line of input and returns the statements it completes. `terminated: false`
    /// adds text without a line break (the part of a line before the cursor).
    public mutating func append(line: String, terminated: Bool = true) -> [Statement] {
        var complete: [Statement] = []
        let lineNumber = nextLine
        nextLine += 1
        if isEmpty { reset() }
        var column = 1
        var chars = Array(line)
        if terminated { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if pending.isEmpty {
                if c.isWhitespace {
                    i += 1
                    column += 1
                    continue
                }
                pendingLine = lineNumber
                pendingColumn = column
            }
            pending.append(c)
            switch state {
            case .code:
                switch c {
                case "'":
                    state = .singleQuote
                    hasCode = true
                case "\"":
                    state = .doubleQuote
                    hasCode = true
                case "`":
                    state = .backtick
                    hasCode = true
                case "-" where next == "-":
                    state = .lineComment
                    pending.append("-")
                    i += 1
                    column += 1
                case "/" where next == "*":
                    state = .blockComment
                    pending.append("*")
                    i += 1
                    column += 1
                case ";":
                    if hasCode {
                        complete.append(Statement(text: String(pending), line: pendingLine, column: pendingColumn))
                    }
                    pending.removeAll()
                    hasCode = false
                default:
                    if !c.isWhitespace { hasCode = true }
                }
            case .singleQuote: if c == "'" { state = .code }  // '' re-enters at once: same effect
            case .doubleQuote: if c == "\"" { state = .code }
            case .backtick: if c == "`" { state = .code }
            case .lineComment: if c == "\n" { state = .code }
            case .blockComment:
                if c == "*" && next == "/" {
                    pending.append("/")
                    i += 1
                    column += 1
                    state = .code
                }
            }
            i += 1
            column += 1
        }
        if isEmpty { reset() }
        return complete
    }

    /// What remains at the end of the input (a last statement without its `;`), if anything.
    public mutating func finish() -> Statement? {
        defer { reset() }
        guard !isEmpty else { return nil }
        return Statement(text: String(pending), line: pendingLine, column: pendingColumn)
    }

    /// Drops the waiting text (Ctrl-C at a continuation prompt).
    public mutating func reset() {
        pending.removeAll()
        state = .code
        hasCode = false
    }

    /// Counts a line that is not part of a statement (a meta command).
    public mutating func skipLine() { nextLine += 1 }

    /// Starts counting lines from 1 again (each history entry of the interactive shell).
    public mutating func restartLineNumbers() { nextLine = 1 }
}
