import EddyCore

/// Moves filters toward the sources so fewer rows reach later operators: below a
/// projection (rewriting column references into the projected expressions), into every
/// input of a union, into the side of a join whose columns a conjunct reads (when that
/// side's rows are not padded with NULLs), and below an aggregation when a conjunct reads
/// only its grouping keys. A conjunct that reads CURRENT_WATERMARK moves only below a
/// projection: below anything else the watermark it meets would change.
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
            case .union(let inputs):
                let (pushable, kept) = Self.split(predicate) { _ in true }
                guard !pushable.isEmpty else { return node }
                let union = LogicalPlan.union(inputs.map { .filter(.and(pushable), input: $0) })
                return Self.filter(kept, over: union)
            case .join(let spec, let left, let right):
                return Self.pushIntoJoin(predicate, spec, left, right) ?? node
            case .windowAggregate(let spec, let keyNames, let aggNames, let below):
                return Self.pushBelowAggregate(predicate, keyColumns: spec.keyColumns, input: below) {
                    .windowAggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: $0)
                } ?? node
            case .aggregate(let spec, let keyNames, let aggNames, let below):
                return Self.pushBelowAggregate(predicate, keyColumns: spec.keyColumns, input: below) {
                    .aggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: $0)
                } ?? node
            default:
                return node
            }
        }
    }

    /// Conjuncts over an aggregation's keys (its first output columns) run before it: the
    /// rows of one key all pass or all fail them, so the surviving keys' results, and
    /// changelog, are unchanged.
    private static func pushBelowAggregate(
        _ predicate: ScalarExpr, keyColumns: [Int], input: LogicalPlan, rebuild: (LogicalPlan) -> LogicalPlan
    ) -> LogicalPlan? {
        let (pushable, kept) = split(predicate) { $0.columnsUsed.allSatisfy { $0 < keyColumns.count } }
        guard !pushable.isEmpty else { return nil }
        let filtered = LogicalPlan.filter(.and(pushable.map { $0.remapColumns { keyColumns[$0] } }), input: input)
        return filter(kept, over: rebuild(filtered))
    }

    /// A WHERE over a join: a conjunct over one side's columns filters that side first,
    /// unless an outer join pads that side with NULLs (then it must see the padded rows).
    private static func pushIntoJoin(_ predicate: ScalarExpr, _ spec: JoinSpec, _ left: LogicalPlan, _ right: LogicalPlan) -> LogicalPlan? {
        let leftWidth = left.schema.count
        var toLeft: [ScalarExpr] = [], toRight: [ScalarExpr] = [], kept: [ScalarExpr] = []
        for c in predicate.conjuncts {
            let used = c.columnsUsed
            if c.readsWatermark || used.isEmpty {
                kept.append(c)
            } else if !spec.kind.keepsUnmatchedRight && used.allSatisfy({ $0 < leftWidth }) {
                toLeft.append(c)
            } else if !spec.kind.keepsUnmatchedLeft && used.allSatisfy({ $0 >= leftWidth }) {
                toRight.append(c.remapColumns { $0 - leftWidth })
            } else {
                kept.append(c)
            }
        }
        guard !toLeft.isEmpty || !toRight.isEmpty else { return nil }
        let join = LogicalPlan.join(spec, left: filter(toLeft, over: left), right: filter(toRight, over: right))
        return filter(kept, over: join)
    }

    /// The conjuncts that may move (never one reading the watermark), and the rest.
    private static func split(_ predicate: ScalarExpr, _ movable: (ScalarExpr) -> Bool) -> (pushable: [ScalarExpr], kept: [ScalarExpr]) {
        var pushable: [ScalarExpr] = [], kept: [ScalarExpr] = []
        for c in predicate.conjuncts {
            if !c.readsWatermark && movable(c) { pushable.append(c) } else { kept.append(c) }
        }
        return (pushable, kept)
    }

    private static func filter(_ conjuncts: [ScalarExpr], over plan: LogicalPlan) -> LogicalPlan {
        conjuncts.isEmpty ? plan : .filter(.and(conjuncts), input: plan)
    }
}

extension ScalarExpr {
    /// Whether the expression calls CURRENT_WATERMARK, whose value depends on where it runs.
    var readsWatermark: Bool {
        var found = false
        visit { if case .call(.currentWatermark, _, _) = $0 { found = true } }
        return found
    }
}
