import EddyCore

/// One rewrite of logical plans that keeps their meaning. Rules are small and separate
/// (one a file, each with its own tests), applied by the `Optimizer` until nothing changes.
public protocol OptimizerRule: Sendable {
    /// A short name shown by `EXPLAIN VERBOSE`: `PushDownFilter`.
    var name: String { get }
    /// The rewritten plan, or the same plan when the rule does not apply.
    func rewrite(_ plan: LogicalPlan) -> LogicalPlan
}

extension LogicalPlan {
    /// Applies `transform` to every node bottom-up.
    public func transformUp(_ transform: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        let rebuilt = withInputs(inputs.map { $0.transformUp(transform) })
        return transform(rebuilt)
    }
}
