import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished (or stopped) run read, dropped and skipped, for the end-of-run report.
public struct RunSummary: Sendable {
    public struct SourceReport: Sendable {
        public var name: String
        public var path: String
        public var linesRead: Int
        public var malformedLines: Int
        public var malformedSamples: [DecodeError]
        public var blankLines = 0
        /// Events outside `--from`/`--until`, not passed on.
        public var outsideReplay = 0
        /// The lines that were events passed on: neither blank nor malformed nor outside the
        /// replayed range.
        public var events: Int { linesRead - malformedLines - blankLines - outsideReplay }

        /// Adds another worker's share of the same source (its first malformed lines by
        /// line number).
        mutating func add(_ other: SourceReport) {
            linesRead += other.linesRead
            malformedLines += other.malformedLines
            malformedSamples = Array((malformedSamples + other.malformedSamples).sorted { $0.line < $1.line }.prefix(5))
            blankLines += other.blankLines
            outsideReplay += other.outsideReplay
        }
    }
    public var sources: [SourceReport] = []
    public var lateRowsDropped = 0
    public var stateExpired = 0
    public var elapsedSeconds = 0.0
    public init() {}
    public var eventsRead: Int { sources.reduce(0) { $0 + $1.events } }
}

/// A run's figures while it runs, for a progress line.
public struct RunProgress: Sendable {
    public var bytesRead: Int64 = 0
    public var totalBytes: Int64?
    public var events = 0
    public var lateDropped = 0
    public var malformed = 0
    public var watermark: Int64?
    public init() {}
}

/// Drives a pipeline from its file sources: reads a batch from each source in turn and
/// pushes it through, until every bounded source is exhausted (then ends the input, so
/// every window fires) or `shouldStop` says so. A followed source never ends by itself.
public final class JobRunner {
    public let pipeline: Pipeline
    private var sources: [(id: Int, source: SourceReader)] = []

    public init(pipeline: Pipeline, positions: [String: SourcePosition] = [:], replay: ReplayControl = .none) throws {
        self.pipeline = pipeline
        for (id, spec) in pipeline.sourceNodes {
            sources.append(
                (id, try SourceReaders.open(spec, at: positions[spec.name] ?? .start, sideFiles: pipeline.sideFiles, replay: replay)))
        }
    }

    /// Current read positions by source name (what a checkpoint records).
    public var positions: [String: SourcePosition] {
        Dictionary(sources.map { ($0.source.spec.name, $0.source.position) }, uniquingKeysWith: { a, _ in a })
    }

    /// Runs until the bounded input is exhausted or `shouldStop` returns true. `afterBatch`
    /// is called after each round (progress, checkpoints).
    @discardableResult
    public func run(
        batchSize: Int = 8192, pollIntervalMillis: Int = 100, shouldStop: () -> Bool = { false },
        afterRound: () throws -> Void = {}
    ) throws -> RunSummary {
        let start = Self.seconds()
        var ended = Set<Int>()
        // Reference tables are read in full before the streams that look them up start.
        for (id, source) in sources where source.spec.isTable {
            while !shouldStop() {
                let batch = try source.nextBatch(maxRows: batchSize)
                if !batch.isEmpty { try pipeline.push(source: id, batch) }
                if source.isExhausted || source.linesInLastBatch == 0 { break }
            }
            if source.isExhausted {
                try pipeline.endOfInput(source: id)
                ended.insert(id)
            }
        }
        let idleness = SharedSourceIdleness.ifNeeded(for: sources)
        while ended.count < sources.count && !shouldStop() {
            var progressed = false
            var sent = Set<Int>()
            let now = Self.seconds()
            for (id, source) in sources where !ended.contains(id) {
                let batch = try source.nextBatch(maxRows: batchSize)
                if source.linesInLastBatch > 0 { progressed = true }
                if !batch.isEmpty {
                    sent.insert(id)
                    try pipeline.push(source: id, batch)
                }
                if source.isExhausted {
                    try pipeline.endOfInput(source: id)
                    ended.insert(id)
                }
            }
            try idleness?.releaseIdleSources(worker: 0, readers: sources, sent: sent, pipeline: pipeline, now: now)
            try pipeline.advanceProcessingTime(to: Int64(Self.seconds() * 1000))
            try afterRound()
            if !progressed && ended.count < sources.count {
                // Caught up with a followed log: what was produced goes out now, not when a
                // buffer fills, then wait for appends.
                try pipeline.flushSinks()
                usleep(useconds_t(pollIntervalMillis * 1000))
            }
        }
        if sources.isEmpty { try pipeline.endAllInputs() }
        try pipeline.flushSinks()
        var summary = summary()
        summary.elapsedSeconds = Self.seconds() - start
        return summary
    }

    /// Where the run is: bytes read of all (when known), events, late and malformed
    /// counts, the lowest watermark of the sources.
    public func progress() -> RunProgress {
        var p = RunProgress()
        var total: Int64? = 0
        for (id, source) in sources {
            let (read, all) = source.bytes
            p.bytesRead += read
            total = total.flatMap { t in all.map { t + $0 } }
            p.events += source.report.events
            p.malformed += source.report.malformedLines
            if source.spec.watermark != nil {
                let w = pipeline.watermark(of: id)
                if w != .min && w != .max { p.watermark = min(p.watermark ?? .max, w) }
            }
        }
        p.totalBytes = total
        p.lateDropped = pipeline.totalLateRowsDropped
        return p
    }

    public func summary() -> RunSummary {
        var s = RunSummary()
        s.sources = sources.map(\.source.report)
        s.lateRowsDropped = pipeline.totalLateRowsDropped
        s.stateExpired = pipeline.totalStateExpired
        return s
    }

    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
