/// A typed expression over the columns of one input row, produced by the analyzer and
/// compiled by the runtime into a kernel over column batches.
public indirect enum ScalarExpr: Hashable, Sendable {
    /// The input column at `index`.
    case column(index: Int, type: DataType)
    case literal(Value, type: DataType)
    case call(ScalarFunction, args: [ScalarExpr], type: DataType)
    case cast(ScalarExpr, to: DataType)
    /// `CASE WHEN c1 THEN v1 ... ELSE e END`; a missing ELSE is NULL.
    case caseWhen(branches: [CaseBranch], otherwise: ScalarExpr?, type: DataType)

    public var type: DataType {
        switch self {
        case .column(_, let t), .literal(_, let t), .call(_, _, let t), .cast(_, let t),
            .caseWhen(_, _, let t):
            return t
        }
    }

    /// The input columns this expression reads, in ascending order.
    public var columnsUsed: Set<Int> {
        var used = Set<Int>()
        visit { if case .column(let i, _) = $0 { used.insert(i) } }
        return used
    }

    /// Calls `body` on this node and every node below it.
    public func visit(_ body: (ScalarExpr) -> Void) {
        body(self)
        switch self {
        case .column, .literal: break
        case .call(_, let args, _): args.forEach { $0.visit(body) }
        case .cast(let e, _): e.visit(body)
        case .caseWhen(let branches, let otherwise, _):
            for b in branches {
                b.condition.visit(body)
                b.result.visit(body)
            }
            otherwise?.visit(body)
        }
    }

    /// Rebuilds the tree bottom-up, replacing each node by what `transform` returns.
    public func rewrite(_ transform: (ScalarExpr) -> ScalarExpr) -> ScalarExpr {
        let rebuilt: ScalarExpr
        switch self {
        case .column, .literal: rebuilt = self
        case .call(let f, let args, let t): rebuilt = .call(f, args: args.map { $0.rewrite(transform) }, type: t)
        case .cast(let e, let t): rebuilt = .cast(e.rewrite(transform), to: t)
        case .caseWhen(let branches, let otherwise, let t):
            rebuilt = .caseWhen(
                branches: branches.map {
                    CaseBranch(condition: $0.condition.rewrite(transform), result: $0.result.rewrite(transform))
                },
                otherwise: otherwise?.rewrite(transform), type: t)
        }
        return transform(rebuilt)
    }

    /// The same expression reading column `mapping[i]` wherever it read column `i`.
    public func remapColumns(_ mapping: (Int) -> Int) -> ScalarExpr {
        rewrite { e in
            if case .column(let i, let t) = e { return .column(index: mapping(i), type: t) }
            return e
        }
    }

    public static func literal(_ v: Value) -> ScalarExpr { .literal(v, type: v.type) }
    public static let trueLiteral = ScalarExpr.literal(.bool(true), type: .boolean)
    public static let falseLiteral = ScalarExpr.literal(.bool(false), type: .boolean)

    /// The conjuncts of a predicate: `a AND (b AND c)` is `[a, b, c]`.
    public var conjuncts: [ScalarExpr] {
        if case .call(.and, let args, _) = self { return args.flatMap(\.conjuncts) }
        return [self]
    }

    /// The conjunction of predicates; TRUE for none.
    public static func and(_ predicates: [ScalarExpr]) -> ScalarExpr {
        guard var result = predicates.first else { return .trueLiteral }
        for p in predicates.dropFirst() { result = .call(.and, args: [result, p], type: .boolean) }
        return result
    }
}

/// One `WHEN condition THEN result` of a CASE expression.
public struct CaseBranch: Hashable, Sendable, Codable {
    public var condition: ScalarExpr
    public var result: ScalarExpr

    public init(condition: ScalarExpr, result: ScalarExpr) {
        self.condition = condition
        self.result = result
    }
}
