import EddyCore

/// Removes `WHERE TRUE`. (An always-false filter stays: the query still runs, it just
/// emits nothing; in a union, `RemoveEmptyUnionBranches` drops its branch.)
public struct RemoveTrivialFilter: OptimizerRule {
    public init() {}
    public var name: String { "RemoveTrivialFilter" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            if case .filter(.literal(.bool(true), _), let input) = node { return input }
            return node
        }
    }
}
