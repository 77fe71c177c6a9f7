import EddyCore

/// Drops the inputs of a union that can never emit a row (a filter that is always FALSE or
/// NULL, and what is computed only from such a filter), so their sources are not even
/// read; a union left with one input becomes that input. The union keeps its column
/// names, which come from its first input.
public struct RemoveEmptyUnionBranches: OptimizerRule {
    public init() {}
    public var name: String { "RemoveEmptyUnionBranches" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .union(let inputs) = node else { return node }
            let live = inputs.filter { !$0.isProvablyEmpty }
            // With every branch empty the query still runs, over its first branch.
            guard live.count < inputs.count, let first = live.first ?? inputs.first else { return node }
            let kept = live.isEmpty ? [first] : live
            let result = kept.count == 1 ? kept[0] : LogicalPlan.union(kept)
            let names = node.schema.names
            guard result.schema.names != names else { return result }
            let exprs = result.schema.fields.enumerated().map { ScalarExpr.column(index: $0.offset, type: $0.element.type) }
            return .project(exprs, names: names, input: result)
        }
    }
}

extension LogicalPlan {
    /// Whether no row can ever come out of this plan: an always-false filter, or only
    /// row-by-row operators over one, or a union or inner join of such.
    public var isProvablyEmpty: Bool {
        switch self {
        case .filter(let predicate, let input):
            if case .literal(let v, _) = predicate, v == .bool(false) || v.isNull { return true }
            return input.isProvablyEmpty
        case .project(_, _, let input), .windowAssign(_, _, let input):
            return input.isProvablyEmpty
        case .union(let inputs):
            return inputs.allSatisfy(\.isProvablyEmpty)
        case .join(let spec, let left, let right):
            return spec.kind == .inner && (left.isProvablyEmpty || right.isProvablyEmpty)
        case .scan, .windowAggregate, .aggregate, .topN, .sink:
            return false
        }
    }
}
