/// CREATE SOURCE, TABLE, VIEW and SINK.
extension Parser {
    mutating func create() throws(Diagnostic) -> StatementKind {
        advance()
        switch current.keywordKind {
        case .source:
            advance()
            return .createSource(try createSource(.source))
        case .table:
            advance()
            return .createSource(try createSource(.table))
        case .view:
            advance()
            return .createView(try createView(materialized: false))
        case .materialized:
            advance()
            try expect(.view, "after 'MATERIALIZED'", help: "write CREATE MATERIALIZED VIEW name AS SELECT ...")
            return .createView(try createView(materialized: true))
        case .sink:
            advance()
            return .createSink(try createSink())
        default:
            var help: String?
            if current.kind == .word {
                if current.text.uppercased() == "STREAM" {
                    help = "a stream is a SOURCE here: CREATE SOURCE name (...) WITH (...)"
                } else if let near = Suggestions.nearest(to: current.text, in: ["SOURCE", "TABLE", "VIEW", "MATERIALIZED", "SINK"]) {
                    help = "did you mean 'CREATE \(near == "MATERIALIZED" ? "MATERIALIZED VIEW" : near)'?"
                }
            }
            throw expected("SOURCE, TABLE, VIEW, MATERIALIZED VIEW or SINK after 'CREATE'", help: help)
        }
    }

    /// `[IF NOT EXISTS]`
    private mutating func ifNotExists() throws(Diagnostic) -> Bool {
        guard at(.if) && (peek().is(.not) || peek().is(.exists)) else { return false }
        advance()
        try expect(.not, "after 'IF'", help: "write IF NOT EXISTS")
        try expect(.exists, "after 'IF NOT'")
        return true
    }

    /// `[IF NOT EXISTS] name (elements) [WITH (options)]` after CREATE SOURCE or TABLE.
    private mutating func createSource(_ kind: CreateSource.Kind) throws(Diagnostic) -> CreateSource {
        let ifNotExists = try ifNotExists()
        let noun = kind.rawValue.lowercased()
        let name = try name("a name for the \(noun)")
        guard at(.leftParenthesis) else {
            throw expected(
                "'(' and the column list after \(quote(previous ?? current))",
                help: "a \(noun) declares its columns: CREATE \(kind.rawValue) \(name.name) (id BIGINT, ts TIMESTAMP(3)) WITH (...)")
        }
        let elements = try tableElements(allowWatermark: true)
        let options = try withOptions()
        return CreateSource(
            kind: kind, name: name, ifNotExists: ifNotExists, columns: elements.columns, watermark: elements.watermark,
            primaryKey: elements.primaryKey, options: options)
    }

    /// `[IF NOT EXISTS] name [(columns)] AS query` after CREATE [MATERIALIZED] VIEW.
    private mutating func createView(materialized: Bool) throws(Diagnostic) -> CreateView {
        let ifNotExists = try ifNotExists()
        let name = try name("a name for the view")
        var columnNames: [Identifier] = []
        if at(.leftParenthesis) { columnNames = try parenthesizedNames("a column name", list: "the view's column names") }
        try expect(.as, "and the view's query", help: "write CREATE VIEW \(name.name) AS SELECT ...")
        guard atQueryStart else { throw expected("a query after 'AS'", help: "write CREATE VIEW \(name.name) AS SELECT ...") }
        return CreateView(
            name: name, materialized: materialized, ifNotExists: ifNotExists, columnNames: columnNames, query: try query())
    }

    /// `[IF NOT EXISTS] name [(columns)] [FROM relation | AS query] [WITH (options)]` after
    /// CREATE SINK.
    private mutating func createSink() throws(Diagnostic) -> CreateSink {
        let ifNotExists = try ifNotExists()
        let name = try name("a name for the sink")
        var elements = TableElements()
        if at(.leftParenthesis) { elements = try tableElements(allowWatermark: false) }
        var input = CreateSink.Input.none
        if accept(.from) {
            input = .relation(try self.name("the source or view that the sink writes, after 'FROM'"))
        } else if accept(.as) {
            guard atQueryStart else { throw expected("a query after 'AS'", help: "write CREATE SINK \(name.name) AS SELECT ...") }
            input = .query(try query())
        }
        let options = try withOptions()
        return CreateSink(
            name: name, ifNotExists: ifNotExists, columns: elements.columns, primaryKey: elements.primaryKey, input: input,
            options: options)
    }

    // MARK: - Column lists

    /// What the parentheses of CREATE SOURCE or SINK declare.
    private struct TableElements {
        var columns: [ColumnDefinition] = []
        var watermark: WatermarkDefinition?
        var primaryKey: [Identifier] = []
    }

    /// `( element {, element} )`: columns, a WATERMARK and a PRIMARY KEY in any order.
    private mutating func tableElements(allowWatermark: Bool) throws(Diagnostic) -> TableElements {
        let open = advance()
        var elements = TableElements()
        if at(.rightParenthesis) {
            throw expected("a column definition such as 'id BIGINT'", help: "declare at least one column")
        }
        _ = try commaSeparated { (p: inout Parser) throws(Diagnostic) in
            try p.tableElement(into: &elements, allowWatermark: allowWatermark)
        }
        try expectClosing(open, list: "the column list")
        return elements
    }

    private mutating func tableElement(into elements: inout TableElements, allowWatermark: Bool) throws(Diagnostic) {
        let start = current.span.start
        if at(.watermark) && !peek().is(.for) && peek(2).is(.as) {
            advance()
            throw expected("'FOR' after 'WATERMARK'", help: "write WATERMARK FOR ts AS ts - INTERVAL '5' SECOND")
        }
        if at(.watermark) && peek().is(.for) {
            guard allowWatermark else {
                throw Diagnostic.error("a sink has no WATERMARK", at: current.span, help: "watermarks belong to sources")
            }
            advance()
            advance()
            let column = try name("the event-time column after 'WATERMARK FOR'")
            try expect(
                .as, "after 'WATERMARK FOR \(column.name)'",
                help: "write WATERMARK FOR \(column.name) AS \(column.name) - INTERVAL '5' SECOND")
            let expression = try expression()
            guard elements.watermark == nil else {
                throw Diagnostic.error("a source has one WATERMARK; this is the second", at: span(from: start))
            }
            elements.watermark = WatermarkDefinition(column: column, expression: expression, span: span(from: start))
        } else if at(.primary) && peek().is(.key) {
            advance()
            advance()
            let key = try parenthesizedNames("a key column", list: "the primary key")
            if accept(.not) { try expect(.enforced, "after 'NOT'", help: "write PRIMARY KEY (...) NOT ENFORCED") }
            guard elements.primaryKey.isEmpty else {
                throw Diagnostic.error("a table has one PRIMARY KEY; this is the second", at: span(from: start))
            }
            elements.primaryKey = key
        } else {
            elements.columns.append(try columnDefinition())
        }
    }

    /// `name TYPE [NOT NULL | NULL]`
    private mutating func columnDefinition() throws(Diagnostic) -> ColumnDefinition {
        let name = try name("a column definition such as 'id BIGINT'")
        if at(.as) {
            throw Diagnostic.error(
                "computed columns ('\(name.name) AS expression') are not supported", at: current.span,
                help: "declare the column with a type, and compute the value in a view")
        }
        let type = try typeName(of: "column '\(name.name)'", example: "\(name.name) BIGINT")
        var notNull = false
        if at(.not) {
            advance()
            try expect(.null, "after 'NOT'", help: "write \(name.name) \(type.name) NOT NULL")
            notNull = true
        } else {
            _ = accept(.null)
        }
        return ColumnDefinition(name: name, type: type, notNull: notNull)
    }

    /// `[WITH ('key' = 'value', ...)]`
    private mutating func withOptions() throws(Diagnostic) -> [OptionEntry] {
        guard at(.with) else { return [] }
        advance()
        let open = try expect(.leftParenthesis, "after 'WITH'", help: "write WITH ('connector' = 'file', 'path' = '...')")
        if accept(.rightParenthesis) { return [] }
        let options = try commaSeparated { (p: inout Parser) throws(Diagnostic) -> OptionEntry in
            let key = try p.stringLiteral("an option name")
            try p.expect(.equal, "after the option name '\(key.value)'", help: "write '\(key.value)' = 'value'")
            let value = try p.stringLiteral("the value of '\(key.value)'")
            return OptionEntry(key: key, value: value)
        }
        try expectClosing(open, list: "the options")
        return options
    }
}
