import EddyCore

/// A Top-N whose rank column nothing reads stops emitting it. Then a row that only moves
/// within the top emits nothing; only rows entering (`+I`) or leaving (`-D`) it do.
public struct DropUnusedRank: OptimizerRule {
    public init() {}
    public var name: String { "DropUnusedRank" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .project(let exprs, let names, .topN(var spec, let rankName, let input)) = node,
                spec.emitsRowNumber
            else { return node }
            let rank = input.schema.count
            guard !exprs.contains(where: { $0.columnsUsed.contains(rank) }) else { return node }
            spec.emitsRowNumber = false
            return .project(exprs, names: names, input: .topN(spec, rowNumberName: rankName, input: input))
        }
    }
}
