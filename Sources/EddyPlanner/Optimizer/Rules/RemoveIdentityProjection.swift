import EddyCore

/// Drops a projection that passes every input column through unchanged, in order, under
/// the same names.
public struct RemoveIdentityProjection: OptimizerRule {
    public init() {}
    public var name: String { "RemoveIdentityProjection" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .project(let exprs, let names, let input) = node else { return node }
            let inputSchema = input.schema
            guard exprs.count == inputSchema.count, names == inputSchema.names else { return node }
            for (i, e) in exprs.enumerated() {
                guard case .column(i, _) = e else { return node }
            }
            return input
        }
    }
}
