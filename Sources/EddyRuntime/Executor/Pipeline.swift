import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something wrong with a JobGraph the runtime was given (a damaged or hand-edited plan).
public struct PlanError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Makes the writer for each sink of a job (the host decides where stdout rows go).
public typealias SinkFactory = (SinkSpec, Schema, ChangelogMode) throws -> SinkWriter

/// A running job: the operators of a JobGraph wired together on one thread. Input is
/// pushed in (batches and watermarks per source) by a driver: the file-reading runner,
/// the test runner, the REPL. Each batch flows depth-first through the DAG; watermarks
/// advance per operator as the minimum over its inputs.
public final class Pipeline {
    public let graph: JobGraph

    final class Node {
        let id: Int
        let spec: JobNode
        let op: StreamOperator?
        var consumers: [(node: Int, port: Int)] = []
        var inputWatermarks: [Int64]
        var watermark = Int64.min
        var metrics = OperatorMetrics()
        var finishedInputs = 0
        /// For sources: the largest event time seen.
        var maxEventTime = Int64.min

        init(id: Int, spec: JobNode, op: StreamOperator?) {
            self.id = id
            self.spec = spec
            self.op = op
            self.inputWatermarks = [Int64](repeating: .min, count: max(1, spec.inputs.count))
        }
    }

    var nodes: [Int: Node] = [:]
    let order: [Int]
    /// Whether to time each operator (EXPLAIN ANALYZE); off by default, clocks cost.
    public var measureTime = false

    public init(graph: JobGraph, sinks: SinkFactory) throws {
        self.graph = graph
        var byId: [Int: Node] = [:]
        for node in graph.nodes {
            guard byId[node.id] == nil else { throw PlanError("plan has two nodes with id \(node.id)") }
            guard node.inputs.count == Self.inputCount(node.spec) ?? node.inputs.count else {
                throw PlanError("node \(node.id) (\(node.spec.kindName)) has \(node.inputs.count) inputs")
            }
            for input in node.inputs where byId[input] == nil {
                throw PlanError("node \(node.id) reads node \(input), which does not come before it")
            }
            let inputNodes = node.inputs.compactMap { byId[$0]?.spec }
            let op = try Self.makeOperator(node, inputNodes: inputNodes, sinks: sinks)
            let runtimeNode = Node(id: node.id, spec: node, op: op)
            for port in runtimeNode.inputWatermarks.indices where op?.tracksWatermark(ofPort: port) == false {
                runtimeNode.inputWatermarks[port] = .max  // this input never holds the others back
            }
            byId[node.id] = runtimeNode
            for (port, input) in node.inputs.enumerated() {
                byId[input]?.consumers.append((node.id, port))
            }
        }
        nodes = byId
        order = graph.nodes.map(\.id)
    }

    /// How many inputs an operator takes (nil: any number, a union).
    private static func inputCount(_ spec: OperatorSpec) -> Int? {
        switch spec {
        case .source: return 0
        case .join: return 2
        case .union: return nil
        default: return 1
        }
    }

    private static func makeOperator(_ node: JobNode, inputNodes: [JobNode], sinks: SinkFactory) throws -> StreamOperator? {
        let inputSchemas = inputNodes.map(\.schema)
        switch node.spec {
        case .source:
            return nil
        case .filter(let predicate):
            return FilterOperator(predicate: predicate)
        case .project(let expressions):
            return ProjectOperator(expressions: expressions)
        case .calc(let predicate, let expressions):
            return CalcOperator(predicate: predicate, expressions: expressions)
        case .windowAggregate(let spec):
            guard let input = inputSchemas.first else { throw PlanError("window aggregate \(node.id) has no input") }
            if case .session(let gap) = spec.window {
                return SessionWindowAggregateOperator(spec: spec, gap: gap, inputSchema: input, outputSchema: node.schema)
            }
            return WindowAggregateOperator(spec: spec, inputSchema: input, outputSchema: node.schema)
        case .groupAggregate(let spec):
            guard let input = inputSchemas.first else { throw PlanError("aggregate \(node.id) has no input") }
            return GroupAggregateOperator(spec: spec, inputSchema: input, outputSchema: node.schema)
        case .union:
            return UnionOperator()
        case .topN(let spec):
            guard let input = inputSchemas.first, let inputNode = inputNodes.first else { throw PlanError("top-n \(node.id) has no input") }
            if let end = spec.windowEndColumn {
                return WindowTopNOperator(spec: spec, windowEndColumn: end, inputSchema: input, outputSchema: node.schema)
            }
            return TopNOperator(spec: spec, inputSchema: input, outputSchema: node.schema, appendOnlyInput: inputNode.changelog == .appendOnly)
        case .windowAssign(let window, let timeColumn):
            return WindowAssignOperator(window: window, timeColumn: timeColumn)
        case .join(let spec):
            guard inputSchemas.count == 2 else { throw PlanError("join \(node.id) needs two inputs") }
            let (l, r) = (inputSchemas[0], inputSchemas[1])
            switch spec.strategy {
            case .regular:
                return RegularJoinOperator(spec: spec, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            case .interval(let lt, let rt, let lower, let upper):
                return IntervalJoinOperator(
                    spec: spec, leftTime: lt, rightTime: rt, lower: lower, upper: upper, leftSchema: l, rightSchema: r,
                    outputSchema: node.schema)
            case .window(_, let le, _, let re):
                return WindowJoinOperator(spec: spec, leftEnd: le, rightEnd: re, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            case .lookup(let primaryKey):
                return LookupJoinOperator(spec: spec, primaryKey: primaryKey, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            }
        case .sink(let spec):
            guard let input = inputSchemas.first else { throw PlanError("sink \(node.id) has no input") }
            let changelog = node.changelog
            return SinkOperator(writer: try sinks(spec, input, changelog))
        }
    }

    /// The source nodes, in plan order.
    public var sourceNodes: [(id: Int, spec: SourceSpec)] {
        graph.nodes.compactMap { node in
            if case .source(let s) = node.spec { return (node.id, s) }
            return nil
        }
    }

    // MARK: - Driving

    /// Pushes a batch decoded by source `sourceId` through the DAG, then advances that
    /// source's watermark from the largest event time in the batch.
    public func push(source sourceId: Int, _ batch: Batch) throws {
        guard let node = nodes[sourceId], case .source(let spec) = node.spec.spec else {
            throw PlanError("node \(sourceId) is not a source")
        }
        guard !batch.isEmpty else { return }
        node.metrics.rowsOut += batch.count
        node.metrics.batchesIn += 1
        try route(batch, from: node)
        if let wm = spec.watermark, case .ints(let ts) = batch.columns[wm.column].values {
            let validity = batch.columns[wm.column].validity
            var maxTs = node.maxEventTime
            batch.forEachRow { r in
                if validity.map({ $0[r] }) ?? true, ts[r] > maxTs { maxTs = ts[r] }
            }
            node.maxEventTime = maxTs
            if maxTs != .min { try advanceWatermark(source: sourceId, to: maxTs &- wm.delayMillis) }
        }
    }

    /// Advances a source's watermark (never backwards).
    public func advanceWatermark(source sourceId: Int, to watermark: Int64) throws {
        guard let node = nodes[sourceId] else { return }
        guard watermark > node.watermark else { return }
        node.watermark = watermark
        for c in node.consumers { try receiveWatermark(watermark, at: c.node, port: c.port) }
    }

    /// Ends a source: its watermark becomes +infinity, and operators whose inputs have all
    /// ended finish (every window fires).
    public func endOfInput(source sourceId: Int) throws {
        guard let node = nodes[sourceId], node.finishedInputs == 0 else { return }
        node.finishedInputs = 1
        try advanceWatermark(source: sourceId, to: .max)
        for c in node.consumers { try receiveEnd(at: c.node) }
    }

    /// Ends every source that has not ended yet.
    public func endAllInputs() throws {
        for (id, _) in sourceNodes { try endOfInput(source: id) }
    }

    /// The current watermark of a node (a source's, or an operator's combined input).
    public func watermark(of nodeId: Int) -> Int64 { nodes[nodeId]?.watermark ?? .min }

    // MARK: - Routing

    private func route(_ batch: Batch, from node: Node) throws {
        for c in node.consumers {
            guard let target = nodes[c.node] else { continue }
            try deliver(batch, to: target, port: c.port)
        }
    }

    private func deliver(_ batch: Batch, to node: Node, port: Int) throws {
        guard let op = node.op else { return }
        node.metrics.rowsIn += batch.count
        node.metrics.batchesIn += 1
        let start = measureTime ? Self.now() : 0
        var childNanos: UInt64 = 0
        try op.process(batch, port: port) { out in
            guard !out.isEmpty else { return }
            node.metrics.rowsOut += out.count
            let t = measureTime ? Self.now() : 0
            try route(out, from: node)
            if measureTime { childNanos += Self.now() - t }
        }
        if measureTime { node.metrics.nanos += Self.now() - start - childNanos }
        let state = op.stateSize
        if state > node.metrics.peakState { node.metrics.peakState = state }
    }

    private func receiveWatermark(_ watermark: Int64, at nodeId: Int, port: Int) throws {
        guard let node = nodes[nodeId] else { return }
        if node.op?.tracksWatermark(ofPort: port) == false { return }
        if port < node.inputWatermarks.count { node.inputWatermarks[port] = max(node.inputWatermarks[port], watermark) }
        let combined = node.inputWatermarks.min() ?? watermark
        guard combined > node.watermark else { return }
        node.watermark = combined
        if let op = node.op {
            let start = measureTime ? Self.now() : 0
            var childNanos: UInt64 = 0
            try op.advanceWatermark(to: combined) { out in
                guard !out.isEmpty else { return }
                node.metrics.rowsOut += out.count
                let t = measureTime ? Self.now() : 0
                try route(out, from: node)
                if measureTime { childNanos += Self.now() - t }
            }
            if measureTime { node.metrics.nanos += Self.now() - start - childNanos }
        }
        for c in node.consumers { try receiveWatermark(combined, at: c.node, port: c.port) }
    }

    private func receiveEnd(at nodeId: Int) throws {
        guard let node = nodes[nodeId] else { return }
        node.finishedInputs += 1
        guard node.finishedInputs >= node.spec.inputs.count else { return }
        try node.op?.finish { out in
            guard !out.isEmpty else { return }
            node.metrics.rowsOut += out.count
            try route(out, from: node)
        }
        for c in node.consumers { try receiveEnd(at: c.node) }
    }

    // MARK: - Metrics

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

    /// Tells every operator the wall-clock time (state TTL without event time).
    public func advanceProcessingTime(to now: Int64) throws {
        for id in order {
            guard let node = nodes[id], let op = node.op else { continue }
            try op.advanceProcessingTime(to: now) { out in
                guard !out.isEmpty else { return }
                node.metrics.rowsOut += out.count
                try route(out, from: node)
            }
        }
    }

    /// Late rows dropped by all operators.
    public var totalLateRowsDropped: Int { nodes.values.reduce(0) { $0 + ($1.op?.lateRowsDropped ?? 0) } }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
