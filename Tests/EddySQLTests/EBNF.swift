/// A reader of grammars in W3C EBNF notation (https://www.w3.org/TR/xml/#sec-notation), for
/// the tests that hold grammar/eddy.ebnf to what the parser does.
///
/// It reads rules `name ::= body`, where a body is made of `|`, juxtaposition, `?`, `*`, `+`,
/// parentheses, quoted terminals ('X' or "X"), character classes ([A-Za-z_], [^"],
/// [#x80-#x10FFFF]) and `#xN` characters. Comments (`/* ... */`) are kept: the tests read
/// the rules that the grammar states only in words from them, and a comment that opens an
/// alternative labels it (`| /* POSITION */ concatenation 'IN' expression`).
struct EBNFGrammar {
    /// One `name ::= body` rule.
    struct Rule {
        let name: String
        let body: EBNF
        /// The line of the grammar file where the rule starts (1-based).
        let line: Int
    }

    /// The rules, in the order of the file.
    let rules: [Rule]
    /// Every comment of the file, without its `/*` and `*/`, in order.
    let comments: [String]
    private let index: [String: Int]

    init(parsing text: String) throws(EBNFError) {
        var reader = EBNFReader(text)
        let (rules, comments) = try reader.grammar()
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() {
            guard index[rule.name] == nil else { throw EBNFError(line: rule.line, message: "'\(rule.name)' is defined twice") }
            index[rule.name] = i
        }
        for rule in rules {
            for name in rule.body.references where index[name] == nil {
                throw EBNFError(line: rule.line, message: "'\(rule.name)' refers to '\(name)', which has no rule")
            }
        }
        (self.rules, self.comments, self.index) = (rules, comments, index)
    }

    subscript(name: String) -> Rule? { index[name].map { rules[$0] } }

    /// The words of quoted terminals that are words (`'SELECT'`, not `'('`), upper-cased.
    var terminalWords: Set<String> {
        var words: Set<String> = []
        for rule in rules {
            for terminal in rule.body.terminals where terminal.first.map(\.isLetter) == true {
                words.insert(terminal.uppercased())
            }
        }
        return words
    }

    /// The first comment containing `phrase` (whitespace-insensitive), if any.
    func comment(containing phrase: String) -> String? {
        let wanted = Self.squeezed(phrase)
        return comments.first { Self.squeezed($0).contains(wanted) }
    }

    /// The upper-case words (letters and `_`, two or more) of a comment, in order.
    static func upperCaseWords(in text: Substring) -> [String] {
        text.split { !($0.isLetter || $0 == "_") }.map(String.init).filter { $0.count >= 2 && $0 == $0.uppercased() }
    }

    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A rule's body.
indirect enum EBNF: CustomStringConvertible {
    /// A quoted terminal, as written between the quotes.
    case terminal(String)
    /// The name of another rule.
    case reference(String)
    case characters(CharacterClass)
    case sequence([EBNF])
    /// Alternatives, each with the comment that opens it, if any.
    case choice([(label: String?, body: EBNF)])
    case optional(EBNF)
    case zeroOrMore(EBNF)
    case oneOrMore(EBNF)

    /// Every rule name this body refers to.
    var references: [String] {
        switch self {
        case .terminal, .characters: return []
        case .reference(let name): return [name]
        case .sequence(let items): return items.flatMap(\.references)
        case .choice(let alternatives): return alternatives.flatMap(\.body.references)
        case .optional(let e), .zeroOrMore(let e), .oneOrMore(let e): return e.references
        }
    }

    /// Whether this body has a character class (not through other rules).
    var hasCharacters: Bool {
        switch self {
        case .terminal, .reference: return false
        case .characters: return true
        case .sequence(let items): return items.contains { $0.hasCharacters }
        case .choice(let alternatives): return alternatives.contains { $0.body.hasCharacters }
        case .optional(let e), .zeroOrMore(let e), .oneOrMore(let e): return e.hasCharacters
        }
    }

    /// Whether this body refers to rule `name` itself, not through other rules.
    func mentions(_ name: String) -> Bool { references.contains(name) }

    /// Every quoted terminal of this body.
    var terminals: [String] {
        switch self {
        case .terminal(let t): return [t]
        case .reference, .characters: return []
        case .sequence(let items): return items.flatMap(\.terminals)
        case .choice(let alternatives): return alternatives.flatMap(\.body.terminals)
        case .optional(let e), .zeroOrMore(let e), .oneOrMore(let e): return e.terminals
        }
    }

    /// The body written back in EBNF (without comments).
    var description: String {
        switch self {
        case .terminal(let t): return t.contains("'") ? "\"\(t)\"" : "'\(t)'"
        case .reference(let name): return name
        case .characters(let c): return c.written
        case .sequence(let items): return items.map { $0.parenthesized(inside: .sequence) }.joined(separator: " ")
        case .choice(let alternatives): return alternatives.map(\.body.description).joined(separator: " | ")
        case .optional(let e): return e.parenthesized(inside: .postfix) + "?"
        case .zeroOrMore(let e): return e.parenthesized(inside: .postfix) + "*"
        case .oneOrMore(let e): return e.parenthesized(inside: .postfix) + "+"
        }
    }

    private enum Context { case sequence, postfix }

    private func parenthesized(inside context: Context) -> String {
        switch (self, context) {
        case (.choice, _), (.sequence, .postfix): return "(\(description))"
        default: return description
        }
    }
}

/// A character class such as `[A-Za-z_]`, `[^"]` or `[#x80-#x10FFFF]`.
struct CharacterClass {
    let ranges: [ClosedRange<UInt32>]
    let negated: Bool
    /// As written in the grammar.
    let written: String

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) } != negated
    }
}

struct EBNFError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "grammar line \(line): \(message)" }
}

/// Reads the text of a grammar, one character at a time.
private struct EBNFReader {
    let characters: [Character]
    var position = 0
    var line = 1
    var comments: [String] = []
    /// The comments met since the last token, for labelling the alternative that follows.
    var pendingComments: [String] = []

    init(_ text: String) { characters = Array(text) }

    mutating func grammar() throws(EBNFError) -> ([EBNFGrammar.Rule], [String]) {
        var rules: [EBNFGrammar.Rule] = []
        skipSpace()
        while position < characters.count {
            let line = self.line
            guard let name = identifier() else { throw error("expected a rule name, found '\(characters[position])'") }
            skipSpace()
            guard consume("::=") else { throw error("expected '::=' after '\(name)'") }
            let body = try choice()
            rules.append(.init(name: name, body: body, line: line))
            skipSpace()
        }
        return (rules, comments)
    }

    // MARK: - Bodies

    /// `a | b | c`, each alternative with its opening comment as its label.
    mutating func choice() throws(EBNFError) -> EBNF {
        var alternatives: [(label: String?, body: EBNF)] = []
        repeat {
            pendingComments = []
            skipSpace()
            let label = pendingComments.last
            alternatives.append((label, try sequence()))
            skipSpace()
        } while consume("|")
        return alternatives.count == 1 && alternatives[0].label == nil ? alternatives[0].body : .choice(alternatives)
    }

    /// Items up to `|`, `)`, the end, or the start of the next rule.
    mutating func sequence() throws(EBNFError) -> EBNF {
        var items: [EBNF] = []
        while true {
            skipSpace()
            guard position < characters.count, !atRuleStart else { break }
            let c = characters[position]
            if c == "|" || c == ")" { break }
            var item = try primary()
            postfixes: while position < characters.count {
                switch characters[position] {
                case "?": item = .optional(item)
                case "*": item = .zeroOrMore(item)
                case "+": item = .oneOrMore(item)
                default: break postfixes
                }
                position += 1
            }
            items.append(item)
        }
        if items.isEmpty { throw error("an empty alternative") }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    mutating func primary() throws(EBNFError) -> EBNF {
        let c = characters[position]
        switch c {
        case "(":
            position += 1
            let inner = try choice()
            skipSpace()
            guard consume(")") else { throw error("expected ')'") }
            return inner
        case "'", "\"":
            position += 1
            var text = ""
            while position < characters.count && characters[position] != c {
                if characters[position] == "\n" { break }
                text.append(characters[position])
                position += 1
            }
            guard consume(String(c)), !text.isEmpty else { throw error("an unterminated or empty terminal") }
            return .terminal(text)
        case "[":
            return .characters(try characterClass())
        case "#":
            let value = try hexCharacter()
            return .characters(CharacterClass(ranges: [value...value], negated: false, written: "#x" + String(value, radix: 16, uppercase: true)))
        case "-":
            throw error("the difference operator 'A - B' is not supported")
        default:
            guard let name = identifier() else { throw error("unexpected '\(c)'") }
            return .reference(name)
        }
    }

    /// `[...]`: characters, `a-b` ranges and `#xN` characters; `^` first negates.
    mutating func characterClass() throws(EBNFError) -> CharacterClass {
        let start = position
        position += 1
        let negated = consume("^")
        var ranges: [ClosedRange<UInt32>] = []
        while position < characters.count && characters[position] != "]" {
            let low = try classCharacter()
            if position + 1 < characters.count && characters[position] == "-" && characters[position + 1] != "]" {
                position += 1
                let high = try classCharacter()
                guard low <= high else { throw error("an empty range in a character class") }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        guard consume("]"), !ranges.isEmpty else { throw error("an unterminated or empty character class") }
        return CharacterClass(ranges: ranges, negated: negated, written: String(characters[start..<position]))
    }

    mutating func classCharacter() throws(EBNFError) -> UInt32 {
        if characters[position] == "#" { return try hexCharacter() }
        let c = characters[position]
        position += 1
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else {
            throw error("a character class holds '\(c)', which is not one scalar")
        }
        return scalar.value
    }

    /// `#x10FFFF`
    mutating func hexCharacter() throws(EBNFError) -> UInt32 {
        guard consume("#x") else { throw error("expected '#x'") }
        var digits = ""
        while position < characters.count && characters[position].isHexDigit {
            digits.append(characters[position])
            position += 1
        }
        guard let value = UInt32(digits, radix: 16), value <= 0x10FFFF else { throw error("a bad #x character") }
        return value
    }

    // MARK: - Words, space and comments

    mutating func identifier() -> String? {
        let start = position
        while position < characters.count
            && (characters[position].isLetter || characters[position] == "_"
                || (position > start && characters[position].isNumber))
        {
            position += 1
        }
        return position > start ? String(characters[start..<position]) : nil
    }

    /// Whether `name ::=` starts at the current position.
    var atRuleStart: Bool {
        var probe = self
        guard probe.identifier() != nil else { return false }
        probe.skipSpace()
        return probe.consume("::=")
    }

    /// Skips whitespace and comments, keeping the comments.
    mutating func skipSpace() {
        while position < characters.count {
            if characters[position] == "\n" {
                line += 1
                position += 1
            } else if characters[position].isWhitespace {
                position += 1
            } else if starts(with: "/*") {
                let start = position + 2
                position = start
                while position < characters.count && !starts(with: "*/") {
                    if characters[position] == "\n" { line += 1 }
                    position += 1
                }
                let text = String(characters[start..<min(position, characters.count)])
                comments.append(text)
                pendingComments.append(text)
                position = min(position + 2, characters.count)
            } else {
                return
            }
        }
    }

    func starts(with text: String) -> Bool {
        var i = position
        for c in text {
            guard i < characters.count, characters[i] == c else { return false }
            i += 1
        }
        return true
    }

    mutating func consume(_ text: String) -> Bool {
        guard starts(with: text) else { return false }
        position += text.count
        return true
    }

    func error(_ message: String) -> EBNFError { EBNFError(line: line, message: message) }
}

// MARK: - Matching text against a rule

extension EBNFGrammar {
    /// The rules a whole `text` can be derived through from `rule`, if it can be derived at
    /// all: a backtracking matcher for the lexical rules (identifier, number, string, ...),
    /// which checks the samples a sentence generator draws from.
    func match(_ text: String, as rule: String) -> Set<String>? {
        let scalars = Array(text.unicodeScalars)
        var memo: [MatchKey: [MatchResult]] = [:]
        for result in matches(.reference(rule), scalars, from: 0, memo: &memo) where result.end == scalars.count {
            return result.rules
        }
        return nil
    }

    private struct MatchKey: Hashable {
        let rule: String
        let start: Int
    }

    private struct MatchResult {
        let end: Int
        let rules: Set<String>
    }

    /// Every way `e` matches a prefix of `scalars[start...]`: where it ends, and the rules used.
    private func matches(_ e: EBNF, _ scalars: [Unicode.Scalar], from start: Int, memo: inout [MatchKey: [MatchResult]]) -> [MatchResult] {
        switch e {
        case .terminal(let t):
            let wanted = Array(t.unicodeScalars)
            guard start + wanted.count <= scalars.count, Array(scalars[start..<(start + wanted.count)]) == wanted else { return [] }
            return [MatchResult(end: start + wanted.count, rules: [])]
        case .characters(let c):
            guard start < scalars.count, c.contains(scalars[start]) else { return [] }
            return [MatchResult(end: start + 1, rules: [])]
        case .reference(let name):
            let key = MatchKey(rule: name, start: start)
            if let known = memo[key] { return known }
            memo[key] = []  // a left-recursive rule matches nothing
            guard let rule = self[name] else { return [] }
            let results = matches(rule.body, scalars, from: start, memo: &memo).map {
                MatchResult(end: $0.end, rules: $0.rules.union([name]))
            }
            memo[key] = results
            return results
        case .sequence(let items):
            var current = [MatchResult(end: start, rules: [])]
            for item in items {
                current = current.flatMap { r in
                    matches(item, scalars, from: r.end, memo: &memo).map { MatchResult(end: $0.end, rules: r.rules.union($0.rules)) }
                }
                if current.isEmpty { return [] }
            }
            return current
        case .choice(let alternatives):
            return alternatives.flatMap { matches($0.body, scalars, from: start, memo: &memo) }
        case .optional(let inner):
            return [MatchResult(end: start, rules: [])] + matches(inner, scalars, from: start, memo: &memo)
        case .zeroOrMore(let inner), .oneOrMore(let inner):
            var all: [MatchResult] = []
            if case .zeroOrMore = e { all.append(MatchResult(end: start, rules: [])) }
            var frontier = [MatchResult(end: start, rules: [])]
            var seen: Set<Int> = []
            while !frontier.isEmpty {
                var next: [MatchResult] = []
                for r in frontier {
                    for m in matches(inner, scalars, from: r.end, memo: &memo) where m.end > r.end && !seen.contains(m.end) {
                        seen.insert(m.end)
                        next.append(MatchResult(end: m.end, rules: r.rules.union(m.rules)))
                    }
                }
                all += next
                frontier = next
            }
            return all
        }
    }
}
