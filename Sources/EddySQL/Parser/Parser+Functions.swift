/// Function calls: `f(a, b)`, `COUNT(*)`, `COUNT(DISTINCT x)`, `ROW_NUMBER() OVER (...)`, and
/// the calls whose arguments are separated by keywords, which become plain argument lists.
extension Parser {
    /// The call of `name`, whose `(` is the current token. The name is kept as written.
    mutating func functionCall(_ name: Identifier) throws(Diagnostic) -> Expr {
        let open = advance()
        var arguments: [Expr] = []
        var distinct = false
        var star = false
        if at(.star) {
            advance()
            star = true
        } else if !at(.rightParenthesis) {
            if accept(.distinct) { distinct = true } else { _ = accept(.all) }
            if let special = try keywordArguments(of: name.name.uppercased()) {
                arguments = special
            } else {
                arguments = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.expression() }
            }
        }
        try expectClosing(open, list: "the arguments of \(name.name)")
        var over: OverClause?
        if at(.over) { over = try overClause() }
        return .function(
            name: name, arguments: arguments, distinct: distinct, star: star, over: over,
            span: name.span.union(previous?.span ?? name.span))
    }

    /// `OVER ([PARTITION BY e {, e}] [ORDER BY item {, item}])`
    private mutating func overClause() throws(Diagnostic) -> OverClause {
        let over = advance()
        let open = try expect(.leftParenthesis, "after 'OVER'", help: "write OVER (PARTITION BY a ORDER BY b DESC)")
        var partitionBy: [Expr] = []
        var orderBy: [OrderItem] = []
        if accept(.partition) {
            try expect(.by, "after 'PARTITION'")
            partitionBy = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.expression() }
        }
        if accept(.order) {
            try expect(.by, "after 'ORDER'")
            orderBy = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.orderItem() }
        }
        let close = try expectClosing(open)
        return OverClause(partitionBy: partitionBy, orderBy: orderBy, span: over.span.union(close.span))
    }

    /// The argument forms with keywords, as ordinary arguments (see `Expr.function`):
    /// `SUBSTRING(s FROM a [FOR b])`, `POSITION(a IN b)`, `FLOOR(ts TO MINUTE)`, `CEIL(...)`,
    /// `EXTRACT(YEAR FROM ts)`, `TRIM([BOTH | LEADING | TRAILING] [chars] FROM s)`, and the
    /// unit word of `TIMESTAMPDIFF(SECOND, a, b)` and `TIMESTAMPADD(HOUR, n, ts)`. Nil for
    /// every other function; most of these also take plain comma-separated arguments.
    private mutating func keywordArguments(of function: String) throws(Diagnostic) -> [Expr]? {
        switch function {
        case "SUBSTRING":
            let text = try expression()
            guard accept(.from) else { return try remainingArguments(after: text) }
            var arguments = [text, try expression()]
            if accept(.for) { arguments.append(try expression()) }
            return arguments
        case "POSITION":
            // Below the predicates, so that IN separates the arguments.
            let needle = try concatenation()
            guard accept(.in) else { return try remainingArguments(after: needle) }
            return [needle, try expression()]
        case "FLOOR", "CEIL", "CEILING":
            let value = try expression()
            guard accept(.to) else { return try remainingArguments(after: value) }
            return [value, try unitKeyword("a time unit after 'TO'", example: "\(function)(ts TO MINUTE)")]
        case "EXTRACT":
            let unit = try unitKeyword("a time unit in EXTRACT", example: "EXTRACT(YEAR FROM ts)")
            try expect(.from, "after the unit in EXTRACT", help: "write EXTRACT(\(unit.keywordName) FROM ts)")
            return [unit, try expression()]
        case "TIMESTAMPDIFF", "TIMESTAMPADD":
            // The unit is a bare word: TIMESTAMPDIFF(SECOND, a, b).
            guard current.kind == .word, peek().is(.comma) else { return nil }
            let unit = advance()
            return try remainingArguments(after: .keyword(unit.text.uppercased(), span: unit.span))
        case "TRIM":
            return try trimArguments()
        default:
            return nil
        }
    }

    /// `, b, c` after the first argument of a function that also takes the plain form.
    private mutating func remainingArguments(after first: Expr) throws(Diagnostic) -> [Expr] {
        guard accept(.comma) else { return [first] }
        return [first] + (try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.expression() })
    }

    /// A bare unit word (`MINUTE`, `YEAR`) as a `.keyword` argument, upper-cased.
    private mutating func unitKeyword(_ what: String, example: String) throws(Diagnostic) -> Expr {
        guard current.kind == .word, !(current.keywordKind?.isReserved ?? false) else {
            throw expected(what, help: "write \(example)")
        }
        let unit = advance()
        return .keyword(unit.text.uppercased(), span: unit.span)
    }

    /// `TRIM(s)`, `TRIM([mode] [chars] FROM s)` → `[s]` or `[mode, chars, s]`, where the
    /// mode defaults to BOTH and the characters to a space.
    private mutating func trimArguments() throws(Diagnostic) -> [Expr] {
        var mode = Expr.keyword("BOTH", span: Span(current.span.start, current.span.start))
        var hasMode = false
        if (at(.both) || at(.leading) || at(.trailing)) && !(peek().is(.rightParenthesis) || peek().is(.comma)) {
            let word = advance()
            mode = .keyword(word.text.uppercased(), span: word.span)
            hasMode = true
        }
        if at(.from) {
            let from = advance()
            let space = Expr.literal(.string(" "), span: Span(from.span.start, from.span.start))
            return [mode, space, try expression()]
        }
        let first = try expression()
        if accept(.from) { return [mode, first, try expression()] }
        if hasMode {
            throw expected("'FROM' in TRIM", help: "write TRIM(\(mode.keywordName) 'x' FROM text)")
        }
        return [first]
    }
}

extension Expr {
    /// The word of a `.keyword` expression, for help texts.
    fileprivate var keywordName: String {
        if case .keyword(let word, _) = self { return word }
        return ""
    }
}
