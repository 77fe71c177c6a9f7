import EddyCore

/// `Project(outer) ∘ Project(inner)` becomes one projection whose expressions read the
/// inner projection's input directly.
public struct MergeProjections: OptimizerRule {
    public init() {}
    public var name: String { "MergeProjections" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .project(let outer, let names, let input) = node,
                case .project(let inner, _, let below) = input
            else { return node }
            let merged = outer.map { e in
                e.rewrite { x in
                    if case .column(let i, _) = x { return inner[i] }
                    return x
                }
            }
            return .project(merged, names: names, input: below)
        }
    }
}
