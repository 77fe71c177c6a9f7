import EddyCore

/// What a sink had committed when a checkpoint was taken (two-phase commit): the final
/// file's length before this checkpoint's output, and how much output was staged for it.
public struct SinkCommit: Sendable, Hashable {
    /// The output's length before this commit.
    public var finalLength: Int64
    /// The bytes this commit appends.
    public var stagedLength: Int64
    /// The staging segment that holds them.
    public var segment: Int64
    public init(finalLength: Int64, stagedLength: Int64, segment: Int64) {
        self.finalLength = finalLength
        self.stagedLength = stagedLength
        self.segment = segment
    }
}

/// The progress of one node of the DAG: its watermark, each input port's watermark (the
/// minimum over the workers sending on it) and whether it ended, whether the node
/// finished, and a source's largest event time.
public struct NodeProgress: Sendable, Hashable {
    public var watermark: Int64
    public var portWatermarks: [Int64]
    public var portEnded: [Bool]
    public var finished: Bool
    public var maxEventTime: Int64

    /// The progress of several workers' copies of one node, as one: the earliest
    /// watermarks (nothing is taken for late that was not), ends only where all ended.
    public static func merged(_ parts: [NodeProgress]) -> NodeProgress? {
        guard var m = parts.first else { return nil }
        for p in parts.dropFirst() {
            m.watermark = min(m.watermark, p.watermark)
            m.portWatermarks = zip(m.portWatermarks, p.portWatermarks).map { min($0, $1) }
            m.portEnded = zip(m.portEnded, p.portEnded).map { $0 && $1 }
            m.finished = m.finished && p.finished
            // A source's largest event time makes its watermark: of several workers each
            // reading a share of a log, the lowest (a worker that read nothing has none),
            // so no restored worker takes its own next events for late.
            if m.maxEventTime == .min || (p.maxEventTime != .min && p.maxEventTime < m.maxEventTime) {
                m.maxEventTime = p.maxEventTime
            }
        }
        return m
    }
}

/// Everything a checkpoint records besides operator state (which lives in one file per
/// operator): its id, the plan it belongs to, source positions, node progress, sinks.
public struct CheckpointMetadata: Sendable {
    public var id: Int
    /// Milliseconds since the epoch.
    public var createdAt: Int64
    public var isSavepoint: Bool
    /// The plan's identity hash (or, in checkpoints written before plans had one, a hash of
    /// its EXPLAIN text), and the text itself (to say what changed).
    public var planFingerprint: UInt64
    public var planText: String
    /// The plan's identity, whole and per operator; nil in older checkpoints.
    public var identity: PlanIdentity?
    public var parallelism: Int
    public var sources: [String: SourcePosition]
    public var progress: [Int: NodeProgress]
    public var sinks: [String: SinkCommit]
    /// The node ids with an operator state file.
    public var statefulNodes: [Int]
    /// Per source, a fingerprint of the bytes just before its read position (to notice a
    /// log rewritten after the checkpoint; absent in checkpoints of format 2).
    public var sourceTails: [String: UInt64] = [:]
    /// Total bytes of the checkpoint's files (filled in when listed).
    public var sizeBytes: Int64 = 0

    public func encoded() -> [UInt8] {
        var w = StateWriter()
        w.writeInt(Int64(id))
        w.writeInt(createdAt)
        w.writeBool(isSavepoint)
        w.writeUInt(planFingerprint)
        w.writeString(planText)
        w.writeInt(Int64(parallelism))
        w.writeUInt(UInt64(sources.count))
        for (name, p) in sources.sorted(by: { $0.key < $1.key }) {
            w.writeString(name)
            w.writeInt(p.byteOffset)
            w.writeInt(Int64(p.lineNumber))
        }
        w.writeUInt(UInt64(progress.count))
        for (id, p) in progress.sorted(by: { $0.key < $1.key }) {
            w.writeInt(Int64(id))
            w.writeInt(p.watermark)
            w.writeUInt(UInt64(p.portWatermarks.count))
            for (x, ended) in zip(p.portWatermarks, p.portEnded) {
                w.writeInt(x)
                w.writeBool(ended)
            }
            w.writeBool(p.finished)
            w.writeInt(p.maxEventTime)
        }
        w.writeUInt(UInt64(sinks.count))
        for (name, c) in sinks.sorted(by: { $0.key < $1.key }) {
            w.writeString(name)
            w.writeInt(c.finalLength)
            w.writeInt(c.stagedLength)
            w.writeInt(c.segment)
        }
        w.writeUInt(UInt64(statefulNodes.count))
        for n in statefulNodes { w.writeInt(Int64(n)) }
        w.writeUInt(UInt64(sourceTails.count))
        for (name, tail) in sourceTails.sorted(by: { $0.key < $1.key }) {
            w.writeString(name)
            w.writeUInt(tail)
        }
        w.writeBool(identity != nil)
        if let identity {
            w.writeUInt(identity.plan)
            w.writeUInt(UInt64(identity.operators.count))
            for (node, hash) in identity.operators.sorted(by: { $0.key < $1.key }) {
                w.writeInt(Int64(node))
                w.writeUInt(hash)
            }
        }
        // The file of a glob each source was reading.
        let files = sources.compactMap { name, p in p.file.map { (name, $0) } }.sorted { $0.0 < $1.0 }
        w.writeUInt(UInt64(files.count))
        for (name, file) in files {
            w.writeString(name)
            w.writeString(file)
        }
        // The ranges left of each log that several workers read at once.
        let ranged = sources.compactMap { name, p in p.ranges.map { (name, $0) } }.sorted { $0.0 < $1.0 }
        w.writeUInt(UInt64(ranged.count))
        for (name, ranges) in ranged {
            w.writeString(name)
            w.writeUInt(UInt64(ranges.count))
            for range in ranges {
                w.writeString(range.file ?? "")
                w.writeInt(range.start)
                w.writeInt(range.end)
            }
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> CheckpointMetadata {
        var r = StateReader(bytes)
        let id = Int(try r.readInt())
        let createdAt = try r.readInt()
        let isSavepoint = try r.readBool()
        let fingerprint = try r.readUInt()
        let planText = try r.readString()
        let parallelism = Int(try r.readInt())
        var sources: [String: SourcePosition] = [:]
        for _ in 0..<(try r.readCount()) {
            let name = try r.readString()
            sources[name] = SourcePosition(byteOffset: try r.readInt(), lineNumber: Int(try r.readInt()))
        }
        var progress: [Int: NodeProgress] = [:]
        for _ in 0..<(try r.readCount()) {
            let node = Int(try r.readInt())
            let wm = try r.readInt()
            var ports: [Int64] = [], ended: [Bool] = []
            for _ in 0..<(try r.readCount()) {
                ports.append(try r.readInt())
                ended.append(try r.readBool())
            }
            progress[node] = NodeProgress(
                watermark: wm, portWatermarks: ports, portEnded: ended, finished: try r.readBool(), maxEventTime: try r.readInt())
        }
        var sinks: [String: SinkCommit] = [:]
        for _ in 0..<(try r.readCount()) {
            let name = try r.readString()
            let commit = SinkCommit(finalLength: try r.readInt(), stagedLength: try r.readInt(), segment: try r.readInt())
            // Recovery cuts the output to `finalLength + stagedLength` and numbers the next
            // segment after this one: negative or overflowing numbers are damage.
            guard commit.finalLength >= 0, commit.stagedLength >= 0, commit.finalLength <= Int64.max - commit.stagedLength,
                commit.segment >= 0, commit.segment < Int64.max
            else { throw StateFormatError("the commit of sink '\(name)' is damaged") }
            sinks[name] = commit
        }
        let stateful = try (0..<(try r.readCount())).map { _ in Int(try r.readInt()) }
        var metadata = CheckpointMetadata(
            id: id, createdAt: createdAt, isSavepoint: isSavepoint, planFingerprint: fingerprint, planText: planText,
            parallelism: parallelism, sources: sources, progress: progress, sinks: sinks, statefulNodes: stateful)
        if !r.isAtEnd {
            for _ in 0..<(try r.readCount()) {
                let name = try r.readString()
                metadata.sourceTails[name] = try r.readUInt()
            }
        }
        if !r.isAtEnd, try r.readBool() {
            let plan = try r.readUInt()
            var operators: [Int: UInt64] = [:]
            for _ in 0..<(try r.readCount()) { operators[Int(try r.readInt())] = try r.readUInt() }
            metadata.identity = PlanIdentity(plan: plan, operators: operators)
        }
        if !r.isAtEnd {
            for _ in 0..<(try r.readCount()) {
                let name = try r.readString()
                metadata.sources[name]?.file = try r.readString()
            }
        }
        if !r.isAtEnd {
            for _ in 0..<(try r.readCount()) {
                let name = try r.readString()
                var ranges: [ReadRange] = []
                for _ in 0..<(try r.readCount()) {
                    let file = try r.readString()
                    ranges.append(ReadRange(file: file.isEmpty ? nil : file, start: try r.readInt(), end: try r.readInt()))
                }
                metadata.sources[name]?.ranges = ranges
            }
        }
        return metadata
    }
}

/// A checkpoint in memory: metadata plus each stateful operator's state.
public struct CheckpointSnapshot: Sendable {
    public var metadata: CheckpointMetadata
    public var operators: [Int: OperatorState]
}
