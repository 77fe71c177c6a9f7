@testable import EddySQL

/// Whether a grammar read by `EBNFGrammar` derives a list of tokens: an Earley recognizer,
/// for checking that what the parser accepts is in the grammar.
///
/// The lexical rules are token classes: `identifier` is a word that is not reserved,
/// `quoted_identifier`, `string` and `number` the lexer's tokens of those kinds, and
/// `integer` a number of digits only. A quoted terminal that is a word matches that word
/// in any case. The rules the grammar states only in comments are not followed, so the
/// recognizer accepts a little more than the grammar does: enough to find what is missing.
struct GrammarRecognizer {
    enum Terminal: Hashable, CustomStringConvertible {
        case word(String), symbol(String), identifier, quotedIdentifier, string, number, integer

        var description: String {
            switch self {
            case .word(let w): return w
            case .symbol(let s): return "'\(s)'"
            case .identifier: return "a name"
            case .quotedIdentifier: return "a quoted name"
            case .string: return "a string"
            case .number: return "a number"
            case .integer: return "an integer"
            }
        }
    }

    enum Symbol: Hashable {
        case nonterminal(Int)
        case terminal(Terminal)
    }

    struct Production {
        let lhs: Int
        let rhs: [Symbol]
    }

    /// The nonterminals: the grammar's rules, then the ones made for `?`, `*`, `+` and
    /// parenthesized parts.
    private(set) var names: [String] = []
    private(set) var productions: [Production] = []
    private var byLHS: [[Int]] = []
    private var nullable: Set<Int> = []
    private let reserved: Set<String>
    private var ruleIndex: [String: Int] = [:]

    static let tokenClasses: [String: Terminal] = [
        "identifier": .identifier, "quoted_identifier": .quotedIdentifier, "string": .string, "number": .number,
        "integer": .integer,
    ]

    init(_ grammar: EBNFGrammar, reserved: Set<String>) throws(EBNFError) {
        self.reserved = reserved
        // The rules of characters (letter, digit, comment, ...) are below the tokens.
        let rules = grammar.rules.filter { Self.tokenClasses[$0.name] == nil && !$0.body.hasCharacters }
        for rule in rules {
            ruleIndex[rule.name] = names.count
            names.append(rule.name)
        }
        for rule in rules {
            let lhs = ruleIndex[rule.name]!
            if case .choice(let alternatives) = rule.body {
                for alternative in alternatives { add(lhs, try sequence(alternative.body, rule)) }
            } else {
                add(lhs, try sequence(rule.body, rule))
            }
        }
        byLHS = Array(repeating: [], count: names.count)
        for (i, p) in productions.enumerated() { byLHS[p.lhs].append(i) }
        var changed = true
        while changed {
            changed = false
            for p in productions where !nullable.contains(p.lhs) {
                if p.rhs.allSatisfy({ if case .nonterminal(let n) = $0 { return nullable.contains(n) } else { return false } }) {
                    nullable.insert(p.lhs)
                    changed = true
                }
            }
        }
    }

    private mutating func add(_ lhs: Int, _ rhs: [Symbol]) { productions.append(Production(lhs: lhs, rhs: rhs)) }

    private mutating func fresh(_ name: String) -> Int {
        names.append(name)
        return names.count - 1
    }

    private mutating func sequence(_ e: EBNF, _ rule: EBNFGrammar.Rule) throws(EBNFError) -> [Symbol] {
        if case .sequence(let items) = e {
            var symbols: [Symbol] = []
            for item in items { symbols.append(try symbol(item, rule)) }
            return symbols
        }
        return [try symbol(e, rule)]
    }

    private mutating func symbol(_ e: EBNF, _ rule: EBNFGrammar.Rule) throws(EBNFError) -> Symbol {
        switch e {
        case .terminal(let t):
            return .terminal(t.first!.isLetter ? .word(t.uppercased()) : .symbol(t))
        case .reference(let name):
            if let token = Self.tokenClasses[name] { return .terminal(token) }
            guard let n = ruleIndex[name] else { throw EBNFError(line: rule.line, message: "no rule '\(name)'") }
            return .nonterminal(n)
        case .characters(let c):
            throw EBNFError(line: rule.line, message: "a character class \(c.written) outside the lexical rules")
        case .sequence:
            let n = fresh("(\(e))")
            add(n, try sequence(e, rule))
            return .nonterminal(n)
        case .choice(let alternatives):
            let n = fresh("(\(e))")
            for alternative in alternatives { add(n, try sequence(alternative.body, rule)) }
            return .nonterminal(n)
        case .optional(let inner):
            let n = fresh("\(e)")
            add(n, [])
            add(n, try sequence(inner, rule))
            return .nonterminal(n)
        case .zeroOrMore(let inner):
            let n = fresh("\(e)")
            add(n, [])
            add(n, [.nonterminal(n)] + (try sequence(inner, rule)))
            return .nonterminal(n)
        case .oneOrMore(let inner):
            let n = fresh("\(e)")
            let body = try sequence(inner, rule)
            add(n, body)
            add(n, [.nonterminal(n)] + body)
            return .nonterminal(n)
        }
    }

    func matches(_ terminal: Terminal, _ token: Token) -> Bool {
        switch terminal {
        case .word(let w): return token.kind == .word && token.text.uppercased() == w
        case .symbol(let s): return token.kind == .symbol && token.text == s
        case .identifier: return token.kind == .word && !reserved.contains(token.text.uppercased())
        case .quotedIdentifier: return token.kind == .quotedIdentifier
        case .string: return token.kind == .string
        case .number: return token.kind == .number
        case .integer: return token.kind == .number && token.text.allSatisfy(\.isNumber)
        }
    }

    /// Where the derivation of `tokens` from rule `start` stops: nil if the whole list is
    /// derived, else the index of the first token the grammar cannot take there (the count
    /// of tokens if it wants more) and the terminals it could take.
    func failure(deriving tokens: [Token], from start: String) -> (index: Int, expected: [String])? {
        guard let startRule = ruleIndex[start] else { return (0, ["a rule named \(start)"]) }
        // An item is a production with a dot in it and where it started, packed in an Int.
        func item(_ production: Int, _ dot: Int, _ origin: Int) -> Int { origin << 24 | production << 8 | dot }
        var chart = [[Int]](repeating: [], count: tokens.count + 1)
        var seen = [Set<Int>](repeating: [], count: tokens.count + 1)
        // For each position, the items there whose dot is before each nonterminal.
        var waiting = [[Int: [Int]]](repeating: [:], count: tokens.count + 1)
        func add(_ it: Int, _ i: Int) {
            guard seen[i].insert(it).inserted else { return }
            chart[i].append(it)
            let rhs = productions[(it >> 8) & 0xFFFF].rhs
            let dot = it & 0xFF
            if dot < rhs.count, case .nonterminal(let n) = rhs[dot] { waiting[i][n, default: []].append(it) }
        }
        for p in byLHS[startRule] { add(item(p, 0, 0), 0) }
        var last = 0
        for i in 0...tokens.count {
            var k = 0
            while k < chart[i].count {
                let it = chart[i][k]
                k += 1
                let (production, dot, origin) = ((it >> 8) & 0xFFFF, it & 0xFF, it >> 24)
                let rhs = productions[production].rhs
                if dot < rhs.count {
                    switch rhs[dot] {
                    case .nonterminal(let b):
                        for p in byLHS[b] { add(item(p, 0, i), i) }
                        if nullable.contains(b) { add(item(production, dot + 1, origin), i) }
                    case .terminal(let t):
                        if i < tokens.count && matches(t, tokens[i]) { add(item(production, dot + 1, origin), i + 1) }
                    }
                } else {
                    for w in waiting[origin][productions[production].lhs] ?? [] {
                        add(item((w >> 8) & 0xFFFF, (w & 0xFF) + 1, w >> 24), i)
                    }
                }
            }
            if !chart[i].isEmpty { last = i }
        }
        let done = byLHS[startRule].contains { seen[tokens.count].contains(item($0, productions[$0].rhs.count, 0)) }
        if done { return nil }
        var expected: Set<String> = []
        for it in chart[last] {
            let rhs = productions[(it >> 8) & 0xFFFF].rhs
            if it & 0xFF < rhs.count, case .terminal(let t) = rhs[it & 0xFF] { expected.insert(t.description) }
        }
        return (last, expected.sorted())
    }
}
