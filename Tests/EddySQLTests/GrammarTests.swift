import Foundation
import Testing

@testable import EddySQL

/// grammar/eddy.ebnf says it is exactly what the parser accepts. These tests hold it to that:
/// random sentences of the grammar must parse, they must use every rule of the grammar, and
/// every keyword of the lexer must be in the grammar.
enum EddyGrammar {
    /// The root of the package, from this file's path.
    static let packageRoot: String = {
        let file = #filePath
        return String(file[..<(file.range(of: "/Tests/EddySQLTests/")?.lowerBound ?? file.endIndex)])
    }()

    static let path = packageRoot + "/grammar/eddy.ebnf"

    static func load() throws -> EBNFGrammar {
        try EBNFGrammar(parsing: String(contentsOfFile: path, encoding: .utf8))
    }

    /// The grammar, its samples and a generator of its sentences.
    static func generator() throws -> (EBNFGrammar, GrammarSamples, SentenceGenerator) {
        let grammar = try load()
        let overrides = try GrammarOverrides(grammar: grammar)
        // limits: a sentence nests fewer expressions, queries and tables than it nests rules.
        try #require(maximumDepth <= overrides.limits.nesting, "sentences could nest deeper than the parser allows")
        let samples = try GrammarSamples(grammar: grammar, reserved: overrides.reserved)
        let generator = SentenceGenerator(
            grammar: grammar, overrides: overrides, samples: samples, seed: seed, maximumDepth: maximumDepth,
            tokenBudget: tokenBudget)
        return (grammar, samples, generator)
    }

    /// The SQL of the records of Tests/Conformance/*.slt that run a statement (`statement
    /// ok`, `query`, `explain`), with where each is.
    static func conformanceStatements() throws -> [(String, String)] {
        let folder = packageRoot + "/Tests/Conformance"
        var statements: [(String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".slt") }).sorted() {
            let lines = try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            var i = 0
            while i < lines.count {
                let header = lines[i].trimmingCharacters(in: .whitespaces)
                let line = i + 1
                i += 1
                guard header.hasPrefix("statement ok") || header.hasPrefix("query") || header.hasPrefix("explain") else { continue }
                var body: [Substring] = []
                while i < lines.count && !lines[i].trimmingCharacters(in: .whitespaces).isEmpty && lines[i] != "----" {
                    body.append(lines[i])
                    i += 1
                }
                statements.append(("Tests/Conformance/\(file):\(line)", body.joined(separator: "\n")))
            }
        }
        return statements
    }

    /// The scripts of examples/**/*.sql, with where each is.
    static func exampleScripts() throws -> [(String, String)] {
        let folder = packageRoot + "/examples"
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".sql") } ?? []
        return try files.sorted().map { ("examples/\($0)", try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) }
    }

    /// The seed of the sentences, and how many scripts are generated.
    static let seed: UInt64 = 0xEDD1_5EED
    static let sentenceCount = 1500
    /// How many sentences steered to a rule or alternative are tried before giving up on
    /// its being used by an accepted sentence.
    static let steeredAttempts = 30
    /// How many rules deep a sentence goes before it takes the shortest way out.
    static let maximumDepth = 40
    /// About how many tokens a statement has.
    static let tokenBudget = 30
}

@Suite("Grammar: grammar/eddy.ebnf is what the parser accepts")
struct GrammarTests {
    /// A sentence the grammar allows and the parser rejects.
    struct Rejection {
        let label: String
        let sentence: Sentence
        let message: String
        let path: [String]

        var report: String {
            "\(label): \(sentence.text)\n  parser: \(message)\n  rules: \(path.joined(separator: " > "))"
        }
    }

    /// What the parser made of the sentences so far.
    struct Results {
        var sentences = 0
        var tokens = 0
        var rejections: [Rejection] = []
        /// The rules (`rule`) and alternatives (`rule#n`) of the accepted sentences.
        var used: Set<String> = []

        mutating func check(_ sentence: Sentence, _ label: String) {
            sentences += 1
            tokens += sentence.tokens.count
            let source = SourceText(name: label, text: sentence.text)
            guard let d = SQLParser.parseScript(source).diagnostics.first else {
                let coverage = sentence.coverage
                used.formUnion(coverage.rules)
                used.formUnion(coverage.alternatives)
                return
            }
            let token = sentence.tokenIndex(atByte: d.span.start)
            var message = "\(source.location(of: d.span.start)): \(d.message)" + (d.help.map { " (help: \($0))" } ?? "")
            if token < sentence.tokens.count { message += " [at '\(sentence.tokens[token].text)']" }
            rejections.append(Rejection(label: label, sentence: sentence, message: message, path: sentence.root.path(to: token)))
        }
    }

    @Test func theParserAcceptsEverySentenceOfTheGrammarAndTheSentencesUseEveryRule() throws {
        var (grammar, samples, generator) = try EddyGrammar.generator()

        var results = Results()
        for number in 1...EddyGrammar.sentenceCount {
            // Every third sentence names everything after one of the grammar's keywords
            // that are not reserved, in turn: each is a name wherever a name can be.
            let keyword = number % 3 == 0 ? samples.keywordNames[(number / 3) % samples.keywordNames.count] : nil
            generator.everyName = keyword
            results.check(try generator.sentence(of: "script"), "sentence \(number)" + (keyword.map { " (every name \($0))" } ?? ""))
        }
        generator.everyName = nil
        // Then a sentence steered to each rule and alternative, and more to those that no
        // accepted sentence used yet.
        let lexical = lexical(grammar, samples)
        let rules = grammar.rules.map(\.name).filter { !lexical.contains($0) || samples.lexicalRules.contains($0) }
        let alternatives = allAlternatives(of: grammar, except: lexical)
        for target in rules.map({ ($0, Int?.none) }) + alternatives {
            let name = target.1.map { "\(target.0)#\($0 + 1)" } ?? target.0
            for attempt in 1...EddyGrammar.steeredAttempts where attempt == 1 || !results.used.contains(name) {
                let sentence = try generator.sentence(of: "script", through: target.0, alternative: target.1)
                results.check(sentence, "sentence steered to \(name) (attempt \(attempt))")
            }
        }

        print("grammar: \(results.sentences) sentences (\(results.tokens) tokens), \(results.sentences - results.rejections.count) accepted")
        if !results.rejections.isEmpty {
            let shortest = results.rejections.sorted { $0.sentence.text.count < $1.sentence.text.count }.prefix(8)
            Issue.record(
                """
                The parser rejects \(results.rejections.count) of the \(results.sentences) sentences generated from grammar/eddy.ebnf. \
                Fix the grammar or the parser so that they agree. The shortest:
                \(shortest.map(\.report).joined(separator: "\n"))
                """)
        }
        let unusedRules = grammar.rules.map(\.name).filter { !results.used.contains($0) }
        if !unusedRules.isEmpty {
            Issue.record("No accepted sentence uses the rules \(unusedRules.joined(separator: ", ")) of grammar/eddy.ebnf.")
        }
        let unusedAlternatives = alternatives.map { "\($0.0)#\($0.1! + 1)" }.filter { !results.used.contains($0) }
        if !unusedAlternatives.isEmpty {
            Issue.record(
                "No accepted sentence uses the alternatives \(unusedAlternatives.joined(separator: ", ")) (rule#n: the nth alternative of the rule).")
        }
    }

    /// The header of the grammar says that the keywords that are not reserved are names
    /// wherever the grammar expects a name: for each such keyword of the grammar, and each
    /// rule (or alternative of a rule) with a name in it, a sentence steered there in which
    /// every name is that keyword must parse.
    @Test func everyKeywordThatIsNotReservedIsANameWhereverTheGrammarExpectsOne() throws {
        var (grammar, samples, generator) = try EddyGrammar.generator()
        var places: [(String, Int?)] = []
        for rule in grammar.rules {
            if case .choice(let alternatives) = rule.body {
                places += alternatives.indices.filter { alternatives[$0].body.mentions("name") }.map { (rule.name, $0) }
            } else if rule.body.mentions("name") {
                places.append((rule.name, nil))
            }
        }
        var results = Results()
        generator.windsUpAfterGoal = true
        for keyword in samples.keywordNames {
            generator.everyName = keyword
            for (rule, alternative) in places {
                let place = alternative.map { "\(rule)#\($0 + 1)" } ?? rule
                results.check(
                    try generator.sentence(of: "script", through: rule, alternative: alternative),
                    "a sentence steered to \(place) in which every name is \(keyword)")
            }
        }
        print("grammar: \(results.sentences) sentences (\(results.tokens) tokens) naming everything after a keyword, \(results.sentences - results.rejections.count) accepted")
        if !results.rejections.isEmpty {
            let shortest = results.rejections.sorted { $0.sentence.text.count < $1.sentence.text.count }.prefix(8)
            Issue.record(
                """
                The parser rejects \(results.rejections.count) of the \(results.sentences) sentences whose names are keywords. \
                Fix the grammar or the parser so that they agree. The shortest:
                \(shortest.map(\.report).joined(separator: "\n"))
                """)
        }
    }

    /// The other way round: statements known to parse (those of the conformance files, the
    /// examples, and a few written here) are sentences of the grammar.
    @Test func whatTheParserAcceptsIsInTheGrammar() throws {
        let grammar = try EddyGrammar.load()
        let overrides = try GrammarOverrides(grammar: grammar)
        let recognizer = try GrammarRecognizer(grammar, reserved: overrides.reserved)
        var texts = Self.handWritten.map { ("a statement of GrammarTests", $0) }
        texts += try EddyGrammar.conformanceStatements() + EddyGrammar.exampleScripts()
        var failures: [String] = []
        var checked = 0
        for (origin, text) in texts {
            let source = SourceText(name: origin, text: text)
            guard SQLParser.parseScript(source).diagnostics.isEmpty else { continue }
            checked += 1
            let tokens = Lexer.tokenize(source).tokens.dropLast()
            guard let (index, expected) = recognizer.failure(deriving: Array(tokens), from: "script") else { continue }
            let at = index < tokens.count ? "\(source.location(of: tokens[index].span.start)) at '\(tokens[index].text)'" : "the end"
            failures.append("\(origin): \(text)\n  the grammar cannot go on at \(at); it could take: \(expected.joined(separator: ", "))")
        }
        print("grammar: \(checked) statements that parse, \(checked - failures.count) derived")
        #expect(checked > 100, "only \(checked) statements parse")
        if !failures.isEmpty {
            Issue.record(
                """
                The parser accepts \(failures.count) statements that grammar/eddy.ebnf cannot derive. \
                Fix the grammar or the parser so that they agree:
                \(failures.prefix(8).joined(separator: "\n"))
                """)
        }
    }

    /// Every keyword of the lexer is a terminal of the grammar, or one of the words its
    /// "Not supported:" comment lists (the parser knows those only to refuse them); and
    /// every word that is a terminal is a keyword, or the parser could not match it.
    @Test func everyKeywordOfTheLexerIsInTheGrammar() throws {
        let grammar = try EddyGrammar.load()
        let keywords = Set(Keyword.allCases.map(\.rawValue))
        let terminals = grammar.terminalWords
        var unsupported: Set<String> = []
        if let comment = grammar.comment(containing: "Not supported:") {
            unsupported = Set(EBNFGrammar.upperCaseWords(in: comment[comment.range(of: "Not supported:")!.upperBound...]))
        }
        let missing = keywords.subtracting(terminals).subtracting(unsupported).sorted()
        #expect(missing.isEmpty, "keywords of the lexer (Keyword.swift) that grammar/eddy.ebnf does not have: \(missing.joined(separator: " "))")
        let notKeywords = terminals.union(unsupported).subtracting(keywords).sorted()
        #expect(notKeywords.isEmpty, "words of grammar/eddy.ebnf that the lexer does not know as keywords: \(notKeywords.joined(separator: " "))")
        let supported = unsupported.intersection(terminals).sorted()
        #expect(supported.isEmpty, "words listed as not supported in grammar/eddy.ebnf that its rules use: \(supported.joined(separator: " "))")
    }

    /// The grammar's reserved words are the lexer's.
    @Test func theReservedWordsOfTheGrammarAreTheLexers() throws {
        let overrides = try GrammarOverrides(grammar: try EddyGrammar.load())
        let lexers = Set(Keyword.reserved.map(\.rawValue))
        #expect(
            overrides.reserved == lexers,
            """
            reserved in grammar/eddy.ebnf only: \(overrides.reserved.subtracting(lexers).sorted().joined(separator: " ")); \
            reserved in Keyword.swift only: \(lexers.subtracting(overrides.reserved).sorted().joined(separator: " "))
            """)
    }

    /// Each override of the generator implements a comment of the grammar: if the comment
    /// changes, so must the override.
    @Test func everyOverrideImplementsACommentOfTheGrammar() throws {
        let grammar = try EddyGrammar.load()
        for (override, quote) in GrammarOverrides.implementedComments {
            #expect(grammar.comment(containing: quote) != nil, "the override \(override) implements a comment of grammar/eddy.ebnf saying \"\(quote)\", and there is none")
        }
    }

    /// Statements that parse, for the forms the conformance files and examples lack.
    static let handWritten = [
        "SET 'state.ttl' = '1 h'; SET state.ttl = 1h; RESET parallelism; SHOW SOURCES; DESC bids; DROP MATERIALIZED VIEW IF EXISTS v",
        "CREATE TABLE IF NOT EXISTS dim (k VARCHAR NOT NULL, d DECIMAL(10, 2) NULL, t TIMESTAMP(3) WITH LOCAL TIME ZONE, PRIMARY KEY (k) NOT ENFORCED) WITH ()",
        "CREATE SINK s (k BIGINT, PRIMARY KEY (k)) FROM v WITH ('connector' = 'file')",
        "CREATE MATERIALIZED VIEW v (a, b) AS WITH w (x) AS (SELECT 1) SELECT x, 2 FROM w",
        "EXPLAIN PHYSICAL VERBOSE INSERT INTO s (SELECT DISTINCT * FROM t UNION ALL SELECT t.* FROM t ORDER BY 1 DESC NULLS LAST LIMIT 5)",
        "SELECT CASE WHEN a IS NOT NULL THEN -a ELSE +b END, CAST(c AS BIGINT), x NOT BETWEEN 1 AND 2, y NOT IN (1, 2), z NOT LIKE 'a%' FROM t",
        "SELECT SUBSTRING(s FROM 1 FOR 2), POSITION('a' IN s), FLOOR(ts TO MINUTE), EXTRACT(YEAR FROM ts), TRIM(LEADING 'x' FROM s), TIMESTAMPDIFF(SECOND, a, b) FROM t",
        "SELECT COUNT(*), COUNT(DISTINCT a), ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ASC NULLS FIRST) AS r FROM t GROUP BY a HAVING COUNT(*) > 1",
        "SELECT * FROM a LEFT OUTER JOIN b ON a.k = b.k RIGHT JOIN c ON TRUE FULL JOIN d ON TRUE INNER JOIN e FOR SYSTEM_TIME AS OF a.t AS x ON TRUE",
        "SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY (a, b), DESCRIPTOR(ts), INTERVAL '5' MINUTE)) w JOIN HOP((SELECT * FROM t), ts, INTERVAL '1' SECOND, INTERVAL '2' SECOND) h ON TRUE",
        "SELECT source, key, date, session, \"select\", `from` FROM source AS session WHERE 1.5e3 <> .5 AND 'it''s' || x != 3. -- a comment",
        ";; SELECT 1 /* between */ ; SELECT 2 ;",
    ]

    /// Each alternative (counted from 0) of each rule whose body is a choice.
    private func allAlternatives(of grammar: EBNFGrammar, except skipped: Set<String>) -> [(String, Int?)] {
        grammar.rules.flatMap { rule -> [(String, Int?)] in
            guard case .choice(let alternatives) = rule.body, !skipped.contains(rule.name) else { return [] }
            return alternatives.indices.map { (rule.name, $0) }
        }
    }

    /// The rules whose text comes from samples, and the rules under them: their
    /// alternatives are not chosen by the generator.
    private func lexical(_ grammar: EBNFGrammar, _ samples: GrammarSamples) -> Set<String> {
        var found: Set<String> = []
        var pending = samples.lexicalRules + ["comment"]
        while let name = pending.popLast() {
            guard found.insert(name).inserted, let rule = grammar[name] else { continue }
            pending += rule.body.references
        }
        return found
    }
}
