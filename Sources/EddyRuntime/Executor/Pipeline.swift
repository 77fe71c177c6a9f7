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

/// A running job, or one worker's share of it: the operators of a JobGraph wired together
/// on one thread. Input is pushed in (batches and watermarks per source) by a driver: the
/// file-reading runner, the test runner, the REPL, a parallel worker. Each batch flows
/// depth-first through the DAG; watermarks advance per operator as the minimum over its
/// inputs. With several workers, rows reach a keyed operator on the worker that owns
/// their key's key group (the `mailbox` carries them), and watermarks and ends go to every
/// worker, so each operator's watermark is the minimum over all senders.
public final class Pipeline {
    public let graph: JobGraph
    /// The job's files of late events and dead letters (shared by all its workers).
    public let sideFiles: SideFiles
    /// When the source batch being pushed was read (monotonic nanoseconds).
    private var readNanos: UInt64 = 0
    /// Told, for every batch a sink writes, the sink's name, the time since the source
    /// batch that produced it was read (nanoseconds), and its rows: end-to-end latency.
    public var latencyRecorder: ((String, UInt64, Int) -> Void)?
    public let worker: Int
    public let workerCount: Int
    /// Where rows, watermarks and ends for other workers go (nil with one worker).
    public var mailbox: WorkerMailbox?

    final class Node {
        let id: Int
        let spec: JobNode
        let op: StreamOperator?
        var consumers: [(node: Int, port: Int)] = []
        /// The watermark each sender (worker) has sent on each input port; a sender that
        /// never sends on a port (a forward edge from another worker) counts as +infinity.
        var senderWatermarks: [[Int64]]
        /// Which senders have ended on each input port.
        var senderEnded: [[Bool]]
        var watermark = Int64.min
        var metrics = OperatorMetrics()
        /// For sources: ended. For others: finished once every sender of every port ended.
        var finished = false
        /// For sources: the largest event time seen.
        var maxEventTime = Int64.min
        /// How rows reach each input port.
        var edgeModes: [EdgeMode]

        init(id: Int, spec: JobNode, op: StreamOperator?, edgeModes: [EdgeMode], worker: Int, workerCount: Int) {
            self.id = id
            self.spec = spec
            self.op = op
            self.edgeModes = edgeModes
            let ports = max(1, spec.inputs.count)
            senderWatermarks = (0..<ports).map { port in
                (0..<workerCount).map { s in
                    let forward = port >= edgeModes.count || edgeModes[port] == .forward
                    return forward && s != worker ? .max : .min
                }
            }
            senderEnded = (0..<ports).map { port in
                (0..<workerCount).map { s in
                    let forward = port >= edgeModes.count || edgeModes[port] == .forward
                    return forward && s != worker
                }
            }
        }

        var combinedWatermark: Int64 { senderWatermarks.map { $0.min() ?? .max }.min() ?? .max }
        var allInputsEnded: Bool { senderEnded.allSatisfy { $0.allSatisfy { $0 } } }
    }

    var nodes: [Int: Node] = [:]
    let order: [Int]
    /// Per consumer (node, port) with a hash edge: how to find each row's worker.
    var partitioners: [NodePort: Partitioner] = [:]
    /// Whether to time each operator (EXPLAIN ANALYZE); off by default, clocks cost.
    public var measureTime = false

    /// One pipeline for the whole job (`workerCount` 1) or worker `worker`'s share.
    public init(
        graph: JobGraph, worker: Int = 0, workerCount: Int = 1, sinks: SinkFactory, sideFiles: SideFiles = SideFiles()
    ) throws {
        do {
            try graph.validate()
        } catch {
            throw PlanError(error.message)
        }
        self.graph = graph
        self.sideFiles = sideFiles
        self.worker = worker
        self.workerCount = max(1, workerCount)
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
            let op = try Self.makeOperator(node, inputNodes: inputNodes, sinks: sinks, sideFiles: sideFiles)
            let modes = self.workerCount == 1
                ? [EdgeMode](repeating: .forward, count: node.inputs.count)
                : node.inputs.indices.map { EdgeMode.of(consumer: node, port: $0) }
            let runtimeNode = Node(id: node.id, spec: node, op: op, edgeModes: modes, worker: worker, workerCount: self.workerCount)
            for port in runtimeNode.senderWatermarks.indices where op?.tracksWatermark(ofPort: port) == false {
                runtimeNode.senderWatermarks[port] = runtimeNode.senderWatermarks[port].map { _ in .max }  // never holds back
            }
            for (port, mode) in modes.enumerated() {
                if case .hash(let columns) = mode {
                    let types = columns.map { inputNodes[port].schema.fields[$0].type }
                    partitioners[NodePort(node: node.id, port: port)] = Partitioner(columns: columns, types: types, workers: self.workerCount)
                }
            }
            byId[node.id] = runtimeNode
            for (port, input) in node.inputs.enumerated() {
                byId[input]?.consumers.append((node.id, port))
            }
        }
        nodes = byId
        order = graph.nodes.map(\.id)
        for node in graph.nodes {
            guard case .sink(let spec) = node.spec, let sink = byId[node.id]?.op as? SinkOperator else { continue }
            sink.onWrite = { [unowned self] rows in
                guard let record = self.latencyRecorder, rows > 0 else { return }
                let now = Self.now()
                record(spec.name, now > self.readNanos ? now - self.readNanos : 0, rows)
            }
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
        if latencyRecorder != nil { readNanos = Self.now() }
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
        try sendWatermark(watermark, from: node)
    }

    /// Ends a source: its watermark becomes +infinity, and operators whose inputs have all
    /// ended finish (every window fires).
    public func endOfInput(source sourceId: Int) throws {
        guard let node = nodes[sourceId], !node.finished else { return }
        node.finished = true
        try advanceWatermark(source: sourceId, to: .max)
        try sendEnd(from: node)
    }

    /// Ends every source that has not ended yet.
    public func endAllInputs() throws {
        for (id, _) in sourceNodes { try endOfInput(source: id) }
    }

    /// The current watermark of a node (a source's, or an operator's combined input).
    public func watermark(of nodeId: Int) -> Int64 { nodes[nodeId]?.watermark ?? .min }

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

    // MARK: - Routing

    func route(_ batch: Batch, from node: Node) throws {
        for c in node.consumers {
            guard let target = nodes[c.node] else { continue }
            switch target.edgeModes.count > c.port ? target.edgeModes[c.port] : .forward {
            case .forward:
                try deliver(batch, to: target, port: c.port)
            case .broadcast:
                for w in 0..<workerCount where w != worker {
                    mailbox?.send(.batch(node: c.node, port: c.port, batch), to: w)
                }
                try deliver(batch, to: target, port: c.port)
            case .hash:
                // Every hash edge got its partitioner when the pipeline was built.
                guard let partitioner = partitioners[NodePort(node: c.node, port: c.port)] else {
                    preconditionFailure("no partitioner for node \(c.node) port \(c.port)")
                }
                let shares = partitioner.split(batch)
                for (w, rows) in shares.enumerated() where !rows.isEmpty {
                    var part = batch
                    part.selection = rows
                    if w == worker {
                        try deliver(part, to: target, port: c.port)
                    } else {
                        mailbox?.send(.batch(node: c.node, port: c.port, part), to: w)
                    }
                }
            }
        }
    }

    func deliver(_ batch: Batch, to node: Node, port: Int) throws {
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

    /// Sends a node's new watermark to its consumers: locally on forward edges, to every
    /// worker on the others.
    private func sendWatermark(_ watermark: Int64, from node: Node) throws {
        for c in node.consumers {
            guard let target = nodes[c.node] else { continue }
            if target.edgeModes.count > c.port, target.edgeModes[c.port] != .forward {
                for w in 0..<workerCount where w != worker {
                    mailbox?.send(.watermark(node: c.node, port: c.port, sender: worker, watermark), to: w)
                }
            }
            try receiveWatermark(watermark, at: c.node, port: c.port, sender: worker)
        }
    }

    private func sendEnd(from node: Node) throws {
        for c in node.consumers {
            guard let target = nodes[c.node] else { continue }
            if target.edgeModes.count > c.port, target.edgeModes[c.port] != .forward {
                for w in 0..<workerCount where w != worker {
                    mailbox?.send(.end(node: c.node, port: c.port, sender: worker), to: w)
                }
            }
            try receiveEnd(at: c.node, port: c.port, sender: worker)
        }
    }

    func receiveWatermark(_ watermark: Int64, at nodeId: Int, port: Int, sender: Int) throws {
        guard let node = nodes[nodeId] else { return }
        if node.op?.tracksWatermark(ofPort: port) == false { return }
        guard port < node.senderWatermarks.count, sender < workerCount else { return }
        node.senderWatermarks[port][sender] = max(node.senderWatermarks[port][sender], watermark)
        let combined = node.combinedWatermark
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
        try sendWatermark(combined, from: node)
    }

    func receiveEnd(at nodeId: Int, port: Int, sender: Int) throws {
        guard let node = nodes[nodeId], !node.finished else { return }
        guard port < node.senderEnded.count, sender < workerCount else { return }
        node.senderEnded[port][sender] = true
        guard node.allInputsEnded else { return }
        node.finished = true
        try node.op?.finish { out in
            guard !out.isEmpty else { return }
            node.metrics.rowsOut += out.count
            try route(out, from: node)
        }
        try sendEnd(from: node)
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
