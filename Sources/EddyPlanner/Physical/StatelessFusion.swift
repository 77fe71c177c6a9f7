import EddyCore

/// Fuses chains of stateless operators (filters and projections) into one `Calc`, so a
/// row passes one operator instead of several. A node read by several consumers (shared
/// by queries) is not fused into them: its work would be repeated.
public enum StatelessFusion {
    public static func fuse(_ graph: JobGraph) -> JobGraph {
        var nodes = graph.nodes
        var changed = true
        while changed {
            changed = false
            for (i, node) in nodes.enumerated() {
                guard let (predicate, exprs) = parts(node), node.inputs.count == 1,
                    let j = nodes.firstIndex(where: { $0.id == node.inputs[0] }),
                    let (innerPredicate, innerExprs) = parts(nodes[j]),
                    nodes.filter({ $0.inputs.contains(nodes[j].id) }).count == 1
                else { continue }
                // Outer reads inner's outputs: rewrite outer in terms of inner's input.
                let substitute: (ScalarExpr) -> ScalarExpr = { e in
                    e.rewrite { x in
                        if case .column(let c, _) = x { return innerExprs[c] }
                        return x
                    }
                }
                let mergedPredicate: ScalarExpr?
                switch (innerPredicate, predicate.map(substitute)) {
                case (nil, nil): mergedPredicate = nil
                case (let a?, nil): mergedPredicate = a
                case (nil, let b?): mergedPredicate = b
                case (let a?, let b?): mergedPredicate = .and([a, b])
                }
                var fused = node
                fused.inputs = nodes[j].inputs
                fused.spec = .calc(predicate: mergedPredicate, expressions: exprs.map(substitute))
                nodes[i] = fused
                nodes.remove(at: j)
                changed = true
                break
            }
        }
        var result = graph
        result.nodes = nodes
        return result
    }

    /// A stateless node as (predicate, expressions over its input).
    private static func parts(_ node: JobNode) -> (ScalarExpr?, [ScalarExpr])? {
        switch node.spec {
        case .filter(let p):
            // A filter passes its input's columns through: its schema is its input's.
            return (p, node.schema.fields.enumerated().map { ScalarExpr.column(index: $0.offset, type: $0.element.type) })
        case .project(let exprs): return (nil, exprs)
        case .calc(let p, let exprs): return (p, exprs)
        default: return nil
        }
    }
}
