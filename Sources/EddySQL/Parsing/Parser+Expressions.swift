extension Parser {
    /// An expression, lowest precedence first: OR, AND, NOT, comparisons and predicates,
    /// `||`, `+ -`, `* / %`, unary minus, primaries.
    mutating func expression() throws -> Expr { try orExpression() }

    private mutating func orExpression() throws -> Expr {
        var left = try andExpression()
        while current.isKeyword("OR") {
            advance()
            let right = try andExpression()
            left = .binary(.or, left, right, span: left.span.union(right.span))
        }
        return left
    }

    private mutating func andExpression() throws -> Expr {
        var left = try notExpression()
        while current.isKeyword("AND") {
            advance()
            let right = try notExpression()
            left = .binary(.and, left, right, span: left.span.union(right.span))
        }
        return left
    }

    private mutating func notExpression() throws -> Expr {
        if current.isKeyword("NOT") {
            let start = advance().span
            let operand = try notExpression()
            return .unary(.not, operand, span: start.union(operand.span))
        }
        return try predicate()
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func predicate() throws -> Expr {
        let left = try concatExpression()
        if current.isSymbol("==") {
            throw Diagnostic.error("unexpected '=='", at: current.span, help: "SQL compares with '='")
        }
        if current.kind == .symbol, let op = Self.comparisons[current.text] {
            advance()
            let right = try concatExpression()
            return .binary(op, left, right, span: left.span.union(right.span))
        }
        if current.isKeyword("IS") {
            advance()
            let negated = acceptKeyword("NOT")
            let null = try expectKeyword("NULL", negated ? "after IS NOT" : "after IS")
            return .isNull(left, negated: negated, span: left.span.union(null.span))
        }
        var negated = false
        if current.isKeyword("NOT") && (peek().isKeyword("BETWEEN") || peek().isKeyword("IN") || peek().isKeyword("LIKE")) {
            advance()
            negated = true
        }
        if acceptKeyword("BETWEEN") {
            let low = try concatExpression()
            try expectKeyword("AND", "in BETWEEN ... AND ...")
            let high = try concatExpression()
            return .between(left, low: low, high: high, negated: negated, span: left.span.union(high.span))
        }
        if acceptKeyword("IN") {
            let open = try expectSymbol("(", "after IN")
            if current.isKeyword("SELECT") {
                throw Diagnostic.error("IN (SELECT ...) is not supported", at: current.span, help: "use a JOIN")
            }
            let items = try commaList { try $0.expression() }
            try expectClose(open)
            return .inList(left, items, negated: negated, span: left.span.union(previous.span))
        }
        if acceptKeyword("LIKE") {
            let pattern = try concatExpression()
            return .like(left, pattern: pattern, negated: negated, span: left.span.union(pattern.span))
        }
        return left
    }

    private mutating func concatExpression() throws -> Expr {
        var left = try additive()
        while current.isSymbol("||") {
            advance()
            let right = try additive()
            left = .binary(.concat, left, right, span: left.span.union(right.span))
        }
        return left
    }

    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op: BinaryOperator = advance().text == "+" ? .add : .subtract
            let right = try multiplicative()
            left = .binary(op, left, right, span: left.span.union(right.span))
        }
        return left
    }

    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            let text = advance().text
            let op: BinaryOperator = text == "*" ? .multiply : (text == "/" ? .divide : .modulo)
            let right = try unary()
            left = .binary(op, left, right, span: left.span.union(right.span))
        }
        return left
    }

    private mutating func unary() throws -> Expr {
        if current.isSymbol("-") || current.isSymbol("+") {
            let t = advance()
            let operand = try unary()
            return .unary(t.text == "-" ? .negate : .plus, operand, span: t.span.union(operand.span))
        }
        return try primary()
    }

    // MARK: - Primaries

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return .literal(.number(t.text), span: t.span)
        case .string:
            advance()
            return .literal(.string(t.text), span: t.span)
        case .quotedIdentifier:
            return try identifierOrCall()
        case .endOfInput:
            throw Diagnostic.error("expected an expression, found end of input", at: t.span)
        case .symbol:
            if t.isSymbol("(") {
                let open = advance()
                if current.isKeyword("SELECT") {
                    throw Diagnostic.error("subqueries in expressions are not supported", at: current.span)
                }
                let e = try expression()
                try expectClose(open)
                return e
            }
            throw Diagnostic.error("expected an expression, found \(t.described)", at: t.span)
        case .word:
            break
        }
        switch t.keyword {
        case "NULL":
            advance()
            return .literal(.null, span: t.span)
        case "TRUE", "FALSE":
            advance()
            return .literal(.boolean(t.keyword == "TRUE"), span: t.span)
        case "INTERVAL":
            advance()
            guard current.kind == .string || current.kind == .number else {
                throw Diagnostic.error(
                    "expected a quoted number after INTERVAL, found \(current.described)", at: current.span,
                    help: "write INTERVAL '10' SECOND")
            }
            let value = advance()
            guard current.kind == .word else {
                throw Diagnostic.error(
                    "expected a unit (SECOND, MINUTE, HOUR, DAY) after INTERVAL '\(value.text)', found \(current.described)",
                    at: current.span)
            }
            let unit = advance()
            return .interval(value: value.text, unit: Identifier(unit.text, span: unit.span), span: t.span.union(unit.span))
        case "TIMESTAMP" where peek().kind == .string:
            advance()
            let value = advance()
            return .timestamp(value.text, span: t.span.union(value.span))
        case "CASE":
            return try caseExpression()
        case "CAST", "TRY_CAST":
            advance()
            let open = try expectSymbol("(", "after CAST")
            let e = try expression()
            try expectKeyword("AS", "in CAST(... AS type)")
            let type = try typeName()
            try expectClose(open)
            return .cast(e, type, span: t.span.union(previous.span))
        default:
            if Self.reserved.contains(t.keyword) {
                throw Diagnostic.error("expected an expression, found the keyword \(t.keyword)", at: t.span)
            }
            return try identifierOrCall()
        }
    }

    private mutating func caseExpression() throws -> Expr {
        let start = try expectKeyword("CASE").span
        var operand: Expr?
        if !current.isKeyword("WHEN") { operand = try expression() }
        var branches: [(condition: Expr, result: Expr)] = []
        while acceptKeyword("WHEN") {
            let c = try expression()
            try expectKeyword("THEN", "after the WHEN condition")
            branches.append((c, try expression()))
        }
        guard !branches.isEmpty else {
            throw Diagnostic.error("expected WHEN in CASE, found \(current.described)", at: current.span)
        }
        var otherwise: Expr?
        if acceptKeyword("ELSE") { otherwise = try expression() }
        let end = try expectKeyword("END", "to close CASE")
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise, span: start.union(end.span))
    }

    /// A column (`a`, `t.a`) or a function call.
    private mutating func identifierOrCall() throws -> Expr {
        let first = try identifier("an expression")
        if current.isSymbol("(") && !first.quoted { return try functionCall(first) }
        var parts = [first]
        while current.isSymbol(".") {
            advance()
            parts.append(try identifier("a column name after '.'"))
        }
        return .identifier(parts)
    }

    private mutating func functionCall(_ name: Identifier) throws -> Expr {
        let open = try expectSymbol("(")
        let upper = name.name.uppercased()
        var args: [Expr] = []
        var distinct = false
        var star = false
        if current.isSymbol("*") {
            advance()
            star = true
        } else if !current.isSymbol(")") {
            if acceptKeyword("DISTINCT") { distinct = true } else { _ = acceptKeyword("ALL") }
            args = try specialArguments(upper) ?? commaList { try $0.expression() }
        }
        try expectClose(open)
        var over: OverClause?
        if current.isKeyword("OVER") {
            let start = advance().span
            let o = try expectSymbol("(", "after OVER")
            var partitionBy: [Expr] = []
            var orderBy: [OrderItem] = []
            if acceptKeyword("PARTITION") {
                try expectKeyword("BY", "after PARTITION")
                partitionBy = try commaList { try $0.expression() }
            }
            if acceptKeyword("ORDER") {
                try expectKeyword("BY", "after ORDER")
                orderBy = try commaList { try $0.orderItem() }
            }
            try expectClose(o)
            over = OverClause(partitionBy: partitionBy, orderBy: orderBy, span: start.union(previous.span))
        }
        return .function(name: name, arguments: args, distinct: distinct, star: star, over: over, span: name.span.union(previous.span))
    }

    /// The argument forms with keywords: SUBSTRING(s FROM a FOR b), POSITION(a IN b),
    /// FLOOR(ts TO MINUTE), EXTRACT(YEAR FROM ts), TRIM(BOTH 'x' FROM s),
    /// TIMESTAMPDIFF(SECOND, a, b).
    private mutating func specialArguments(_ name: String) throws -> [Expr]? {
        switch name {
        case "SUBSTRING", "SUBSTR":
            let s = try expression()
            if acceptKeyword("FROM") {
                var args = [s, try expression()]
                if acceptKeyword("FOR") { args.append(try expression()) }
                return args
            }
            var args = [s]
            while acceptSymbol(",") { args.append(try expression()) }
            return args
        case "POSITION":
            let needle = try concatExpression()
            if acceptKeyword("IN") { return [needle, try expression()] }
            var args = [needle]
            while acceptSymbol(",") { args.append(try expression()) }
            return args
        case "FLOOR", "CEIL", "CEILING":
            let e = try expression()
            if acceptKeyword("TO") {
                let unit = current
                guard unit.kind == .word else { throw Diagnostic.error("expected a time unit after TO, found \(unit.described)", at: unit.span) }
                advance()
                return [e, .keyword(unit.keyword, span: unit.span)]
            }
            var args = [e]
            while acceptSymbol(",") { args.append(try expression()) }
            return args
        case "EXTRACT":
            let unit = current
            guard unit.kind == .word else { throw Diagnostic.error("expected a time unit in EXTRACT, found \(unit.described)", at: unit.span) }
            advance()
            try expectKeyword("FROM", "in EXTRACT(unit FROM value)")
            return [.keyword(unit.keyword, span: unit.span), try expression()]
        case "TIMESTAMPDIFF", "TIMESTAMPADD":
            // The unit is a bare word: TIMESTAMPDIFF(SECOND, a, b).
            guard current.kind == .word, peek().isSymbol(",") else { return nil }
            let unit = advance()
            var args: [Expr] = [.keyword(unit.keyword, span: unit.span)]
            while acceptSymbol(",") { args.append(try expression()) }
            return args
        case "TRIM":
            var mode = "BOTH"
            let modeSpan = current.span
            let hasMode = ["BOTH", "LEADING", "TRAILING"].contains(current.keyword)
            if hasMode { mode = advance().keyword }
            if acceptKeyword("FROM") {
                return [.keyword(mode, span: modeSpan), .literal(.string(" "), span: modeSpan), try expression()]
            }
            let first = try expression()
            if acceptKeyword("FROM") { return [.keyword(mode, span: modeSpan), first, try expression()] }
            if hasMode { throw Diagnostic.error("expected FROM in TRIM(\(mode) ... FROM text), found \(current.described)", at: current.span) }
            return [first]
        default:
            return nil
        }
    }
}
