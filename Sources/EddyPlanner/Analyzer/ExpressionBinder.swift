import EddyCore
import EddySQL

/// Turns written expressions into typed `ScalarExpr`s over a scope: resolves names,
/// checks types, inserts the implicit casts (BIGINT to DOUBLE, string literals to
/// timestamps) and reports mistakes at their span.
struct ExpressionBinder {
    let scope: Scope
    /// Consulted first for every node: lets the aggregate binder replace grouped
    /// expressions and aggregate calls by columns of the aggregate's output.
    var intercept: ((Expr) throws -> ScalarExpr?)? = nil
    /// Where this expression stands, for messages about misplaced aggregates: `WHERE`.
    var clause: String = "this clause"

    init(scope: Scope, clause: String = "this clause", intercept: ((Expr) throws -> ScalarExpr?)? = nil) {
        self.scope = scope
        self.clause = clause
        self.intercept = intercept
    }

    func bind(_ e: Expr) throws -> ScalarExpr {
        if let intercept, let replaced = try intercept(e) { return replaced }
        switch e {
        case .identifier(let parts):
            let index = try scope.resolve(parts)
            return .column(index: index, type: scope.columns[index].type)
        case .literal(let value, let span):
            return try Self.literal(value, span: span)
        case .interval(let text, let unit, let span):
            return .literal(.interval(try Self.intervalMillis(text, unit: unit, span: span)), type: .interval)
        case .timestamp(let text, let span):
            guard let ms = Timestamps.parse(text.trimmingWhitespace()) else {
                throw Diagnostic.error(
                    "'\(text)' is not a timestamp", at: span, help: "write TIMESTAMP '2024-01-01 10:00:00'")
            }
            return .literal(.timestamp(ms), type: .timestamp)
        case .unary(let op, let operand, let span):
            return try bindUnary(op, operand, span)
        case .binary(let op, let l, let r, let span):
            return try bindBinary(op, l, r, span)
        case .isNull(let operand, let negated, _):
            return .call(negated ? .isNotNull : .isNull, args: [try bind(operand)], type: .boolean)
        case .between(let operand, let low, let high, let negated, let span):
            let x = try bind(operand)
            let lo = try compare(.greaterOrEqual, x, try bind(low), span)
            let hi = try compare(.lessOrEqual, x, try bind(high), span)
            let both = ScalarExpr.call(.and, args: [lo, hi], type: .boolean)
            return negated ? .call(.not, args: [both], type: .boolean) : both
        case .inList(let operand, let items, let negated, let span):
            let x = try bind(operand)
            var boundItems = try items.map { try bind($0) }
            guard let common = try boundItems.reduce(x.type, { t, item in try commonType(t, item, span, what: "IN") }) as DataType? else {
                throw Diagnostic.error("IN list types differ", at: span)
            }
            boundItems = boundItems.map { Self.coerce($0, to: common) }
            let call = ScalarExpr.call(.inList, args: [Self.coerce(x, to: common)] + boundItems, type: .boolean)
            return negated ? .call(.not, args: [call], type: .boolean) : call
        case .like(let operand, let pattern, let negated, _):
            let x = try requireType(try bind(operand), .varchar, operand.span, context: "LIKE")
            let p = try requireType(try bind(pattern), .varchar, pattern.span, context: "LIKE")
            let call = ScalarExpr.call(.like, args: [x, p], type: .boolean)
            return negated ? .call(.not, args: [call], type: .boolean) : call
        case .caseWhen(let operand, let branches, let otherwise, let span):
            return try bindCase(operand, branches, otherwise, span)
        case .cast(let inner, let typeName, let span):
            let target = try TypeResolver.resolve(typeName)
            let bound = try bind(inner)
            if case .literal(let v, _) = bound, case .string(let s) = v, target == .timestamp {
                guard let ms = Timestamps.parse(s.trimmingWhitespace()) else {
                    throw Diagnostic.error("'\(s)' is not a timestamp", at: inner.span)
                }
                return .literal(.timestamp(ms), type: .timestamp)
            }
            guard Self.castAllowed(from: bound.type, to: target) else {
                throw Diagnostic.error(
                    "cannot cast \(bound.type.sqlName) to \(target.sqlName)", at: span,
                    help: bound.type == .timestamp || target == .timestamp
                        ? "as in Flink, a TIMESTAMP converts to and from VARCHAR only (TO_TIMESTAMP, DATE_FORMAT)" : nil)
            }
            return bound.type == target ? bound : .cast(bound, to: target)
        case .function(let name, let args, let distinct, let star, let over, let span):
            if FunctionCatalog.isAggregate(name.name) {
                throw Diagnostic.error(
                    "aggregate function \(name.name.uppercased()) is not allowed in \(clause)", at: span,
                    help: clause == "WHERE" ? "filter on an aggregate with HAVING" : nil)
            }
            if over != nil {
                throw Diagnostic.error("window function \(name.name.uppercased()) is not supported here", at: span)
            }
            if distinct || star {
                throw Diagnostic.error("\(distinct ? "DISTINCT" : "*") is only allowed in aggregate functions", at: span)
            }
            return try FunctionCatalog.bindScalar(name, args.map { try bindArgument($0) }, span: span, argSpans: args.map(\.span))
        case .keyword(let word, let span):
            throw Diagnostic.error("unexpected keyword '\(word)'", at: span)
        }
    }

    private func bindArgument(_ e: Expr) throws -> ScalarExpr {
        if case .keyword(let word, _) = e { return .literal(.string(word.uppercased()), type: .varchar) }
        return try bind(e)
    }

    // MARK: - Operators

    private func bindUnary(_ op: UnaryOperator, _ operand: Expr, _ span: Span) throws -> ScalarExpr {
        // Fold a minus into a number literal so that -9223372036854775808 is a BIGINT.
        if op == .negate, case .literal(.number(let digits), _) = operand {
            return try Self.literal(.number("-" + digits), span: span)
        }
        let x = try bind(operand)
        switch op {
        case .not:
            return .call(.not, args: [try requireType(x, .boolean, operand.span, context: "NOT")], type: .boolean)
        case .plus:
            guard x.type.isNumeric || x.type == .interval else {
                throw Diagnostic.error("unary '+' needs a number, found \(x.type.sqlName)", at: span)
            }
            return x
        case .negate:
            guard x.type.isNumeric || x.type == .interval || x.type == .null else {
                throw Diagnostic.error("unary '-' needs a number, found \(x.type.sqlName)", at: span)
            }
            return .call(.negate, args: [x], type: x.type == .null ? .bigint : x.type)
        }
    }

    private func bindBinary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ span: Span) throws -> ScalarExpr {
        let a = try bind(l)
        let b = try bind(r)
        switch op {
        case .and, .or:
            let x = try requireType(a, .boolean, l.span, context: op.rawValue)
            let y = try requireType(b, .boolean, r.span, context: op.rawValue)
            return .call(op == .and ? .and : .or, args: [x, y], type: .boolean)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return try compare(Self.comparison(op), a, b, span)
        case .concat:
            let x = try requireType(a, .varchar, l.span, context: "'||'")
            let y = try requireType(b, .varchar, r.span, context: "'||'")
            return .call(.concat, args: [x, y], type: .varchar)
        case .add, .subtract, .multiply, .divide, .modulo:
            return try arithmetic(op, a, b, l.span, r.span, span)
        }
    }

    private static func comparison(_ op: BinaryOperator) -> ScalarFunction {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        default: return .greaterOrEqual
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ a: ScalarExpr, _ b: ScalarExpr, _ ls: Span, _ rs: Span, _ span: Span) throws -> ScalarExpr {
        let f: ScalarFunction
        switch op {
        case .add: f = .add
        case .subtract: f = .subtract
        case .multiply: f = .multiply
        case .divide: f = .divide
        default: f = .modulo
        }
        switch (a.type, b.type) {
        case (.timestamp, .interval) where f == .add || f == .subtract:
            return .call(f, args: [a, b], type: .timestamp)
        case (.interval, .timestamp) where f == .add:
            return .call(f, args: [b, a], type: .timestamp)
        case (.interval, .interval) where f == .add || f == .subtract:
            return .call(f, args: [a, b], type: .interval)
        case (.interval, .bigint) where f == .multiply || f == .divide:
            return .call(f, args: [a, b], type: .interval)
        case (.bigint, .interval) where f == .multiply:
            return .call(f, args: [b, a], type: .interval)
        case (.timestamp, .timestamp) where f == .subtract:
            throw Diagnostic.error(
                "cannot subtract two timestamps", at: span,
                help: "use TIMESTAMPDIFF(SECOND, a, b), or compare them directly")
        default:
            break
        }
        guard let common = DataType.common(a.type, b.type), common.isNumeric || common == .null else {
            let bad = a.type.isNumeric || a.type == .null ? (b, rs) : (a, ls)
            throw Diagnostic.error(
                "'\(op.rawValue)' needs numbers, found \(bad.0.type.sqlName)", at: bad.1,
                help: bad.0.type == .varchar ? "convert it with CAST(... AS BIGINT) or CAST(... AS DOUBLE)" : nil)
        }
        let t = common == .null ? DataType.bigint : common
        return .call(f, args: [Self.coerce(a, to: t), Self.coerce(b, to: t)], type: t)
    }

    /// A comparison with both sides given one type.
    func compare(_ f: ScalarFunction, _ a: ScalarExpr, _ b: ScalarExpr, _ span: Span) throws -> ScalarExpr {
        let (x, y) = try Self.unify(a, b, span, what: "compare")
        return .call(f, args: [x, y], type: .boolean)
    }

    private func commonType(_ t: DataType, _ item: ScalarExpr, _ span: Span, what: String) throws -> DataType {
        if let c = DataType.common(t, item.type) { return c }
        if t == .timestamp, case .literal(.string, _) = item { return .timestamp }
        throw Diagnostic.error("cannot \(what) \(t.sqlName) with \(item.type.sqlName)", at: span)
    }

    /// Gives two operands one type: numbers widen to DOUBLE, a string literal beside a
    /// timestamp is read as a timestamp.
    static func unify(_ a: ScalarExpr, _ b: ScalarExpr, _ span: Span, what: String) throws -> (ScalarExpr, ScalarExpr) {
        if let t = DataType.common(a.type, b.type) {
            let target = t == .null ? DataType.varchar : t
            return (coerce(a, to: target), coerce(b, to: target))
        }
        if a.type == .timestamp, let y = timestampLiteral(b) { return (a, y) }
        if b.type == .timestamp, let x = timestampLiteral(a) { return (x, b) }
        throw Diagnostic.error(
            "cannot \(what) \(a.type.sqlName) with \(b.type.sqlName)", at: span,
            help: a.type == .varchar || b.type == .varchar ? "convert one side with CAST" : nil)
    }

    private static func timestampLiteral(_ e: ScalarExpr) -> ScalarExpr? {
        guard case .literal(.string(let s), _) = e, let ms = Timestamps.parse(s.trimmingWhitespace()) else { return nil }
        return .literal(.timestamp(ms), type: .timestamp)
    }

    /// `e` converted to `type` if it is not already (NULL literals take the type directly).
    static func coerce(_ e: ScalarExpr, to type: DataType) -> ScalarExpr {
        if e.type == type { return e }
        if case .literal(.null, _) = e { return .literal(.null, type: type) }
        if case .literal(.int(let i), _) = e, type == .double { return .literal(.double(Double(i)), type: .double) }
        return .cast(e, to: type)
    }

    private func requireType(_ e: ScalarExpr, _ type: DataType, _ span: Span, context: String) throws -> ScalarExpr {
        if e.type == type { return e }
        if e.type == .null { return Self.coerce(e, to: type) }
        throw Diagnostic.error(
            "\(context) needs \(type == .boolean ? "a condition (BOOLEAN)" : type.sqlName), found \(e.type.sqlName)",
            at: span,
            help: type == .varchar ? "convert it with CAST(... AS VARCHAR)" : nil)
    }

    private func bindCase(
        _ operand: Expr?, _ branches: [(condition: Expr, result: Expr)], _ otherwise: Expr?, _ span: Span
    ) throws -> ScalarExpr {
        let subject = try operand.map { try bind($0) }
        var conditions: [ScalarExpr] = []
        var results: [ScalarExpr] = []
        for b in branches {
            let c = try bind(b.condition)
            if let subject {
                conditions.append(try compare(.equal, subject, c, b.condition.span))
            } else {
                conditions.append(try requireType(c, .boolean, b.condition.span, context: "WHEN"))
            }
            results.append(try bind(b.result))
        }
        let fallback = try otherwise.map { try bind($0) }
        var type = DataType.null
        for r in results + (fallback.map { [$0] } ?? []) {
            guard let t = DataType.common(type, r.type) else {
                throw Diagnostic.error("CASE branches have different types: \(type.sqlName) and \(r.type.sqlName)", at: span)
            }
            type = t
        }
        if type == .null { type = .varchar }
        return .caseWhen(
            branches: zip(conditions, results).map { CaseBranch(condition: $0, result: Self.coerce($1, to: type)) },
            otherwise: fallback.map { Self.coerce($0, to: type) }, type: type)
    }

    // MARK: - Literals

    static func literal(_ value: LiteralValue, span: Span) throws -> ScalarExpr {
        switch value {
        case .null: return .literal(.null, type: .null)
        case .boolean(let b): return .literal(.bool(b), type: .boolean)
        case .string(let s): return .literal(.string(s), type: .varchar)
        case .number(let text):
            if let i = Int64(text) { return .literal(.int(i), type: .bigint) }
            if let d = Double(text) { return .literal(.double(d), type: .double) }
            throw Diagnostic.error("'\(text)' is not a number Eddy can hold", at: span)
        }
    }

    /// The explicit casts Flink allows between Eddy's types: anything to and from
    /// VARCHAR, between the numbers and BOOLEAN; a TIMESTAMP or INTERVAL only to VARCHAR.
    static func castAllowed(from source: DataType, to target: DataType) -> Bool {
        if source == target || source == .null || source == .varchar || target == .varchar { return true }
        let numeric: Set<DataType> = [.bigint, .double, .boolean]
        return numeric.contains(source) && numeric.contains(target)
    }

    /// Milliseconds of `INTERVAL 'text' UNIT`.
    static func intervalMillis(_ text: String, unit: Identifier, span: Span) throws -> Int64 {
        guard let perUnit = Intervals.millis(ofUnit: unit.name) else {
            throw Diagnostic.error(
                "unknown interval unit '\(unit.name)'", at: unit.span,
                help: "units are MILLISECOND, SECOND, MINUTE, HOUR, DAY")
        }
        let t = text.trimmingWhitespace()
        // The longest interval that means anything: the whole TIMESTAMP range.
        let limit = Timestamps.maxMillis - Timestamps.minMillis
        let outOfRange = Diagnostic.error(
            "INTERVAL '\(text)' \(unit.name.uppercased()) is out of range", at: span,
            help: "an interval spans at most the TIMESTAMP range, \(limit / perUnit) \(unit.name.lowercased())s (years 0000 to 9999)")
        if let n = Int64(t) {
            let (millis, overflow) = n.multipliedReportingOverflow(by: perUnit)
            guard !overflow, millis.magnitude <= limit.magnitude else { throw outOfRange }
            return millis
        }
        if let d = Double(t), d.isFinite {
            let millis = (d * Double(perUnit)).rounded()
            guard millis.magnitude <= Double(limit) else { throw outOfRange }
            return Int64(millis)
        }
        if Double(t) != nil { throw outOfRange }
        throw Diagnostic.error(
            "'\(text)' is not a number of \(unit.name.lowercased())s", at: span, help: "write INTERVAL '10' SECOND")
    }
}
