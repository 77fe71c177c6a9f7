public enum UnaryOperator: String, Sendable { case negate = "-", plus = "+", not = "NOT" }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "AND", or = "OR"
    case concat = "||"
}

public enum LiteralValue: Hashable, Sendable {
    /// The digits as written (`42`, `2.5`, `1e3`): the analyzer picks the type.
    case number(String)
    case string(String)
    case boolean(Bool)
    case null
}

/// `OVER (PARTITION BY ... ORDER BY ...)` of a window function call such as ROW_NUMBER().
public struct OverClause: Sendable {
    public var partitionBy: [Expr]
    public var orderBy: [OrderItem]
    public var span: Span
    public init(partitionBy: [Expr], orderBy: [OrderItem], span: Span) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.span = span
    }
}

/// An expression as written. Every case carries the span of its whole text.
public indirect enum Expr: Sendable {
    /// `col` or `t.col`: one or more dotted parts.
    case identifier([Identifier])
    case literal(LiteralValue, span: Span)
    /// `INTERVAL '10' SECOND`: the quoted text and the unit as written.
    case interval(value: String, unit: Identifier, span: Span)
    /// `TIMESTAMP '2024-01-01 00:00:00'`
    case timestamp(String, span: Span)
    case unary(UnaryOperator, Expr, span: Span)
    case binary(BinaryOperator, Expr, Expr, span: Span)
    /// `e IS [NOT] NULL`
    case isNull(Expr, negated: Bool, span: Span)
    /// `e [NOT] BETWEEN low AND high`
    case between(Expr, low: Expr, high: Expr, negated: Bool, span: Span)
    /// `e [NOT] IN (a, b, ...)`
    case inList(Expr, [Expr], negated: Bool, span: Span)
    /// `e [NOT] LIKE pattern`
    case like(Expr, pattern: Expr, negated: Bool, span: Span)
    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`
    case caseWhen(operand: Expr?, branches: [(condition: Expr, result: Expr)], otherwise: Expr?, span: Span)
    /// `CAST(e AS type)`
    case cast(Expr, TypeName, span: Span)
    /// A function call. `COUNT(*)` has `star`; `COUNT(DISTINCT x)` has `distinct`; window
    /// functions have `over`. Special forms become ordinary arguments: `SUBSTRING(s FROM a
    /// FOR b)` is `SUBSTRING(s, a, b)`, `POSITION(a IN b)` is `POSITION(a, b)`, and keywords
    /// in argument position (`FLOOR(ts TO MINUTE)`, `EXTRACT(YEAR FROM ts)`, `TRIM(BOTH 'x'
    /// FROM s)`, `TIMESTAMPDIFF(SECOND, a, b)`) are `.keyword` arguments: `FLOOR(ts, MINUTE)`,
    /// `EXTRACT(YEAR, ts)`, `TRIM(BOTH, 'x', s)`, `TIMESTAMPDIFF(SECOND, a, b)`.
    case function(name: Identifier, arguments: [Expr], distinct: Bool, star: Bool, over: OverClause?, span: Span)
    /// A bare keyword used as a function argument (`MINUTE`, `YEAR`, `BOTH`).
    case keyword(String, span: Span)

    public var span: Span {
        switch self {
        case .identifier(let parts):
            guard let first = parts.first, let last = parts.last else { return .empty }
            return first.span.union(last.span)
        case .literal(_, let s), .interval(_, _, let s), .timestamp(_, let s), .unary(_, _, let s),
            .binary(_, _, _, let s), .isNull(_, _, let s), .between(_, _, _, _, let s), .inList(_, _, _, let s),
            .like(_, _, _, let s), .caseWhen(_, _, _, let s), .cast(_, _, let s), .function(_, _, _, _, _, let s),
            .keyword(_, let s):
            return s
        }
    }
}
