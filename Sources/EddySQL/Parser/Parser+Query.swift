/// Queries: WITH, UNION, SELECT, ORDER BY and LIMIT.
extension Parser {
    /// `[WITH cte {, cte}] body [ORDER BY item {, item}] [LIMIT expression]`
    mutating func query() throws(Diagnostic) -> Query {
        try enterNesting()
        defer { depth -= 1 }
        let start = current.span.start
        var ctes: [CommonTableExpression] = []
        if accept(.with) {
            ctes = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.commonTableExpression() }
        }
        let body = try queryBody()
        var orderBy: [OrderItem] = []
        if at(.order) {
            let order = advance()
            try expect(.by, "after \(quote(order))", help: "write ORDER BY column [DESC]")
            orderBy = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.orderItem() }
        }
        var limit: Expr?
        if accept(.limit) { limit = try expression() }
        return Query(with: ctes, body: body, orderBy: orderBy, limit: limit, span: span(from: start))
    }

    /// `name [(columns)] AS (query)`
    private mutating func commonTableExpression() throws(Diagnostic) -> CommonTableExpression {
        let name = try name("a name for the WITH query")
        let usage = "write WITH \(name.name) AS (SELECT ...) SELECT ..."
        var columns: [Identifier] = []
        if at(.leftParenthesis) && (peek().is(.select) || peek().is(.with)) {
            throw expected("'AS' after '\(name.name)'", help: usage)
        }
        if at(.leftParenthesis) { columns = try parenthesizedNames("a column name", list: "the column names of '\(name.name)'") }
        try expect(.as, "after '\(name.name)'", help: usage)
        let open = try expect(.leftParenthesis, "around the query of '\(name.name)'", help: usage)
        let query = try query()
        try expectClosing(open)
        return CommonTableExpression(name: name, columnNames: columns, query: query)
    }

    /// `term {UNION [ALL | DISTINCT] term}`, left-associative.
    private mutating func queryBody() throws(Diagnostic) -> QueryBody {
        let start = current.span.start
        var body = try queryTerm()
        while accept(.union) {
            try countStatementLink()
            let all = accept(.all)
            if !all { _ = accept(.distinct) }
            let right = try queryTerm()
            body = .union(body, right, all: all, span: span(from: start))
        }
        if at(.except) || at(.intersect) {
            throw Diagnostic.error(
                "\(current.text.uppercased()) is not supported", at: current.span,
                help: "filter with WHERE, or join the two queries")
        }
        return body
    }

    /// `select | (query)`
    private mutating func queryTerm() throws(Diagnostic) -> QueryBody {
        if at(.leftParenthesis) {
            let open = advance()
            let query = try query()
            try expectClosing(open)
            return .nested(query)
        }
        guard at(.select) else {
            let help = Self.misspelling(current, among: ["SELECT"]).map { "did you mean '\($0)'?" }
            throw expected("a query (SELECT ...)", help: help)
        }
        return .select(try select())
    }

    /// `SELECT [DISTINCT | ALL] items [FROM from] [WHERE e] [GROUP BY e {, e}] [HAVING e]`
    private mutating func select() throws(Diagnostic) -> Select {
        let start = advance().span.start
        var distinct = false
        if accept(.distinct) { distinct = true } else { _ = accept(.all) }
        let items = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.selectItem() }
        if startsListItem {
            throw expected(
                "',' or 'FROM' after the select list",
                help: misspelledClauseHelp() ?? "separate the items with ',' (an alias after an item needs no comma: 'price p')")
        }
        var from: TableRef?
        if accept(.from) { from = try tableReference() }
        var whereClause: Expr?
        if accept(.where) { whereClause = try expression() }
        var groupBy: [Expr] = []
        if at(.group) {
            let group = advance()
            try expect(.by, "after \(quote(group))", help: "write GROUP BY column, ...")
            groupBy = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.expression() }
        }
        var having: Expr?
        if accept(.having) { having = try expression() }
        return Select(
            distinct: distinct, items: items, from: from, whereClause: whereClause, groupBy: groupBy, having: having,
            span: span(from: start))
    }

    /// `*`, `t.*` or `expression [[AS] alias]`
    private mutating func selectItem() throws(Diagnostic) -> SelectItem {
        if at(.star) {
            let star = advance()
            return .wildcard(qualifier: nil, span: star.span)
        }
        if atName && peek().is(.dot) && peek(2).is(.star) {
            let qualifier = try name("a table name")
            advance()
            let star = advance()
            return .wildcard(qualifier: qualifier, span: qualifier.span.union(star.span))
        }
        let expression = try expression()
        return .expression(expression, alias: try alias())
    }

    /// `expression [ASC | DESC] [NULLS FIRST | NULLS LAST]`
    mutating func orderItem() throws(Diagnostic) -> OrderItem {
        let expression = try expression()
        var descending = false
        if accept(.desc) { descending = true } else { _ = accept(.asc) }
        var nullsFirst: Bool?
        if accept(.nulls) {
            if accept(.first) {
                nullsFirst = true
            } else {
                try expect(.last, "or 'FIRST' after 'NULLS'")
                nullsFirst = false
            }
        }
        return OrderItem(expression: expression, descending: descending, nullsFirst: nullsFirst)
    }
}
