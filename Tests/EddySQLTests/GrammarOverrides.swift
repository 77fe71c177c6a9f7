/// What grammar/eddy.ebnf states only in comments, as overrides of the sentence generator.
///
/// Each override implements one comment of the grammar, quoted in `implementedComments` (a
/// test checks that each quote is still in the grammar), and reads the words it needs (the
/// reserved words, the function names, the limits) from the grammar's comments where it
/// can. Everything else the generator takes from the productions as they are written.
struct GrammarOverrides {
    /// The comment each override implements, as quoted from the grammar.
    static let implementedComments: [(override: String, quote: String)] = [
        ("reservedWords", "reserved: SELECT FROM"),
        ("implicitAlias", "Without AS, an alias cannot be a reserved word"),
        ("oneWatermarkAndOnePrimaryKey", "at most one watermark and one primary key"),
        ("oneWatermarkAndOnePrimaryKey", "at most one primary key"),
        ("keywordArguments", "Only in calls of these functions (by name, in any case)"),
        ("trimMode", "In TRIM, a first word BOTH, LEADING or TRAILING is the mode unless ')' or ',' follows it"),
        ("localTimeZone", "WITH LOCAL TIME ZONE only after TIMESTAMP"),
        ("settingWithoutSpaces", "Unquoted, the tokens of a setting are written without space between them"),
        ("sessionKeys", "Unparenthesized keys after the first continue only up to DESCRIPTOR"),
        ("limits", "Limits: 48 levels of nesting"),
    ]

    /// reservedWords: the words that are never names (the grammar's last comment).
    let reserved: Set<String>
    /// implicitAlias: the words an alias without AS cannot be, besides the reserved words.
    let notImplicitAliases: Set<String>
    /// keywordArguments: for each function (upper-cased), its alternative of
    /// keyword_arguments and whether it also takes plain arguments.
    let keywordForms: [String: KeywordForm]
    /// trimMode: the words that begin TRIM's arguments as its mode.
    let trimModes: Set<String>
    /// limits: levels of nesting, operators in one expression, joins and unions in one statement.
    let limits: (nesting: Int, operators: Int, links: Int)

    struct KeywordForm {
        /// The index of the function's alternative in keyword_arguments.
        let alternative: Int
        /// `only this form`: no plain argument list.
        let only: Bool
        /// `this form or one argument`: a plain argument list of one argument.
        let orOneArgument: Bool
    }

    init(grammar: EBNFGrammar) throws(GenerationError) {
        func comment(_ phrase: String) throws(GenerationError) -> String {
            guard let text = grammar.comment(containing: phrase) else {
                throw GenerationError("the grammar has no comment saying '\(phrase)'")
            }
            return text
        }
        guard let reservedComment = grammar.comments.first(where: { $0.trimmingPrefix(while: \.isWhitespace).hasPrefix("reserved:") }) else {
            throw GenerationError("the grammar has no comment starting 'reserved:'")
        }
        reserved = Set(EBNFGrammar.upperCaseWords(in: reservedComment[reservedComment.range(of: "reserved:")!.upperBound...]))

        let alias = try comment("Without AS, an alias cannot be")
        notImplicitAliases = Set(EBNFGrammar.upperCaseWords(in: alias[...])).subtracting(["AS"])

        guard case .choice(let alternatives)? = grammar["keyword_arguments"]?.body else {
            throw GenerationError("keyword_arguments is not a choice of labelled alternatives")
        }
        var forms: [String: KeywordForm] = [:]
        for (i, alternative) in alternatives.enumerated() {
            guard let label = alternative.label else { throw GenerationError("alternative \(i + 1) of keyword_arguments has no label") }
            let form = KeywordForm(alternative: i, only: label.contains("only this form"), orOneArgument: label.contains("or one argument"))
            for function in EBNFGrammar.upperCaseWords(in: label[...]) { forms[function] = form }
        }
        keywordForms = forms

        let trim = try comment("In TRIM, a first word")
        trimModes = Set(EBNFGrammar.upperCaseWords(in: trim[..<(trim.firstIndex(of: ":") ?? trim.endIndex)])).subtracting(["TRIM"])

        let numbers = try comment("Limits:").split { !$0.isNumber }.compactMap { Int($0) }
        guard numbers.count == 3 else { throw GenerationError("the Limits comment does not give three numbers") }
        limits = (numbers[0], numbers[1], numbers[2])
    }

    // MARK: - Samples

    /// The text of a lexical rule. keywordArguments: a function's name is often one of the
    /// functions with keyword arguments, in any case; when the sentence is steered to an
    /// alternative of keyword_arguments, one of its functions.
    func sample(
        for rule: String, in parent: String, open: [DerivationNode], tokens: [GeneratedToken], samples: GrammarSamples,
        steering: (rule: String, alternative: Int?)?, random: inout SeededRandom
    ) -> String {
        if rule == "identifier" && parent == "function_call" && (steering?.rule == "keyword_arguments" || random.chance(0.5)) {
            var names = keywordForms.keys.sorted()
            if steering?.rule == "keyword_arguments", let k = steering?.alternative {
                names = names.filter { keywordForms[$0]?.alternative == k }
            }
            let name = random.pick(names)
            return random.pick([name, name.lowercased(), name.prefix(1) + name.dropFirst().lowercased()])
        }
        return samples.sample(for: rule, in: parent, random: &random)
    }

    // MARK: - Narrowed choices

    /// The alternatives of a choice in `node` (its body's own choice if `top`) that fit
    /// here; nil for all of them.
    func allowedAlternatives(
        _ alternatives: [(label: String?, body: EBNF)], in node: DerivationNode, top: Bool, open: [DerivationNode],
        tokens: [GeneratedToken]
    ) -> Set<Int>? {
        // keywordArguments: keyword_arguments only in a call of its function, in the
        // function's alternative; only the keyword form where the label says "only".
        if node.rule == "keyword_arguments" && top {
            guard let form = currentFunction(open, tokens).flatMap({ keywordForms[$0] }) else { return [] }
            return [form.alternative]
        }
        if node.rule == "arguments", let k = alternatives.firstIndex(where: { $0.body.isReference("keyword_arguments") }) {
            guard let form = currentFunction(open, tokens).flatMap({ keywordForms[$0] }) else {
                return Set(alternatives.indices).subtracting([k])
            }
            return form.only ? [k] : nil
        }
        return nil
    }

    /// The upper-cased name of the innermost function being called.
    private func currentFunction(_ open: [DerivationNode], _ tokens: [GeneratedToken]) -> String? {
        guard let call = open.last(where: { $0.rule == "function_call" }), let name = call.children.first else { return nil }
        return tokens[name.start].text.uppercased()
    }

    // MARK: - Finished derivations

    /// settingWithoutSpaces: the tokens of a setting follow each other without a space.
    func finish(_ node: DerivationNode, tokens: inout [GeneratedToken]) {
        guard node.rule == "setting" else { return }
        for i in node.tokenRange.dropFirst() { tokens[i].glued = true }
    }

    /// Why a finished derivation breaks a rule of the comments, if it does; it is then
    /// derived again.
    func violation(_ node: DerivationNode, tokens: [GeneratedToken], open: [DerivationNode]) -> String? {
        var words: [String] { node.tokenRange.map { tokens[$0].text } }
        switch node.rule {
        case "alias":
            // implicitAlias
            let word = tokens[node.start].text
            if word != "AS" && notImplicitAliases.contains(word.uppercased()) { return "alias \(word) without AS" }
        case "create_source", "create_sink":
            // oneWatermarkAndOnePrimaryKey
            let elements = node.children.flatMap(\.children)
            if elements.filter({ $0.rule == "watermark" }).count > 1 { return "two watermarks" }
            if elements.filter({ $0.rule == "primary_key" }).count > 1 { return "two primary keys" }
        case "arguments":
            guard let name = currentFunction(open, tokens) else { break }
            // keywordArguments: "this form or one argument"
            if keywordForms[name]?.orOneArgument == true && node.children("expression").count > 1 {
                return "\(name) with more than one plain argument"
            }
            // trimMode: a name BOTH, LEADING or TRAILING first in TRIM's arguments is
            // followed by ')' or ','.
            if name == "TRIM" {
                var first = node.start
                if ["DISTINCT", "ALL"].contains(tokens[first].text) { first += 1 }
                if trimModes.contains(tokens[first].text.uppercased()), node.all("identifier").contains(where: { $0.start == first }),
                    ![")", ","].contains(tokens[first + 1].text)
                {
                    return "TRIM(\(tokens[first].text) \(tokens[first + 1].text)"
                }
            }
        case "type":
            // localTimeZone
            let type = tokens[node.start].text
            if node.tokenRange.contains(where: { tokens[$0].text == "WITH" }) && type.uppercased() != "TIMESTAMP" {
                return "\(type) WITH LOCAL TIME ZONE"
            }
        case "setting":
            // settingWithoutSpaces: written without spaces, a signed exponent splits from
            // the word before it (a6E+2 is a6E, '+', 2).
            if node.end - node.start > 1 && words.contains(where: { $0.contains("+") || $0.contains("-") }) { return "a glued sign" }
        case "window_short":
            // sessionKeys: after unparenthesized keys a, b the time column is DESCRIPTOR(...),
            // since a bare name there would be read as one more key.
            if let keys = node.children.flatMap({ $0.children("session_keys") }).first, keys.end - keys.start > 3,
                tokens[keys.start + 2].text != "(", node.children("time_column").first?.children.first?.rule != "descriptor"
            {
                return "session keys before a bare time column"
            }
        case "statement":
            // limits: a statement has fewer operators, joins and unions than tokens. (The
            // generator's depth limit, below the nesting limit, keeps the nesting in bounds.)
            if node.end - node.start > min(limits.operators, limits.links) { return "too long a statement" }
        default:
            break
        }
        return nil
    }
}

extension EBNF {
    func isReference(_ name: String) -> Bool {
        if case .reference(name) = self { return true }
        return false
    }
}

/// The samples of the lexical rules, each checked against its rule in the grammar.
struct GrammarSamples {
    /// The rules whose text comes from samples instead of their characters.
    let lexicalRules = ["identifier", "quoted_identifier", "string", "number", "integer"]

    /// Names that are not keywords.
    static let plainNames = ["a", "b", "c", "ts", "price", "Orders", "t1", "user_id", "_tmp", "x$1", "café", "größe", "日付"]
    /// Words before '(' in a call, besides those with keyword arguments.
    static let functions = ["COUNT", "sum", "Upper", "f", "ROW_NUMBER", "coalesce"]
    /// Type names; any word that is not reserved parses, the analyzer decides.
    static let types = ["BIGINT", "INT", "varchar", "STRING", "DOUBLE", "BOOLEAN", "DECIMAL", "TIMESTAMP", "Timestamp"]
    static let units = ["SECOND", "minute", "HOUR", "DAY", "MILLISECOND", "YEAR"]
    static let quotedIdentifiers = ["\"a\"", "\"Order Id\"", "`ts`", "\"se\"\"lect\"", "\"select\"", "`a``b`"]
    static let strings = ["'a'", "''", "'it''s'", "'10'", "'2024-01-01 00:00:00'", "'état'"]
    static let numbers = ["0", "1", "42", "2.5", "3.", ".5", "1e3", "2.5E-3", "6E+2"]
    /// Integers up to the largest the parser takes (the grammar says so).
    static let integers = ["0", "3", "10", "9223372036854775807"]
    static let commentSamples = ["/* note */", "/**/", "/* a * b / c */", "-- note"]

    /// The grammar's keywords that are not reserved: names wherever a name is expected.
    let keywordNames: [String]
    let comments: [String]
    private let matched: [String: Set<String>]

    init(grammar: EBNFGrammar, reserved: Set<String>) throws(GenerationError) {
        keywordNames = grammar.terminalWords.subtracting(reserved).sorted()
        comments = Self.commentSamples
        var matched: [String: Set<String>] = [:]
        let lists: [(String, [String])] = [
            ("identifier", Self.plainNames + Self.functions + Self.types + Self.units + keywordNames),
            ("quoted_identifier", Self.quotedIdentifiers), ("string", Self.strings), ("number", Self.numbers),
            ("integer", Self.integers), ("comment", Self.commentSamples),
        ]
        for (rule, list) in lists {
            for text in list {
                guard let rules = grammar.match(text, as: rule) else {
                    throw GenerationError("the sample \(text) is not a \(rule) of the grammar")
                }
                if rule == "identifier" && reserved.contains(text.uppercased()) {
                    throw GenerationError("the sample \(text) is a reserved word")
                }
                matched["\(rule) \(text)"] = rules
            }
        }
        self.matched = matched
    }

    /// The rules that `text` matched through as a `rule`.
    func rules(matching text: String, as rule: String) -> Set<String> { matched["\(rule) \(text)"] ?? [rule] }

    /// A sample of a lexical rule, from the list that suits where it is used.
    func sample(for rule: String, in parent: String, random: inout SeededRandom) -> String {
        switch (rule, parent) {
        case ("identifier", "function_call"): return random.pick(Self.functions)
        case ("identifier", "type_word"): return random.pick(Self.types)
        case ("identifier", "unit"), ("identifier", "keyword_arguments"): return random.pick(Self.units)
        case ("identifier", _): return random.chance(0.25) ? random.pick(keywordNames) : random.pick(Self.plainNames)
        case ("quoted_identifier", _): return random.pick(Self.quotedIdentifiers)
        case ("string", _): return random.pick(Self.strings)
        case ("number", _): return random.pick(Self.numbers)
        default: return random.pick(Self.integers)
        }
    }
}
