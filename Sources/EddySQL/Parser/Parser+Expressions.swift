/// Operators by precedence, lowest first: OR; AND; NOT; comparisons and the predicates IS
/// [NOT] NULL, [NOT] BETWEEN, [NOT] IN, [NOT] LIKE; `||`; `+ -`; `* / %`; unary `- +`.
extension Parser {
    mutating func expression() throws(Diagnostic) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        if expressionNesting == 0 { expressionLinks = 0 }
        expressionNesting += 1
        defer { expressionNesting -= 1 }
        return try disjunction()
    }

    /// `a OR b OR c`, left-associative.
    private mutating func disjunction() throws(Diagnostic) -> Expr {
        var left = try conjunction()
        while accept(.or) {
            try countExpressionLink()
            let right = try conjunction()
            left = .binary(.or, left, right, span: left.span.union(right.span))
        }
        return left
    }

    /// `a AND b AND c`, left-associative.
    private mutating func conjunction() throws(Diagnostic) -> Expr {
        var left = try negation()
        while accept(.and) {
            try countExpressionLink()
            let right = try negation()
            left = .binary(.and, left, right, span: left.span.union(right.span))
        }
        return left
    }

    /// `NOT NOT a`: the NOTs are collected first, so that a long run needs no deep recursion.
    private mutating func negation() throws(Diagnostic) -> Expr {
        var nots: [Token] = []
        while at(.not) {
            try countExpressionLink()
            nots.append(advance())
        }
        var operand = try predicate()
        for not in nots.reversed() {
            operand = .unary(.not, operand, span: not.span.union(operand.span))
        }
        return operand
    }

    private static func comparison(_ token: Token) -> BinaryOperator? {
        guard let symbol = token.symbol else { return nil }
        switch symbol {
        case .equal: return .equal
        case .notEqual, .bangEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    /// A comparison or predicate over `||` operands; several apply left to right.
    private mutating func predicate() throws(Diagnostic) -> Expr {
        var left = try concatenation()
        while true {
            if at(.doubleEqual) {
                throw Diagnostic.error("unexpected '=='", at: current.span, help: "SQL compares with '='")
            }
            if let op = Self.comparison(current) {
                try countExpressionLink()
                advance()
                let right = try concatenation()
                left = .binary(op, left, right, span: left.span.union(right.span))
                continue
            }
            if at(.is) {
                try countExpressionLink()
                left = try isNull(left)
                continue
            }
            var negated = false
            if at(.not) {
                let next = peek()
                if next.is(.null) {
                    throw Diagnostic.error(
                        "expected 'IS NOT NULL', found 'NOT NULL'", at: current.span.union(next.span),
                        help: "write IS NOT NULL")
                }
                guard next.is(.between) || next.is(.in) || next.is(.like) else { break }
                advance()
                negated = true
            }
            if at(.between) || at(.in) || at(.like) { try countExpressionLink() }
            if accept(.between) {
                let low = try concatenation()
                try expect(.and, "between the bounds of BETWEEN", help: "write x BETWEEN low AND high")
                let high = try concatenation()
                left = .between(left, low: low, high: high, negated: negated, span: left.span.union(high.span))
            } else if accept(.in) {
                left = try inList(left, negated: negated)
            } else if accept(.like) {
                let pattern = try concatenation()
                left = .like(left, pattern: pattern, negated: negated, span: left.span.union(pattern.span))
            } else {
                break
            }
        }
        return left
    }

    /// `IS [NOT] NULL` after `operand`.
    private mutating func isNull(_ operand: Expr) throws(Diagnostic) -> Expr {
        let isToken = advance()
        let negated = accept(.not)
        guard at(.null) else {
            let help = at(.true) || at(.false) ? "IS TRUE and IS FALSE are not supported; compare with = TRUE" : nil
            throw expected("'NULL' after \(negated ? "'IS NOT'" : quote(isToken))", help: help)
        }
        let null = advance()
        return .isNull(operand, negated: negated, span: operand.span.union(null.span))
    }

    /// `(a, b, ...)` after `operand [NOT] IN`.
    private mutating func inList(_ operand: Expr, negated: Bool) throws(Diagnostic) -> Expr {
        let open = try expect(.leftParenthesis, "after 'IN'", help: "write x IN (1, 2, 3)")
        if at(.select) || at(.with) {
            throw Diagnostic.error(
                "IN (SELECT ...) is not supported", at: current.span, help: "join with the other query instead")
        }
        let items = try commaSeparated { (p: inout Parser) throws(Diagnostic) in try p.expression() }
        let close = try expectClosing(open, list: "the IN list")
        return .inList(operand, items, negated: negated, span: operand.span.union(close.span))
    }

    /// `a || b || c`
    mutating func concatenation() throws(Diagnostic) -> Expr {
        var left = try additive()
        while accept(.concat) {
            try countExpressionLink()
            let right = try additive()
            left = .binary(.concat, left, right, span: left.span.union(right.span))
        }
        return left
    }

    /// `a + b - c`
    private mutating func additive() throws(Diagnostic) -> Expr {
        var left = try multiplicative()
        while at(.plus) || at(.minus) {
            try countExpressionLink()
            let op: BinaryOperator = advance().is(.plus) ? .add : .subtract
            let right = try multiplicative()
            left = .binary(op, left, right, span: left.span.union(right.span))
        }
        return left
    }

    /// `a * b / c % d`
    private mutating func multiplicative() throws(Diagnostic) -> Expr {
        var left = try unary()
        while at(.star) || at(.slash) || at(.percent) {
            try countExpressionLink()
            let token = advance()
            let op: BinaryOperator = token.is(.star) ? .multiply : (token.is(.slash) ? .divide : .modulo)
            let right = try unary()
            left = .binary(op, left, right, span: left.span.union(right.span))
        }
        return left
    }

    /// `-a`, `+a`, `- -a`: signs are collected first, as NOTs are.
    private mutating func unary() throws(Diagnostic) -> Expr {
        var signs: [Token] = []
        while at(.minus) || at(.plus) {
            try countExpressionLink()
            signs.append(advance())
        }
        var operand = try primary()
        for sign in signs.reversed() {
            operand = .unary(sign.is(.minus) ? .negate : .plus, operand, span: sign.span.union(operand.span))
        }
        return operand
    }
}
