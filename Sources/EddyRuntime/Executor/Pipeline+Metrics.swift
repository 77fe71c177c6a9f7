import EddyCore

extension Pipeline {
    /// Metrics per node id, with late drops filled in from the operators.
    public var metrics: [Int: OperatorMetrics] {
        var out: [Int: OperatorMetrics] = [:]
        for (id, node) in nodes {
            var m = node.metrics
            m.lateRowsDropped = node.op?.lateRowsDropped ?? 0
            m.stateExpired = node.op?.stateExpired ?? 0
            out[id] = m
        }
        return out
    }

    /// Keys dropped by `state.ttl` in all operators.
    public var totalStateExpired: Int { nodes.values.reduce(0) { $0 + ($1.op?.stateExpired ?? 0) } }

    /// Late rows dropped by all operators.
    public var totalLateRowsDropped: Int { nodes.values.reduce(0) { $0 + ($1.op?.lateRowsDropped ?? 0) } }

}
