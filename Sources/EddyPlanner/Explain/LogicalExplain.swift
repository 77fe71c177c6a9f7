import EddyCore

/// Draws a logical plan as a tree, naming columns and showing what each node emits.
public enum LogicalExplain {
    public static func render(_ plan: LogicalPlan) -> String { tree(plan).render() }

    public static func tree(_ plan: LogicalPlan) -> PlanTree {
        let inputNames = plan.inputs.first?.schema.names ?? []
        let renderer = ExprRenderer(columnNames: inputNames)
        switch plan {
        case .scan(let source, let columns):
            return PlanTree(
                label: "Scan \(source.name)",
                details: ["columns [" + columns.map { source.schema.fields[$0].name }.joined(separator: ", ") + "]"])
        case .filter(let p, let input):
            return PlanTree(label: "Filter", details: [renderer.render(p)], children: [tree(input)])
        case .project(let exprs, let names, let input):
            let items = zip(exprs, names).map { e, n in
                let t = renderer.render(e)
                return t == n ? t : "\(t) AS \(n)"
            }
            return PlanTree(label: "Project", details: [items.joined(separator: ", ")], children: [tree(input)])
        case .windowAggregate(let spec, _, let aggNames, let input):
            let keys = spec.keyColumns.map { inputNames[$0] }
            let aggs = zip(spec.aggregates, aggNames).map { call, n in
                let t = call.describe(inputNames: inputNames)
                return t == n ? t : "\(t) AS \(n)"
            }
            var d = spec.window.describe(timeColumn: inputNames[spec.timeColumn])
            if !keys.isEmpty { d += " · group [" + keys.joined(separator: ", ") + "]" }
            if !aggs.isEmpty { d += " · " + aggs.joined(separator: ", ") }
            return PlanTree(label: "WindowAggregate", details: [d], children: [tree(input)])
        case .aggregate(let spec, _, let aggNames, let input):
            return PlanTree(label: "Aggregate", details: [GroupAggregateText.summary(spec, inputNames: inputNames, aggregateNames: aggNames)], children: [tree(input)])
        case .windowAssign(let window, let t, let input):
            return PlanTree(label: "WindowAssign", details: [window.describe(timeColumn: inputNames[t])], children: [tree(input)])
        case .union(let inputs):
            return PlanTree(label: "Union", details: ["\(inputs.count) inputs"], children: inputs.map(tree))
        case .join(let spec, let left, let right):
            return PlanTree(
                label: "Join",
                details: JoinText.describe(spec, leftNames: left.schema.names, rightNames: right.schema.names, output: plan.schema.names),
                children: [tree(left), tree(right)])
        case .topN(let spec, _, let input):
            return PlanTree(label: "TopN", details: TopNText.describe(spec, inputNames: inputNames), children: [tree(input)])
        case .sink(let spec, let description, let input):
            return PlanTree(label: "Sink \(spec.name)", details: [description + " · " + input.changelog.rawValue], children: [tree(input)])
        }
    }
}
