/// Statements other than CREATE: queries, INSERT, EXPLAIN, SHOW, DESCRIBE, SET, RESET, DROP.
extension Parser {
    /// One statement, without its `;`.
    mutating func statement() throws(Diagnostic) -> Statement {
        let start = current.span.start
        (depth, expressionNesting, expressionLinks, statementLinks) = (0, 0, 0, 0)
        let kind: StatementKind
        switch current.keywordKind {
        case .select, .with: kind = .query(try query())
        case .create: kind = try create()
        case .insert: kind = .insert(try insert())
        case .explain: kind = .explain(try explain())
        case .show: kind = try show()
        case .describe, .desc:
            let describe = advance()
            kind = .describe(try name("the name of a source, view or sink after \(quote(describe))"))
        case .set: kind = try set()
        case .reset:
            advance()
            kind = .reset(key: try settingWord("the name of a setting after 'RESET'", example: "RESET 'state.ttl'"))
        case .drop: kind = try drop()
        default:
            guard at(.leftParenthesis) else { throw unknownStatement() }
            kind = .query(try query())
        }
        return Statement(kind, span: span(from: start))
    }

    private func unknownStatement() -> Diagnostic {
        var help = Self.misspelling(current, among: Self.statementWords).map { "did you mean '\($0)'?" }
        let word = current.text.uppercased()
        if current.kind == .word, ["UPDATE", "DELETE", "ALTER", "TRUNCATE", "MERGE", "VALUES"].contains(word) {
            help = "\(word) is not supported: Eddy reads sources, computes views and writes sinks"
        }
        return expected("a statement (SELECT, CREATE, INSERT, EXPLAIN, SHOW, DESCRIBE, SET, RESET or DROP)", help: help)
    }

    /// Whether a query starts at the current token.
    var atQueryStart: Bool { at(.select) || at(.with) || at(.leftParenthesis) }

    /// `INSERT INTO sink query`
    mutating func insert() throws(Diagnostic) -> Insert {
        let insert = advance()
        try expect(.into, "after \(quote(insert))", help: "write INSERT INTO sink SELECT ...")
        let target = try name("the name of the sink to insert into")
        if at(.leftParenthesis) && !(peek().is(.select) || peek().is(.with) || peek().is(.leftParenthesis)) {
            throw Diagnostic.error(
                "a column list after INSERT INTO \(target.name) is not supported", at: current.span,
                help: "the query's columns fill the sink's columns in order; name them in the SELECT list")
        }
        guard atQueryStart else {
            throw expected("a query after 'INSERT INTO \(target.name)'", help: "write INSERT INTO \(target.name) SELECT ...")
        }
        return Insert(target: target, query: try query())
    }

    /// `EXPLAIN [LOGICAL | PHYSICAL | ANALYZE] [VERBOSE] (query | insert)`
    private mutating func explain() throws(Diagnostic) -> Explain {
        advance()
        var mode = Explain.Mode.default
        switch current.keywordKind {
        case .logical: mode = .logical
        case .physical: mode = .physical
        case .analyze: mode = .analyze
        default: break
        }
        if mode != .default { advance() }
        let verbose = accept(.verbose)
        if at(.insert) { return Explain(mode: mode, verbose: verbose, target: .insert(try insert())) }
        guard atQueryStart else {
            let near = Self.misspelling(current, among: ["LOGICAL", "PHYSICAL", "ANALYZE", "VERBOSE"])
            throw expected(
                "a query or INSERT after \(quote(previous ?? current))",
                help: near.map { "did you mean '\($0)'?" } ?? "write EXPLAIN SELECT ...")
        }
        return Explain(mode: mode, verbose: verbose, target: .query(try query()))
    }

    /// `SHOW SOURCES | VIEWS | SINKS | TABLES`
    private mutating func show() throws(Diagnostic) -> StatementKind {
        advance()
        let what = current
        let target: ShowTarget
        switch what.keywordKind {
        case .sources: target = .sources
        case .views: target = .views
        case .sinks: target = .sinks
        case .tables: target = .tables
        default:
            let near = what.kind == .word ? Suggestions.nearest(to: what.text, in: ["SOURCES", "VIEWS", "SINKS", "TABLES"]) : nil
            throw expected("SOURCES, VIEWS, SINKS or TABLES after 'SHOW'", help: near.map { "did you mean 'SHOW \($0)'?" })
        }
        advance()
        return .show(target, targetSpan: what.span)
    }

    /// `DROP SOURCE | VIEW | MATERIALIZED VIEW | SINK | TABLE [IF EXISTS] name`
    private mutating func drop() throws(Diagnostic) -> StatementKind {
        advance()
        let what = current
        let target: DropTarget
        switch what.keywordKind {
        case .source: target = .source
        case .view: target = .view
        case .sink: target = .sink
        case .table: target = .table
        case .materialized:
            advance()
            guard at(.view) else { throw expected("'VIEW' after 'MATERIALIZED'") }
            target = .view
        default:
            let near = what.kind == .word ? Suggestions.nearest(to: what.text, in: ["SOURCE", "VIEW", "SINK", "TABLE"]) : nil
            throw expected("SOURCE, VIEW, SINK or TABLE after 'DROP'", help: near.map { "did you mean 'DROP \($0)'?" })
        }
        advance()
        var ifExists = false
        if at(.if) && (peek().is(.exists) || peek().is(.not)) {
            advance()
            try expect(.exists, "after 'IF'", help: "write DROP \(target.rawValue) IF EXISTS name")
            ifExists = true
        }
        let name = try name("the name of the \(target.rawValue.lowercased()) to drop")
        return .drop(target, name: name, ifExists: ifExists)
    }

    /// `SET 'key' = 'value'`
    private mutating func set() throws(Diagnostic) -> StatementKind {
        advance()
        let key = try settingWord("the name of a setting after 'SET'", example: "SET 'state.ttl' = '1 h'")
        try expect(.equal, "after the setting name", help: "write SET '\(key.value)' = 'value'")
        let value = try settingWord("a value for '\(key.value)'", example: "SET '\(key.value)' = 'value'")
        return .set(key: key, value: value)
    }

    /// A setting's name or value: quoted, as Flink writes it, or a bare word such as
    /// `state.ttl` or `5s` (tokens written without space between them form one word).
    private mutating func settingWord(_ what: String, example: String) throws(Diagnostic) -> StringLiteral {
        if current.kind == .string { return try stringLiteral(what) }
        guard current.kind == .word || current.kind == .number else {
            throw expected(what, help: "write \(example)")
        }
        let start = current.span.start
        var text = advance().text
        while let last = previous, current.span.start == last.span.end,
            current.kind == .word || current.kind == .number || at(.dot)
        {
            text += advance().text
        }
        return StringLiteral(text, span: span(from: start))
    }
}
