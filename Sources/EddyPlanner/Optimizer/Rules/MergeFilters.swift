import EddyCore

/// `Filter(a) ∘ Filter(b)` becomes one `Filter(b AND a)`: one pass over the rows.
public struct MergeFilters: OptimizerRule {
    public init() {}
    public var name: String { "MergeFilters" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .filter(let outer, let input) = node, case .filter(let inner, let below) = input else { return node }
            return .filter(.and(inner.conjuncts + outer.conjuncts), input: below)
        }
    }
}
