import EddyCore

/// Applies optimizer rules to a plan until it stops changing (or a pass limit is hit),
/// remembering which rule changed what for `EXPLAIN VERBOSE`.
public struct Optimizer: Sendable {
    public struct Step: Sendable {
        public var rule: String
        public var before: LogicalPlan
        public var after: LogicalPlan
    }

    public var rules: [OptimizerRule]
    public var maxPasses = 16

    public init(rules: [OptimizerRule] = Optimizer.defaultRules) { self.rules = rules }

    /// The rules in the order they run within a pass.
    public static let defaultRules: [OptimizerRule] = [
        SimplifyExpressions(),
        MergeFilters(),
        PushDownFilter(),
        RemoveTrivialFilter(),
        RemoveEmptyUnionBranches(),
        MergeProjections(),
        PruneColumns(),
        RemoveIdentityProjection(),
        DropUnusedRank(),
    ]

    public func optimize(_ plan: LogicalPlan) -> LogicalPlan { optimizeWithTrace(plan).plan }

    public func optimizeWithTrace(_ plan: LogicalPlan) -> (plan: LogicalPlan, steps: [Step]) {
        var current = plan
        var steps: [Step] = []
        for _ in 0..<maxPasses {
            var changed = false
            for rule in rules {
                let next = rule.rewrite(current)
                if next != current {
                    steps.append(Step(rule: rule.name, before: current, after: next))
                    current = next
                    changed = true
                }
            }
            if !changed { break }
        }
        return (current, steps)
    }
}
