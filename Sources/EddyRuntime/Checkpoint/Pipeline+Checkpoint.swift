import EddyCore

extension Pipeline {
    /// Every node's progress and every stateful operator's state, taken between batches
    /// (every operator has finished the batch before: the state is consistent).
    public func snapshotState() throws -> (progress: [Int: NodeProgress], operators: [Int: OperatorState]) {
        var progress: [Int: NodeProgress] = [:]
        var operators: [Int: OperatorState] = [:]
        for id in order {
            guard let node = nodes[id] else { continue }
            progress[id] = NodeProgress(
                watermark: node.watermark, portWatermarks: node.senderWatermarks.map { $0.min() ?? .max },
                portEnded: node.senderEnded.map { $0.allSatisfy { $0 } }, finished: node.finished, maxEventTime: node.maxEventTime)
            if let op = node.op as? CheckpointableOperator { operators[id] = try op.snapshot() }
        }
        return (progress, operators)
    }

    /// Restores progress and operator state into this (fresh) pipeline.
    public func restoreState(progress: [Int: NodeProgress], operators: [Int: OperatorState]) throws {
        for id in order {
            guard let node = nodes[id] else { continue }
            if let p = progress[id] {
                node.watermark = p.watermark
                (node.op as? WatermarkReader)?.resumeWatermark(p.watermark)
                if p.portWatermarks.count == node.senderWatermarks.count {
                    for port in node.senderWatermarks.indices {
                        // A sender that never sends on this port (a forward edge) stays +infinity.
                        node.senderWatermarks[port] = node.senderWatermarks[port].map { $0 == .max ? .max : p.portWatermarks[port] }
                        if p.portEnded[port] { node.senderEnded[port] = node.senderEnded[port].map { _ in true } }
                    }
                }
                node.finished = p.finished
                node.maxEventTime = p.maxEventTime
            }
            if let state = operators[id] {
                guard let op = node.op as? CheckpointableOperator else {
                    throw StateFormatError("the checkpoint has state for node \(id), which keeps none")
                }
                try op.restore(state)
            }
        }
    }

    /// The transactional sinks of this job, by sink name.
    public var transactionalSinks: [TransactionalSink] {
        order.compactMap { nodes[$0]?.op as? SinkOperator }.compactMap { $0.writer as? TransactionalSink }
    }

    /// Hands everything sinks buffered to their files (or staging): when a followed source
    /// has caught up, and when a run stops before its input ends.
    public func flushSinks() throws {
        for id in order {
            if let sink = nodes[id]?.op as? SinkOperator { try sink.writer.flush() }
        }
    }

    /// Whether every source has ended.
    public var allSourcesEnded: Bool {
        sourceNodes.allSatisfy { nodes[$0.id]?.finished ?? true }
    }
}
