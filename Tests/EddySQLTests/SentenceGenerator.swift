/// Random sentences of a grammar read by `EBNFGrammar`, from a fixed seed.
///
/// The generator expands rules top-down, choosing at random at each choice (favouring the
/// alternatives it has taken least), optional part and repetition. The longer the current
/// statement, the likelier it leaves optional parts out, stops repeating and takes the
/// alternatives of least height, so that statements stay short; once `maximumDepth` rules
/// deep it takes only those, so that every sentence ends. The lexical rules (identifier,
/// number, string, ...) come from short lists of samples, each checked against its rule.
///
/// A sentence can also be steered to a goal, a rule or one alternative of a rule: the
/// generator takes the shortest way to it, and goes on from there as from the start of a
/// statement.
///
/// What the grammar says only in comments is followed through `GrammarOverrides`, which
/// narrow some choices, reject some derivations (the rule is then derived again), and glue
/// the tokens of a setting together.
struct SentenceGenerator {
    let grammar: EBNFGrammar
    let overrides: GrammarOverrides
    let maximumDepth: Int
    /// About how many tokens a statement has: past them it winds up.
    let tokenBudget: Int
    /// The rule whose derivations have their own budget of tokens.
    let statementRule = "statement"
    private var random: SeededRandom
    private let samples: GrammarSamples
    /// The rules, compiled; `ruleIndex` finds them by name.
    private let compiled: [Part]
    private let ruleIndex: [String: Int]
    private var tokens: [GeneratedToken] = []
    private var open: [DerivationNode] = []
    /// Where the statements being derived start, innermost last.
    private var statementStarts: [Int] = []
    private var goal: Goal?
    private var distancesByTarget: [Int: [Int]] = [:]
    /// How many parts the compiled rules have.
    private let partCount: Int
    /// Whether a steered sentence is as short as it can be after its goal too.
    var windsUpAfterGoal = false
    /// If set, every name is this word, unquoted.
    var everyName: String?

    /// The chance that an optional part is there, or that a repetition goes on, in a short
    /// statement.
    static let goingOn = 0.3
    /// How many times a rule is derived again when an override rejects a derivation.
    static let attempts = 200

    init(
        grammar: EBNFGrammar, overrides: GrammarOverrides, samples: GrammarSamples, seed: UInt64, maximumDepth: Int,
        tokenBudget: Int
    ) {
        self.grammar = grammar
        self.overrides = overrides
        self.samples = samples
        self.maximumDepth = maximumDepth
        self.tokenBudget = tokenBudget
        random = SeededRandom(seed: seed)
        var index: [String: Int] = [:]
        for (i, rule) in grammar.rules.enumerated() { index[rule.name] = i }
        ruleIndex = index
        let lexical = Set(samples.lexicalRules)
        var parts = 0
        compiled = grammar.rules.map {
            lexical.contains($0.name) ? Part(lexical: $0.name, number: &parts) : Part($0.body, index, number: &parts)
        }
        partCount = parts
        Self.computeHeights(compiled)
    }

    /// One sentence of `rule`.
    mutating func sentence(of rule: String) throws(GenerationError) -> Sentence {
        goal = nil
        return try generate(rule)
    }

    /// One sentence of `rule` that goes through rule `target` (and its alternative number
    /// `alternative`, counted from 0, if given), unless an override stands in the way:
    /// the caller checks.
    mutating func sentence(of rule: String, through target: String, alternative: Int? = nil) throws(GenerationError) -> Sentence {
        guard let t = ruleIndex[target] else { throw GenerationError("no rule '\(target)'") }
        goal = Goal(rule: t, alternative: alternative, distances: distances(to: t))
        defer { goal = nil }
        return try generate(rule)
    }

    private mutating func generate(_ rule: String) throws(GenerationError) -> Sentence {
        tokens = []
        open = []
        statementStarts = []
        guard let i = ruleIndex[rule] else { throw GenerationError("no rule '\(rule)'") }
        let root = try derive(rule, i, steered: goal != nil)
        return Sentence(tokens: tokens, root: root, comments: commentsBetweenTokens())
    }

    // MARK: - Deriving

    /// A derivation of `rule` (number `index`); `steered` if it is on the way to the goal.
    private mutating func derive(_ rule: String, _ index: Int, steered: Bool) throws(GenerationError) -> DerivationNode {
        let start = tokens.count
        let body = compiled[index]
        if steered && goal?.rule == index && goal?.alternative == nil { goal?.reach(at: start) }
        if case .lexical = body.kind {
            let node = DerivationNode(rule: rule, start: start)
            let parent = open.last?.rule ?? ""
            var steering: (rule: String, alternative: Int?)?
            if let goal, !goal.reached { steering = (grammar.rules[goal.rule].name, goal.alternative) }
            let text =
                parent == "name" && rule == "identifier" && everyName != nil
                ? everyName!
                : overrides.sample(
                    for: rule, in: parent, open: open, tokens: tokens, samples: samples, steering: steering, random: &random)
            tokens.append(GeneratedToken(text: text, glued: false))
            node.end = tokens.count
            node.lexicalRules = samples.rules(matching: text, as: rule)
            return node
        }
        let isStatement = rule == statementRule
        if isStatement { statementStarts.append(start) }
        defer { if isStatement { statementStarts.removeLast() } }
        var rejections: Set<String> = []
        for _ in 0..<Self.attempts {
            let node = DerivationNode(rule: rule, start: start)
            open.append(node)
            try expand(body, into: node, rule: index, top: true, steered: steered)
            open.removeLast()
            node.end = tokens.count
            overrides.finish(node, tokens: &tokens)
            guard let violation = overrides.violation(node, tokens: tokens, open: open) else { return node }
            rejections.insert(violation)
            tokens.removeSubrange(start...)
        }
        throw GenerationError("no derivation of '\(rule)' satisfies the overrides: \(rejections.sorted().joined(separator: "; "))")
    }

    /// Expands `part` of the body of rule number `rule` into `node`; `top` if it is the
    /// whole body, `steered` if it is on the shortest way to the goal.
    private mutating func expand(
        _ part: Part, into node: DerivationNode, rule: Int, top: Bool, steered: Bool
    ) throws(GenerationError) {
        let steered = steered && goal.map { !$0.reached && open.count < maximumDepth } ?? false
        switch part.kind {
        case .terminal(let text):
            tokens.append(GeneratedToken(text: text, glued: false))
        case .characters(let written):
            throw GenerationError("a character class \(written) outside the lexical rules, in '\(node.rule)'")
        case .lexical:
            throw GenerationError("a lexical rule expanded in place")
        case .reference(let name, let index):
            node.children.append(try derive(name, index, steered: steered))
        case .sequence:
            // Only the item nearest to the goal is steered to it.
            let distances = part.items.map { steered ? goal!.distance($0) : Int.max }
            let nearest = distances.min().flatMap { $0 < Int.max ? distances.firstIndex(of: $0) : nil }
            for (i, item) in part.items.enumerated() { try expand(item, into: node, rule: rule, top: false, steered: i == nearest) }
        case .choice(let alternatives):
            var candidates = Array(part.items.indices)
            if let allowed = overrides.allowedAlternatives(alternatives, in: node, top: top, open: open, tokens: tokens) {
                candidates = candidates.filter(allowed.contains)
            }
            if everyName != nil && node.rule == "name" {
                candidates = candidates.filter { alternatives[$0].body.isReference("identifier") }
            }
            guard !candidates.isEmpty else { throw GenerationError("no alternative of '\(node.rule)' is allowed here") }
            let pick = choose(candidates, of: part, inRule: rule, top: top, steered: steered)
            part.taken[pick] += 1
            if top { node.alternative = pick }
            try expand(part.items[pick], into: node, rule: rule, top: false, steered: steered)
        case .optional:
            if goesOn(part, steered: steered) { try expand(part.items[0], into: node, rule: rule, top: false, steered: steered) }
        case .zeroOrMore:
            var steered = steered
            while goesOn(part, steered: steered) {
                try expand(part.items[0], into: node, rule: rule, top: false, steered: steered)
                steered = false
            }
        case .oneOrMore:
            try expand(part.items[0], into: node, rule: rule, top: false, steered: steered)
            while goesOn(part, steered: false) { try expand(part.items[0], into: node, rule: rule, top: false, steered: false) }
        }
    }

    private mutating func choose(_ candidates: [Int], of part: Part, inRule rule: Int, top: Bool, steered: Bool) -> Int {
        if steered, var goal {
            if top && goal.rule == rule, let alternative = goal.alternative, candidates.contains(alternative) {
                goal.reach(at: tokens.count)
                self.goal = goal
                return alternative
            }
            let nearest = candidates.map { goal.distance(part.items[$0]) }.min()!
            if nearest < Int.max { return leastTaken(candidates.filter { goal.distance(part.items[$0]) == nearest }, of: part) }
        }
        let fitting = candidates.filter { affordable(part.items[$0]) }
        if fitting.isEmpty || random.chance(pressure) {
            let least = candidates.map { part.items[$0].height }.min()!
            return leastTaken(candidates.filter { part.items[$0].height == least }, of: part)
        }
        return leastTaken(fitting, of: part)
    }

    /// Whether an optional part is there, or a repetition goes on (always if it is steered
    /// to the goal).
    private mutating func goesOn(_ part: Part, steered: Bool) -> Bool {
        let inner = part.items[0]
        if steered, let goal, goal.distance(inner) < Int.max { return true }
        // Terminals alone (NOT, ASC, AS) are there as often in a long statement as in a short one.
        return affordable(inner) && (inner.height == 0 || !random.chance(pressure)) && random.chance(Self.goingOn)
    }

    /// One of `candidates`, alternatives of the choice `part`, at random, favouring those
    /// taken least so far.
    private mutating func leastTaken(_ candidates: [Int], of part: Part) -> Int {
        let weights = candidates.map { 1 / Double(1 + part.taken[$0]) }
        var x = random.fraction() * weights.reduce(0, +)
        for (candidate, weight) in zip(candidates, weights) {
            x -= weight
            if x < 0 { return candidate }
        }
        return candidates[candidates.count - 1]
    }

    /// How much of its budget of tokens the current statement has used, from 0 to 1
    /// (squared, so that a statement can grow a little before it winds up).
    private var pressure: Double {
        // A steered sentence is as short as it can be up to its goal, and (unless it winds
        // up) goes on from there as a statement would from its start.
        let start: Int
        if let goal {
            guard let reachedAt = goal.reachedAt, !windsUpAfterGoal else { return 1 }
            start = max(reachedAt, statementStarts.last ?? 0)
        } else {
            guard let statement = statementStarts.last else { return 0 }
            start = statement
        }
        let used = min(1, Double(tokens.count - start) / Double(tokenBudget))
        return used * used
    }

    /// Whether `part` fits under the depth limit from here.
    private func affordable(_ part: Part) -> Bool { open.count + part.height <= maximumDepth }

    // MARK: - Goals

    /// Where a steered sentence is going.
    private struct Goal {
        let rule: Int
        let alternative: Int?
        /// For each part (by `Part.number`), the fewest rules from it down to the goal's
        /// rule: 0 if the part refers to it, `Int.max` if it cannot get there.
        let distances: [Int]
        /// Where the sentence reached the goal (the first token of its derivation).
        var reachedAt: Int?
        var reached: Bool { reachedAt != nil }

        mutating func reach(at token: Int) { reachedAt = token }

        func distance(_ part: Part) -> Int { distances[part.number] }
    }

    /// The distances of every part to rule `target`, computed once for each target.
    private mutating func distances(to target: Int) -> [Int] {
        if let known = distancesByTarget[target] { return known }
        var rules = Array(repeating: Int.max, count: compiled.count)
        rules[target] = 0
        var parts = Array(repeating: Int.max, count: partCount)
        func measure(_ part: Part) -> Int {
            let d: Int
            switch part.kind {
            case .reference(_, let i): d = rules[i]
            case .terminal, .characters, .lexical: d = Int.max
            default: d = part.items.map(measure).min() ?? Int.max
            }
            parts[part.number] = d
            return d
        }
        var changed = true
        while changed {
            changed = false
            for (i, rule) in compiled.enumerated() where i != target {
                let d = measure(rule)
                if d < Int.max && d + 1 < rules[i] {
                    rules[i] = d + 1
                    changed = true
                }
            }
        }
        for rule in compiled { _ = measure(rule) }
        distancesByTarget[target] = parts
        return parts
    }

    // MARK: - Compiled rules

    /// A rule's body as the generator walks it.
    private final class Part {
        enum Kind {
            case terminal(String)
            case characters(String)
            case reference(String, Int)
            case lexical
            case sequence
            case choice([(label: String?, body: EBNF)])
            case optional, zeroOrMore, oneOrMore
        }

        let kind: Kind
        let items: [Part]
        /// Which part it is, among all parts of the compiled rules.
        let number: Int
        /// The fewest levels of rules under the part in any derivation (a lexical rule
        /// counts as one level).
        var height = Int.max
        /// For a choice, how many times each alternative was taken.
        var taken: [Int]

        init(lexical rule: String, number: inout Int) {
            self.number = number
            number += 1
            kind = .lexical
            items = []
            height = 0
            taken = []
        }

        init(_ e: EBNF, _ index: [String: Int], number: inout Int) {
            self.number = number
            number += 1
            switch e {
            case .terminal(let t): (kind, items) = (.terminal(t), [])
            case .characters(let c): (kind, items) = (.characters(c.written), [])
            case .reference(let name): (kind, items) = (.reference(name, index[name]!), [])
            case .sequence(let list): (kind, items) = (.sequence, list.map { Part($0, index, number: &number) })
            case .choice(let alternatives):
                (kind, items) = (.choice(alternatives), alternatives.map { Part($0.body, index, number: &number) })
            case .optional(let inner): (kind, items) = (.optional, [Part(inner, index, number: &number)])
            case .zeroOrMore(let inner): (kind, items) = (.zeroOrMore, [Part(inner, index, number: &number)])
            case .oneOrMore(let inner): (kind, items) = (.oneOrMore, [Part(inner, index, number: &number)])
            }
            taken = Array(repeating: 0, count: items.count)
        }

        /// The height from the rules' current heights; true if it went down.
        func update(_ rules: [Part]) -> Bool {
            for item in items { _ = item.update(rules) }
            let h: Int
            switch kind {
            case .terminal, .characters, .optional, .zeroOrMore, .lexical: h = 0
            case .reference(_, let i): h = rules[i].height == Int.max ? Int.max : rules[i].height + 1
            case .sequence: h = items.map(\.height).max() ?? 0
            case .choice: h = items.map(\.height).min() ?? 0
            case .oneOrMore: h = items[0].height
            }
            defer { height = min(height, h) }
            return h < height
        }
    }

    private static func computeHeights(_ rules: [Part]) {
        var changed = true
        while changed {
            changed = false
            for rule in rules where rule.update(rules) { changed = true }
        }
    }

    // MARK: - Comments

    /// Now and then a comment between two tokens that are not glued together: the grammar
    /// allows one between any two tokens.
    private mutating func commentsBetweenTokens() -> [Int: String] {
        var comments: [Int: String] = [:]
        for i in tokens.indices.dropFirst() where !tokens[i].glued && random.chance(0.02) {
            comments[i] = samples.comments[random.below(samples.comments.count)]
        }
        return comments
    }
}

/// One token of a sentence; a glued token follows the one before it without a space.
struct GeneratedToken {
    var text: String
    var glued: Bool
}

/// A node of a derivation: the rule, its alternative, its children and the tokens it spans.
final class DerivationNode {
    let rule: String
    /// Which alternative of the rule's choice was taken, if its body is a choice.
    var alternative: Int?
    var children: [DerivationNode] = []
    let start: Int
    var end: Int
    /// For a lexical rule: the rules its text matched through (`identifier`, `letter`, ...).
    var lexicalRules: Set<String> = []

    init(rule: String, start: Int) {
        self.rule = rule
        self.start = start
        end = start
    }

    var tokenRange: Range<Int> { start..<end }

    /// The rules and alternatives used by this node and those under it, as `rule` and `rule#n`.
    func collect(rules: inout Set<String>, alternatives: inout Set<String>) {
        rules.insert(rule)
        rules.formUnion(lexicalRules)
        if let alternative { alternatives.insert("\(rule)#\(alternative + 1)") }
        for child in children { child.collect(rules: &rules, alternatives: &alternatives) }
    }

    /// The rules from this node down to the deepest one that holds token `index`, with the
    /// alternative taken: `select > table_reference > table_primary#4 > window_short`.
    func path(to index: Int) -> [String] {
        var path: [String] = []
        var node: DerivationNode? = self
        while let current = node {
            path.append(current.rule + (current.alternative.map { "#\($0 + 1)" } ?? ""))
            node = current.children.first { $0.tokenRange.contains(index) }
        }
        return path
    }

    /// Every node under this one (itself included) derived from `rule`.
    func all(_ rule: String) -> [DerivationNode] {
        (self.rule == rule ? [self] : []) + children.flatMap { $0.all(rule) }
    }

    /// The direct children derived from `rule`.
    func children(_ rule: String) -> [DerivationNode] { children.filter { $0.rule == rule } }
}

/// A generated sentence and how it was derived.
struct Sentence {
    let tokens: [GeneratedToken]
    let root: DerivationNode
    /// The text, tokens separated by spaces (glued tokens by nothing), with comments.
    let text: String
    /// Where each token starts in the UTF-8 bytes of `text`.
    let offsets: [Int]

    init(tokens: [GeneratedToken], root: DerivationNode, comments: [Int: String]) {
        self.tokens = tokens
        self.root = root
        var text = ""
        var offsets: [Int] = []
        for (i, token) in tokens.enumerated() {
            if i > 0 && !token.glued { text += " " }
            if let comment = comments[i] { text += comment + (comment.hasPrefix("--") ? "\n" : " ") }
            offsets.append(text.utf8.count)
            text += token.text
        }
        self.text = text
        self.offsets = offsets
        usesComments = !comments.isEmpty
    }

    let usesComments: Bool

    /// The rules and alternatives the sentence used.
    var coverage: (rules: Set<String>, alternatives: Set<String>) {
        var rules: Set<String> = []
        var alternatives: Set<String> = []
        root.collect(rules: &rules, alternatives: &alternatives)
        if usesComments { rules.insert("comment") }
        return (rules, alternatives)
    }

    /// The index of the token at byte `offset` of the text (the last one starting at or
    /// before it).
    func tokenIndex(atByte offset: Int) -> Int {
        offsets.lastIndex { $0 <= offset } ?? 0
    }
}

struct GenerationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A small, fast generator of pseudo-random numbers whose sequence depends only on its seed.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func chance(_ p: Double) -> Bool { fraction() < p }

    /// A number in `0..<1`.
    mutating func fraction() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
