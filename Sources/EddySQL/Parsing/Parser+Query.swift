extension Parser {
    /// `[WITH ...] body [ORDER BY ...] [LIMIT n]`
    mutating func query() throws -> Query {
        let start = current.span.start
        var ctes: [CommonTableExpression] = []
        if acceptKeyword("WITH") {
            ctes = try commaList { p -> CommonTableExpression in
                let name = try p.identifier("the name of a WITH query")
                var columns: [Identifier] = []
                if p.current.isSymbol("(") {
                    let open = p.advance()
                    columns = try p.commaList { try $0.identifier("a column name") }
                    try p.expectClose(open)
                }
                try p.expectKeyword("AS", "after the WITH query's name")
                let open = try p.expectSymbol("(", "around the WITH query")
                let q = try p.query()
                try p.expectClose(open)
                return CommonTableExpression(name: name, columnNames: columns, query: q)
            }
        }
        let body = try queryBody()
        var orderBy: [OrderItem] = []
        if current.isKeyword("ORDER") {
            advance()
            try expectKeyword("BY", "after ORDER")
            orderBy = try commaList { try $0.orderItem() }
        }
        var limit: Expr?
        if acceptKeyword("LIMIT") { limit = try expression() }
        return Query(with: ctes, body: body, orderBy: orderBy, limit: limit, span: span(from: start))
    }

    mutating func orderItem() throws -> OrderItem {
        let e = try expression()
        var descending = false
        if acceptKeyword("DESC") { descending = true } else { _ = acceptKeyword("ASC") }
        var nullsFirst: Bool?
        if acceptKeyword("NULLS") {
            if acceptKeyword("FIRST") {
                nullsFirst = true
            } else {
                try expectKeyword("LAST", "or FIRST after NULLS")
                nullsFirst = false
            }
        }
        return OrderItem(expression: e, descending: descending, nullsFirst: nullsFirst)
    }

    /// Selects and parenthesized queries joined by UNION [ALL], left to right.
    private mutating func queryBody() throws -> QueryBody {
        let start = current.span.start
        var left = try queryTerm()
        while current.isKeyword("UNION") {
            advance()
            let all = acceptKeyword("ALL")
            if !all { _ = acceptKeyword("DISTINCT") }
            let right = try queryTerm()
            left = .union(left, right, all: all, span: span(from: start))
        }
        if current.isKeyword("EXCEPT") || current.isKeyword("INTERSECT") {
            throw Diagnostic.error("\(current.keyword) is not supported", at: current.span)
        }
        return left
    }

    private mutating func queryTerm() throws -> QueryBody {
        if current.isSymbol("(") {
            let open = advance()
            let q = try query()
            try expectClose(open)
            return .nested(q)
        }
        guard current.isKeyword("SELECT") else {
            var help: String?
            if current.kind == .word, Suggestions.nearest(to: current.text, in: ["SELECT"]) != nil { help = "did you mean SELECT?" }
            throw Diagnostic.error("expected SELECT, found \(current.described)", at: current.span, help: help)
        }
        return .select(try select())
    }

    private mutating func select() throws -> Select {
        let start = try expectKeyword("SELECT").span.start
        var distinct = false
        if acceptKeyword("DISTINCT") { distinct = true } else { _ = acceptKeyword("ALL") }
        var items: [SelectItem] = []
        repeat {
            if current.isKeyword("FROM") && !items.isEmpty {
                throw Diagnostic.error("unexpected FROM after ','", at: current.span, help: "remove the trailing comma")
            }
            items.append(try selectItem())
        } while acceptSymbol(",")
        if atIdentifier || current.kind == .number || current.kind == .string {
            throw Diagnostic.error(
                "expected ',' or FROM after the select list, found \(current.described)", at: current.span,
                help: "separate select items with ','")
        }
        var from: TableRef?
        if acceptKeyword("FROM") {
            from = try tableReference()
        }
        var whereClause: Expr?
        if acceptKeyword("WHERE") {
            guard !isClauseEnd else {
                throw Diagnostic.error("expected a condition after WHERE, found \(current.described)", at: current.span)
            }
            whereClause = try expression()
        }
        var groupBy: [Expr] = []
        if current.isKeyword("GROUP") {
            advance()
            guard current.isKeyword("BY") else {
                throw Diagnostic.error("expected BY after GROUP, found \(current.described)", at: current.span, help: "write GROUP BY")
            }
            advance()
            groupBy = try commaList { try $0.expression() }
        }
        var having: Expr?
        if acceptKeyword("HAVING") { having = try expression() }
        return Select(distinct: distinct, items: items, from: from, whereClause: whereClause, groupBy: groupBy, having: having, span: span(from: start))
    }

    private var isClauseEnd: Bool {
        current.kind == .endOfInput || current.isSymbol(";") || current.isSymbol(")")
            || ["GROUP", "HAVING", "ORDER", "LIMIT", "UNION"].contains(current.keyword)
    }

    private mutating func selectItem() throws -> SelectItem {
        if current.isSymbol("*") {
            let t = advance()
            return .wildcard(qualifier: nil, span: t.span)
        }
        if atIdentifier && peek().isSymbol(".") && peek(2).isSymbol("*") {
            let q = try identifier()
            advance()
            let star = advance()
            return .wildcard(qualifier: q, span: q.span.union(star.span))
        }
        if isClauseEnd || current.isKeyword("FROM") {
            throw Diagnostic.error("expected an expression to select, found \(current.described)", at: current.span)
        }
        let e = try expression()
        return .expression(e, alias: try alias())
    }

    /// `[AS] name` after an expression or a table.
    mutating func alias() throws -> Identifier? {
        if acceptKeyword("AS") { return try identifier("an alias after AS") }
        if atIdentifier { return try identifier() }
        return nil
    }

    // MARK: - FROM

    mutating func tableReference() throws -> TableRef {
        let start = current.span.start
        var left = try tablePrimary()
        while true {
            var kind: JoinKind?
            if current.isKeyword("JOIN") {
                kind = .inner
            } else if current.isKeyword("INNER") {
                advance()
                kind = .inner
            } else if current.isKeyword("LEFT") || current.isKeyword("RIGHT") || current.isKeyword("FULL") {
                kind = JoinKind(rawValue: advance().keyword)
                _ = acceptKeyword("OUTER")
            } else if current.isKeyword("CROSS") {
                throw Diagnostic.error("CROSS JOIN is not supported", at: current.span, help: "join with a condition: JOIN t ON ...")
            } else if current.isSymbol(",") {
                throw Diagnostic.error(
                    "a ',' between tables is not supported", at: current.span, help: "write JOIN t ON a.key = t.key")
            }
            guard let joinKind = kind else { break }
            try expectKeyword("JOIN")
            let right = try tablePrimary()
            try expectKeyword("ON", "and the join condition")
            let condition = try expression()
            left = .join(left, right, kind: joinKind, on: condition, span: span(from: start))
        }
        return left
    }

    private static let windowKinds = ["TUMBLE", "HOP", "SESSION", "CUMULATE"]

    private mutating func tablePrimary() throws -> TableRef {
        let start = current.span.start
        // Flink's form: TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ...))
        if current.isKeyword("TABLE") && peek().isSymbol("(") {
            advance()
            let open = advance()
            guard let kind = WindowKind(rawValue: current.keyword), peek().isSymbol("(") else {
                throw Diagnostic.error(
                    "expected a window function (TUMBLE, HOP, SESSION, CUMULATE) in TABLE(...), found \(current.described)",
                    at: current.span)
            }
            let call = try windowCall(kind, flinkForm: true, start: start)
            try expectClose(open)
            let span = span(from: start)
            var c = call
            c.span = span
            return .window(c, alias: try alias())
        }
        if current.kind == .word, let kind = WindowKind(rawValue: current.keyword), peek().isSymbol("(") {
            let call = try windowCall(kind, flinkForm: false, start: start)
            return .window(call, alias: try alias())
        }
        if current.isSymbol("(") {
            let open = advance()
            guard current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isSymbol("(") else {
                throw Diagnostic.error("expected a subquery after '(', found \(current.described)", at: current.span)
            }
            let q = try query()
            try expectClose(open)
            let a = try alias()
            return .subquery(q, alias: a, span: span(from: start))
        }
        if current.kind == .word && Self.reserved.contains(current.keyword) {
            throw Diagnostic.error("expected a source or view name, found the keyword \(current.keyword)", at: current.span)
        }
        let name = try identifier("a source or view name")
        // Flink's lookup-join form `dim FOR SYSTEM_TIME AS OF o.proc_time`: a table is
        // always looked up as it is now, so the time is accepted and not needed.
        if current.isKeyword("FOR") && peek().isKeyword("SYSTEM_TIME") {
            advance()
            advance()
            try expectKeyword("AS", "in FOR SYSTEM_TIME AS OF")
            try expectKeyword("OF", "in FOR SYSTEM_TIME AS OF")
            _ = try expression()
        }
        return .named(name, alias: try alias())
    }

    /// `KIND(input, time, intervals...)`; in Flink's form `input` is `TABLE t` and `time`
    /// is `DESCRIPTOR(ts)`.
    private mutating func windowCall(_ kind: WindowKind, flinkForm: Bool, start: Int) throws -> WindowFunctionCall {
        advance()
        let open = try expectSymbol("(")
        let input: TableRef
        if flinkForm || current.isKeyword("TABLE") {
            if flinkForm { try expectKeyword("TABLE", "before the windowed table (TABLE name)") } else { advance() }
            let name = try identifier("the windowed table")
            input = .named(name, alias: nil)
        } else if current.isSymbol("(") {
            let o = advance()
            let q = try query()
            try expectClose(o)
            input = .subquery(q, alias: nil, span: span(from: o.span.start))
        } else {
            let name = try identifier("the windowed source")
            input = .named(name, alias: nil)
        }
        var partitionBy: [Identifier] = []
        if current.isKeyword("PARTITION") {
            advance()
            try expectKeyword("BY", "after PARTITION")
            // In Flink's form the columns run until DESCRIPTOR; in the short form the time
            // column follows a comma too, so several columns need parentheses.
            if current.isSymbol("(") {
                let o = advance()
                partitionBy = try commaList { try $0.identifier("a partition column") }
                try expectClose(o)
            } else {
                partitionBy = [try identifier("a partition column")]
                while flinkForm && current.isSymbol(",") && !peek().isKeyword("DESCRIPTOR") {
                    advance()
                    partitionBy.append(try identifier("a partition column"))
                }
            }
        }
        try expectSymbol(",", "after the windowed table")
        let timeColumn: Identifier
        if current.isKeyword("DESCRIPTOR") {
            advance()
            let o = try expectSymbol("(", "after DESCRIPTOR")
            timeColumn = try identifier("the time column")
            try expectClose(o)
        } else {
            if flinkForm {
                throw Diagnostic.error(
                    "expected DESCRIPTOR(column) for the time column, found \(current.described)", at: current.span)
            }
            timeColumn = try identifier("the time column")
        }
        var arguments: [Expr] = []
        while acceptSymbol(",") { arguments.append(try expression()) }
        let expected: Int
        let usage: String
        switch kind {
        case .tumble: (expected, usage) = (1, "TUMBLE(src, ts, INTERVAL '10' SECOND)")
        case .hop: (expected, usage) = (2, "HOP(src, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)")
        case .session: (expected, usage) = (1, "SESSION(src PARTITION BY key, ts, INTERVAL '5' MINUTE)")
        case .cumulate: (expected, usage) = (2, "CUMULATE(src, ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR)")
        }
        guard current.isSymbol(")") else {
            let loc = source.location(of: open.span.start)
            throw Diagnostic.error("expected ')' to close '(' at \(loc.line):\(loc.column), found \(current.described)", at: current.span)
        }
        advance()
        if arguments.count != expected {
            let what: String
            switch kind {
            case .tumble: what = "TUMBLE takes a size"
            case .hop: what = "HOP takes a slide and a size"
            case .session: what = "SESSION takes a gap"
            case .cumulate: what = "CUMULATE takes a step and a maximum size"
            }
            throw Diagnostic.error("\(what), found \(arguments.count) interval\(arguments.count == 1 ? "" : "s")", at: span(from: start), help: usage)
        }
        return WindowFunctionCall(
            kind: kind, input: input, timeColumn: timeColumn, partitionBy: partitionBy, arguments: arguments, flinkForm: flinkForm,
            span: span(from: start))
    }
}
