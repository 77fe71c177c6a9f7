import EddyCore

/// Moves filters toward the sources so fewer rows reach later operators: below a
/// projection (rewriting column references into the projected expressions), and below a
/// window aggregation when the predicate reads only its grouping keys.
public struct PushDownFilter: OptimizerRule {
    public init() {}
    public var name: String { "PushDownFilter" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .filter(let predicate, let input) = node else { return node }
            switch input {
            case .project(let exprs, let names, let below):
                let pushed = predicate.rewrite { e in
                    if case .column(let i, _) = e { return exprs[i] }
                    return e
                }
                return .project(exprs, names: names, input: .filter(pushed, input: below))
            case .windowAggregate(let spec, let keyNames, let aggNames, let below):
                // Conjuncts over key columns only can run before the aggregation.
                let keyCount = spec.keyColumns.count
                var pushable: [ScalarExpr] = []
                var kept: [ScalarExpr] = []
                for c in predicate.conjuncts {
                    if c.columnsUsed.allSatisfy({ $0 < keyCount }) {
                        pushable.append(c.remapColumns { spec.keyColumns[$0] })
                    } else {
                        kept.append(c)
                    }
                }
                guard !pushable.isEmpty else { return node }
                let aggregated = LogicalPlan.windowAggregate(
                    spec, keyNames: keyNames, aggregateNames: aggNames, input: .filter(.and(pushable), input: below))
                return kept.isEmpty ? aggregated : .filter(.and(kept), input: aggregated)
            case .aggregate(let spec, let keyNames, let aggNames, let below):
                // Rows of one key all pass or all fail a predicate on the key, so the
                // changelog of the surviving keys is unchanged.
                let keyCount = spec.keyColumns.count
                let pushable = predicate.conjuncts.filter { $0.columnsUsed.allSatisfy { $0 < keyCount } }
                let kept = predicate.conjuncts.filter { !$0.columnsUsed.allSatisfy { $0 < keyCount } }
                guard !pushable.isEmpty else { return node }
                let aggregated = LogicalPlan.aggregate(
                    spec, keyNames: keyNames, aggregateNames: aggNames,
                    input: .filter(.and(pushable.map { $0.remapColumns { spec.keyColumns[$0] } }), input: below))
                return kept.isEmpty ? aggregated : .filter(.and(kept), input: aggregated)
            default:
                return node
            }
        }
    }
}
