import EddyCore

/// Keeps only the columns something above needs, all the way down to the scan, so the
/// JSON decoder reads just those fields. The scan keeps its event-time column, which the
/// watermark needs.
public struct PruneColumns: OptimizerRule {
    public init() {}
    public var name: String { "PruneColumns" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        prune(plan, required: Array(0..<plan.schema.count)).plan
    }

    /// A pruned input put back in its original column order (a projection if needed).
    private func keepingShape(_ pruned: (plan: LogicalPlan, mapping: [Int: Int]), of original: LogicalPlan) -> LogicalPlan {
        let all = Array(0..<original.schema.count)
        if pruned.plan.schema.count == all.count && all.allSatisfy({ pruned.mapping[$0] == $0 }) { return pruned.plan }
        return .project(
            all.map { ScalarExpr.column(index: pruned.mapping[$0] ?? $0, type: original.schema.fields[$0].type) },
            names: original.schema.names, input: pruned.plan)
    }

    /// The pruned plan and where each required column of the old output now is.
    private func prune(_ plan: LogicalPlan, required: [Int]) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        switch plan {
        case .scan(let source, let columns):
            var keep = Set(required.map { columns[$0] })
            if let wm = source.watermark, columns.contains(wm.column) { keep.insert(wm.column) }
            let newColumns = columns.filter { keep.contains($0) }
            var mapping: [Int: Int] = [:]
            for r in required {
                if let i = newColumns.firstIndex(of: columns[r]) { mapping[r] = i }
            }
            return (.scan(source, columns: newColumns), mapping)
        case .filter(let predicate, let input):
            let need = Set(required).union(predicate.columnsUsed).sorted()
            let (newInput, inner) = prune(input, required: need)
            let mapped = predicate.remapColumns { inner[$0] ?? $0 }
            return (.filter(mapped, input: newInput), inner.filter { required.contains($0.key) })
        case .project(let exprs, let names, let input):
            let kept = required.map { exprs[$0] }
            let keptNames = required.map { names[$0] }
            let need = kept.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }.sorted()
            let (newInput, inner) = prune(input, required: need)
            let remapped = kept.map { $0.remapColumns { inner[$0] ?? $0 } }
            var mapping: [Int: Int] = [:]
            for (i, r) in required.enumerated() { mapping[r] = i }
            return (.project(remapped, names: keptNames, input: newInput), mapping)
        case .windowAggregate(var spec, let keyNames, let aggNames, let input):
            var need = Set(spec.keyColumns)
            need.insert(spec.timeColumn)
            for a in spec.aggregates { if let arg = a.argument { need.insert(arg) } }
            let (newInput, inner) = prune(input, required: need.sorted())
            spec.keyColumns = spec.keyColumns.map { inner[$0] ?? $0 }
            spec.timeColumn = inner[spec.timeColumn] ?? spec.timeColumn
            spec.aggregates = spec.aggregates.map { a in
                var a = a
                a.argument = a.argument.map { inner[$0] ?? $0 }
                return a
            }
            let all = Array(0..<plan.schema.count)
            return (.windowAggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: newInput), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        case .aggregate(var spec, let keyNames, let aggNames, let input):
            var need = Set(spec.keyColumns)
            for a in spec.aggregates { if let arg = a.argument { need.insert(arg) } }
            let (newInput, inner) = prune(input, required: need.sorted())
            spec.keyColumns = spec.keyColumns.map { inner[$0] ?? $0 }
            spec.aggregates = spec.aggregates.map { a in
                var a = a
                a.argument = a.argument.map { inner[$0] ?? $0 }
                return a
            }
            let all = Array(0..<plan.schema.count)
            return (.aggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: newInput), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        case .union(let inputs):
            // Each input keeps just the required columns, in the same order.
            let pruned = inputs.map { input -> LogicalPlan in
                let (p, inner) = prune(input, required: required)
                let schema = p.schema
                let exprs = required.map { r -> ScalarExpr in
                    let i = inner[r] ?? r
                    return .column(index: i, type: schema.fields[i].type)
                }
                return .project(exprs, names: required.map { input.schema.fields[$0].name }, input: p)
            }
            var mapping: [Int: Int] = [:]
            for (i, r) in required.enumerated() { mapping[r] = i }
            return (.union(pruned), mapping)
        case .join, .topN, .windowAssign:
            // Their inputs keep every column (their specs index them); below, pruning goes on.
            let newInputs = plan.inputs.map { input in
                keepingShape(prune(input, required: Array(0..<input.schema.count)), of: input)
            }
            let all = Array(0..<plan.schema.count)
            return (plan.withInputs(newInputs), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        case .sink(let spec, let description, let input):
            let all = Array(0..<input.schema.count)
            let (newInput, inner) = prune(input, required: all)
            // Keep the sink's columns in order even if pruning renumbered them.
            let identity = all.allSatisfy { inner[$0] == $0 } && newInput.schema.count == all.count
            let fixed = identity ? newInput : LogicalPlan.project(
                all.map { ScalarExpr.column(index: inner[$0] ?? $0, type: input.schema.fields[$0].type) },
                names: input.schema.names, input: newInput)
            return (.sink(spec, description: description, input: fixed), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        }
    }
}
