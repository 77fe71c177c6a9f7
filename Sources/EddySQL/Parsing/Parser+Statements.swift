extension Parser {
    mutating func statement() throws -> Statement {
        let start = current.span.start
        let t = current
        let kind: StatementKind
        switch t.keyword {
        case "SELECT", "WITH":
            kind = .query(try query())
        case "CREATE":
            kind = try create()
        case "INSERT":
            kind = .insert(try insert())
        case "EXPLAIN":
            kind = .explain(try explain())
        case "SHOW":
            advance()
            let what = current
            guard let target = ShowTarget(rawValue: what.keyword) else {
                throw Diagnostic.error(
                    "expected SOURCES, VIEWS, SINKS or TABLES after SHOW, found \(what.described)", at: what.span)
            }
            advance()
            kind = .show(target, targetSpan: what.span)
        case "DESCRIBE", "DESC":
            advance()
            kind = .describe(try identifier("the name to describe"))
        case "SET":
            advance()
            let key = try settingWord("a setting name")
            try expectSymbol("=", "after the setting name")
            let value = try settingWord("a value")
            kind = .set(key: key, value: value)
        case "RESET":
            advance()
            kind = .reset(key: try settingWord("a setting name"))
        case "DROP":
            advance()
            let what = current
            guard let target = DropTarget(rawValue: what.keyword) else {
                throw Diagnostic.error("expected SOURCE, VIEW, SINK or TABLE after DROP, found \(what.described)", at: what.span)
            }
            advance()
            var ifExists = false
            if current.isKeyword("IF") {
                advance()
                try expectKeyword("EXISTS", "after IF")
                ifExists = true
            }
            kind = .drop(target, name: try identifier(), ifExists: ifExists)
        default:
            if t.isSymbol("(") {
                kind = .query(try query())
                break
            }
            var help: String?
            if t.kind == .word, let near = Suggestions.nearest(to: t.text, in: Self.statementKeywords) {
                help = "did you mean \(near)?"
            }
            throw Diagnostic.error(
                "expected a statement (SELECT, CREATE, INSERT, EXPLAIN, SHOW, DESCRIBE, SET), found \(t.described)",
                at: t.span, help: help)
        }
        return Statement(kind, span: span(from: start))
    }

    /// A setting name or value: quoted as Flink writes it, or a bare word or number.
    private mutating func settingWord(_ what: String) throws -> StringLiteral {
        if current.kind == .string { return try stringLiteral(what) }
        guard current.kind == .word || current.kind == .number else {
            throw Diagnostic.error("expected \(what), found \(current.described)", at: current.span, help: "write SET 'state.ttl' = '1h'")
        }
        let start = current.span.start
        var text = advance().text
        // `checkpoint.interval`, `5s`: adjacent tokens form one word.
        while current.span.start == previous.span.end
            && (current.isSymbol(".") || current.kind == .word || current.kind == .number)
        {
            text += advance().text
        }
        return StringLiteral(text, span: span(from: start))
    }

    // MARK: - CREATE

    private mutating func create() throws -> StatementKind {
        try expectKeyword("CREATE")
        let what = current
        switch what.keyword {
        case "SOURCE", "TABLE", "STREAM":
            advance()
            return .createSource(try createSource(kind: what.keyword == "TABLE" ? .table : .source))
        case "VIEW":
            advance()
            return .createView(try createView(materialized: false))
        case "MATERIALIZED":
            advance()
            try expectKeyword("VIEW", "after MATERIALIZED")
            return .createView(try createView(materialized: true))
        case "SINK":
            advance()
            return .createSink(try createSink())
        default:
            var help: String?
            if what.kind == .word, let near = Suggestions.nearest(to: what.text, in: ["SOURCE", "TABLE", "VIEW", "SINK", "MATERIALIZED"]) {
                help = "did you mean CREATE \(near)?"
            }
            throw Diagnostic.error(
                "expected SOURCE, TABLE, VIEW, MATERIALIZED VIEW or SINK after CREATE, found \(what.described)", at: what.span,
                help: help)
        }
    }

    private mutating func ifNotExists() throws -> Bool {
        guard current.isKeyword("IF") else { return false }
        advance()
        try expectKeyword("NOT", "in IF NOT EXISTS")
        try expectKeyword("EXISTS", "in IF NOT EXISTS")
        return true
    }

    private mutating func createSource(kind: CreateSource.Kind) throws -> CreateSource {
        let ine = try ifNotExists()
        let name = try identifier("the \(kind.rawValue.lowercased())'s name")
        guard current.isSymbol("(") else {
            throw Diagnostic.error(
                "expected '(' and the column list after the name, found \(current.described)", at: current.span,
                help: "CREATE \(kind.rawValue) \(name.name) (id BIGINT, ts TIMESTAMP(3)) WITH (...)")
        }
        let (columns, watermark, primaryKey) = try columnList(allowWatermark: true)
        let options = try withOptions()
        return CreateSource(
            kind: kind, name: name, ifNotExists: ine, columns: columns, watermark: watermark, primaryKey: primaryKey,
            options: options)
    }

    /// `( col TYPE [NOT NULL], ..., [WATERMARK FOR c AS e], [PRIMARY KEY (...)] )`
    private mutating func columnList(allowWatermark: Bool) throws -> ([ColumnDefinition], WatermarkDefinition?, [Identifier]) {
        let open = try expectSymbol("(")
        var columns: [ColumnDefinition] = []
        var watermark: WatermarkDefinition?
        var primaryKey: [Identifier] = []
        repeat {
            if current.isKeyword("WATERMARK") && allowWatermark {
                let start = advance().span.start
                try expectKeyword("FOR", "after WATERMARK")
                let column = try identifier("the event-time column")
                try expectKeyword("AS", "in WATERMARK FOR \(column.name) AS ...")
                let e = try expression()
                if watermark != nil { throw Diagnostic.error("a source has one WATERMARK", at: span(from: start)) }
                watermark = WatermarkDefinition(column: column, expression: e, span: span(from: start))
            } else if current.isKeyword("PRIMARY") {
                advance()
                try expectKeyword("KEY", "after PRIMARY")
                let o = try expectSymbol("(", "after PRIMARY KEY")
                primaryKey = try commaList { try $0.identifier("a key column") }
                try expectClose(o)
                if acceptKeyword("NOT") { try expectKeyword("ENFORCED", "after NOT") }
            } else {
                let name = try identifier("a column name")
                guard current.kind == .word || current.kind == .quotedIdentifier else {
                    throw Diagnostic.error("expected the type of column '\(name.name)', found \(current.described)", at: current.span, help: "for example \(name.name) BIGINT")
                }
                let type = try typeName()
                var notNull = false
                if current.isKeyword("NOT") && peek().isKeyword("NULL") {
                    advance()
                    advance()
                    notNull = true
                } else if current.isKeyword("NULL") {
                    advance()
                }
                columns.append(ColumnDefinition(name: name, type: type, notNull: notNull))
            }
        } while acceptSymbol(",")
        guard current.isSymbol(")") else {
            if atIdentifier {
                throw Diagnostic.error("expected ',' or ')' in the column list, found \(current.described)", at: current.span, help: "separate columns with ','")
            }
            let loc = source.location(of: open.span.start)
            throw Diagnostic.error("expected ')' to close '(' at \(loc.line):\(loc.column), found \(current.described)", at: current.span)
        }
        advance()
        return (columns, watermark, primaryKey)
    }

    /// `TYPE [(n [, m])] [WITH [LOCAL] TIME ZONE]`
    mutating func typeName() throws -> TypeName {
        let start = current.span.start
        guard current.kind == .word else { throw Diagnostic.error("expected a type, found \(current.described)", at: current.span) }
        let name = advance().text.uppercased()
        var parameters: [Int] = []
        if current.isSymbol("(") {
            let open = advance()
            repeat {
                guard current.kind == .number, let n = Int(current.text) else {
                    throw Diagnostic.error("expected a number in the type's parentheses, found \(current.described)", at: current.span)
                }
                advance()
                parameters.append(n)
            } while acceptSymbol(",")
            try expectClose(open)
        }
        if current.isKeyword("WITH") && (peek().isKeyword("LOCAL") || peek().isKeyword("TIME")) {
            advance()
            _ = acceptKeyword("LOCAL")
            try expectKeyword("TIME")
            try expectKeyword("ZONE")
        }
        return TypeName(name: name, parameters: parameters, span: span(from: start))
    }

    /// `[WITH ('key' = 'value', ...)]`
    private mutating func withOptions() throws -> [OptionEntry] {
        guard current.isKeyword("WITH") else { return [] }
        advance()
        let open = try expectSymbol("(", "after WITH")
        if current.isSymbol(")") {
            advance()
            return []
        }
        let entries = try commaList { p -> OptionEntry in
            let key = try p.stringLiteral("an option name")
            try p.expectSymbol("=", "after the option name")
            let value = try p.stringLiteral("the option's value")
            return OptionEntry(key: key, value: value)
        }
        try expectClose(open)
        return entries
    }

    private mutating func createView(materialized: Bool) throws -> CreateView {
        let ine = try ifNotExists()
        let name = try identifier("the view's name")
        var columnNames: [Identifier] = []
        if current.isSymbol("(") {
            let open = advance()
            columnNames = try commaList { try $0.identifier("a column name") }
            try expectClose(open)
        }
        try expectKeyword("AS", "before the view's query")
        return CreateView(name: name, materialized: materialized, ifNotExists: ine, columnNames: columnNames, query: try query())
    }

    private mutating func createSink() throws -> CreateSink {
        let ine = try ifNotExists()
        let name = try identifier("the sink's name")
        var columns: [ColumnDefinition] = []
        var primaryKey: [Identifier] = []
        if current.isSymbol("(") {
            let parsed = try columnList(allowWatermark: false)
            columns = parsed.0
            primaryKey = parsed.2
        }
        var input = CreateSink.Input.none
        if acceptKeyword("FROM") {
            input = .relation(try identifier("the view or source to write"))
        } else if acceptKeyword("AS") {
            input = .query(try query())
        }
        let options = try withOptions()
        return CreateSink(name: name, ifNotExists: ine, columns: columns, primaryKey: primaryKey, input: input, options: options)
    }

    // MARK: - INSERT, EXPLAIN

    private mutating func insert() throws -> Insert {
        try expectKeyword("INSERT")
        try expectKeyword("INTO", "after INSERT")
        let target = try identifier("the sink's name")
        guard current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isSymbol("(") else {
            throw Diagnostic.error("expected a query after INSERT INTO \(target.name), found \(current.described)", at: current.span)
        }
        return Insert(target: target, query: try query())
    }

    private mutating func explain() throws -> Explain {
        try expectKeyword("EXPLAIN")
        var mode = Explain.Mode.default
        switch current.keyword {
        case "LOGICAL": mode = .logical
        case "PHYSICAL": mode = .physical
        case "ANALYZE": mode = .analyze
        default: break
        }
        if mode != .default { advance() }
        let verbose = acceptKeyword("VERBOSE")
        if current.isKeyword("INSERT") { return Explain(mode: mode, verbose: verbose, target: .insert(try insert())) }
        guard current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isSymbol("(") else {
            throw Diagnostic.error("expected a query or INSERT after EXPLAIN, found \(current.described)", at: current.span)
        }
        return Explain(mode: mode, verbose: verbose, target: .query(try query()))
    }
}
