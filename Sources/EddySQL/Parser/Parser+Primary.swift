/// Primary expressions: literals, INTERVAL and TIMESTAMP literals, CAST, CASE, parentheses,
/// column references and function calls.
extension Parser {
    mutating func primary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return .literal(.number(token.text), span: token.span)
        case .string:
            advance()
            return .literal(.string(token.text), span: token.span)
        case .quotedIdentifier:
            return try columnOrCall()
        case .symbol where token.is(.leftParenthesis):
            return try parenthesized()
        case .word:
            break
        case .symbol, .endOfInput:
            throw noExpression()
        }
        switch token.keywordKind {
        case .null:
            advance()
            return .literal(.null, span: token.span)
        case .true, .false:
            advance()
            return .literal(.boolean(token.is(.true)), span: token.span)
        case .interval where peek().kind == .string || peek().kind == .number:
            return try intervalLiteral()
        case .timestamp where peek().kind == .string:
            advance()
            let value = advance()
            return .timestamp(value.text, span: token.span.union(value.span))
        case .date where peek().kind == .string:
            throw Diagnostic.error(
                "DATE literals are not supported", at: token.span.union(peek().span),
                help: "write TIMESTAMP '\(peek().text) 00:00:00'")
        case .cast where peek().is(.leftParenthesis):
            return try cast()
        case .tryCast where peek().is(.leftParenthesis):
            throw Diagnostic.error("TRY_CAST is not supported", at: token.span, help: "write CAST(value AS type)")
        case .case:
            return try caseExpression()
        default:
            guard atName else { throw noExpression() }
            return try columnOrCall()
        }
    }

    /// `expected an expression after 'WHERE', found end of input`
    private func noExpression() -> Diagnostic {
        let after = previous.map { " after \(quote($0))" } ?? ""
        var help: String?
        switch current.keywordKind {
        case .select, .order, .group, .limit, .table, .end, .with, .insert, .into, .create: help = reservedWordHelp(current)
        default: break
        }
        if at(.doubleEqual) { help = "SQL compares with '='" }
        return expected("an expression\(after)", help: help)
    }

    /// `(expression)`; the span stays the inner expression's.
    private mutating func parenthesized() throws(Diagnostic) -> Expr {
        let open = advance()
        if at(.select) || at(.with) {
            throw Diagnostic.error(
                "subqueries in expressions are not supported", at: current.span,
                help: "join with the other query, or compute it in a WITH query")
        }
        let expression = try expression()
        try expectClosing(open)
        return expression
    }

    /// `INTERVAL '10' SECOND`: the quoted amount, then a unit word that the analyzer checks.
    private mutating func intervalLiteral() throws(Diagnostic) -> Expr {
        let interval = advance()
        guard current.kind == .string else {
            throw Diagnostic.error(
                "expected the interval's amount in quotes, found \(describe(current))", at: current.span,
                help: "write INTERVAL '\(current.text)' SECOND")
        }
        let value = advance()
        guard current.kind == .word, !(current.keywordKind?.isReserved ?? false) else {
            throw expected(
                "a unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY) after INTERVAL \(source.slice(value.span))",
                help: "write INTERVAL '10' SECOND")
        }
        let unit = advance()
        return .interval(value: value.text, unit: Identifier(unit.text, span: unit.span), span: interval.span.union(unit.span))
    }

    /// `CAST(expression AS type)`
    private mutating func cast() throws(Diagnostic) -> Expr {
        let cast = advance()
        let open = advance()
        let value = try expression()
        try expect(.as, "and a type in CAST", help: "write CAST(value AS BIGINT)")
        let type = try typeName(of: "the CAST", example: "CAST(value AS BIGINT)")
        let close = try expectClosing(open)
        return .cast(value, type, span: cast.span.union(close.span))
    }

    /// `CASE [operand] WHEN a THEN b {WHEN ...} [ELSE c] END`
    private mutating func caseExpression() throws(Diagnostic) -> Expr {
        let caseToken = advance()
        var operand: Expr?
        if !at(.when) && !at(.end) { operand = try expression() }
        var branches: [(condition: Expr, result: Expr)] = []
        while accept(.when) {
            let condition = try expression()
            try expect(.then, "after the WHEN condition", help: "write CASE WHEN condition THEN value ... END")
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else {
            throw expected("'WHEN' in CASE", help: "write CASE WHEN condition THEN value ... END")
        }
        var otherwise: Expr?
        if accept(.else) { otherwise = try expression() }
        guard at(.end) else {
            throw expected("'END' to close 'CASE' at \(source.location(of: caseToken.span.start))")
        }
        let end = advance()
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise, span: caseToken.span.union(end.span))
    }

    /// A column (`a`, `t.a`) or a function call (`f(...)`).
    private mutating func columnOrCall() throws(Diagnostic) -> Expr {
        let first = try name("an expression")
        if at(.leftParenthesis) && !first.quoted { return try functionCall(first) }
        var parts = [first]
        while at(.dot) {
            let dot = advance()
            if at(.star) {
                throw Diagnostic.error(
                    "'\(parts.map(\.name).joined(separator: ".")).*' is allowed only as a select item", at: dot.span.union(current.span))
            }
            parts.append(try name("a column name after '.'"))
        }
        return .identifier(parts)
    }
}
