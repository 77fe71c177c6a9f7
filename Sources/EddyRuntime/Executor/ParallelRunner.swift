import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a job on several worker threads. Every worker has its own copy of every operator;
/// a log of JSON lines is read in stripes by every worker, another source by one; rows
/// reach a keyed operator on the worker owning their key group, and watermarks and ends
/// go to every worker (see `Pipeline`). Sinks are shared. A checkpoint pauses reading, waits until no message is in flight anywhere
/// (every worker idle), then snapshots all workers: a consistent cut, the state after the
/// barrier has passed every operator.
public final class ParallelRunner {
    public let pipelines: [Pipeline]
    let inboxes: Inboxes
    private var sources: [[(id: Int, source: SourceReader)]]
    private var failure: Error?
    private let failureLock = Lock()
    /// Followed only when a source can go idle.
    private let idleness: SharedSourceIdleness?

    /// Builds `workers` pipelines over shared sinks; restores `recovered` (taken with any
    /// number of workers) if given. A log of plain JSON-lines files of at least two
    /// stripes (`readStripeBytes`, 4 MiB by default) is read by every worker.
    public init(
        graph: JobGraph, workers: Int, sinks: @escaping SinkFactory, recovered: CheckpointSnapshot? = nil,
        replay: ReplayControl = .none, readStripeBytes: Int64? = nil
    ) throws {
        let sideFiles = SideFiles(fresh: recovered == nil)
        let n = max(2, workers)
        inboxes = Inboxes(workers: n)
        var shared: [String: SinkWriter] = [:]
        let sharedFactory: SinkFactory = { spec, schema, changelog in
            if let existing = shared[spec.name] { return existing }
            let sink = LockedSink.wrap(try sinks(spec, schema, changelog))
            shared[spec.name] = sink
            return sink
        }
        var made: [Pipeline] = []
        for w in 0..<n {
            let p = try Pipeline(graph: graph, worker: w, workerCount: n, sinks: sharedFactory, sideFiles: sideFiles)
            made.append(p)
        }
        pipelines = made
        for p in made { p.mailbox = inboxes }
        if let recovered {
            for (w, p) in made.enumerated() {
                try p.restoreState(
                    progress: recovered.metadata.progress,
                    operators: recovered.operators.mapValues { $0.share(worker: w, of: n) })
            }
        }
        // A log of plain JSON-lines files is read by every worker, each a share of its
        // stripes; another source by one worker (tables by the first: their rows are
        // broadcast).
        let positions = recovered?.metadata.sources ?? [:]
        var assigned = [[(id: Int, source: SourceReader)]](repeating: [], count: n)
        var streamIndex = 0
        let stripeBytes = max(1, readStripeBytes ?? FileStripes.defaultStripeBytes)
        for (id, spec) in made[0].sourceNodes {
            let position = positions[spec.name] ?? .start
            if FileStripes.canSplit(spec, paced: replay.speed != nil), let rest = FileStripes.remaining(spec, at: position),
                position.ranges != nil || rest.reduce(0, { $0 + $1.length }) >= 2 * stripeBytes
            {
                let shares = FileStripes.deal(FileStripes.split(rest, spec: spec, stripeBytes: stripeBytes), workers: n)
                for (w, share) in shares.enumerated() where !share.isEmpty || w == 0 {
                    assigned[w].append(
                        (id, try FileSource(spec: spec, position: position, ranges: share, sideFiles: made[0].sideFiles, replay: replay)))
                }
                continue
            }
            let owner: Int
            if spec.isTable {
                owner = 0
            } else {
                owner = streamIndex % n
                streamIndex += 1
            }
            assigned[owner].append((id, try SourceReaders.open(spec, at: position, sideFiles: made[0].sideFiles, replay: replay)))
        }
        sources = assigned
        idleness = SharedSourceIdleness.ifNeeded(for: assigned.joined())
    }

    /// Current read positions by source name; a log read by several workers is where the
    /// ranges that any of them has still to read are.
    public var positions: [String: SourcePosition] {
        var out: [String: SourcePosition] = [:]
        for list in sources {
            for (_, s) in list {
                let p = s.position
                guard let mine = p.ranges, let earlier = out[s.spec.name] else {
                    out[s.spec.name] = p
                    continue
                }
                out[s.spec.name] = Self.combined(earlier, mine)
            }
        }
        return out
    }

    /// The position of a log from two workers' shares of its ranges.
    private static func combined(_ a: SourcePosition, _ rest: [ReadRange]) -> SourcePosition {
        let all = ((a.ranges ?? []) + rest).sorted { ($0.file ?? "", $0.start) < ($1.file ?? "", $1.start) }
        // The first range left names where the checkpoint's fingerprint of what was read
        // before it is taken.
        guard let first = all.first else { return SourcePosition(byteOffset: 0, lineNumber: 0, ranges: []) }
        return SourcePosition(byteOffset: first.start, lineNumber: 0, file: first.file, ranges: all)
    }

    /// Runs to the end of the bounded input (or until `shouldStop`), taking checkpoints as
    /// the coordinator asks.
    public func run(batchSize: Int, shouldStop: () -> Bool, checkpoints: CheckpointCoordinator?) throws -> RunSummary {
        let start = JobRunner.seconds()
        // Tables first: their rows reach every worker before any stream row is read.
        for (id, source) in sources[0] where source.spec.isTable {
            while true {
                let batch = try source.nextBatch(maxRows: batchSize)
                if !batch.isEmpty { try pipelines[0].push(source: id, batch) }
                if source.isExhausted || source.linesInLastBatch == 0 { break }
            }
            if source.isExhausted { try pipelines[0].endOfInput(source: id) }
        }
        // A worker's copy of a source it does not read has ended from the start.
        for (w, p) in pipelines.enumerated() {
            let own = Set(sources[w].map(\.id))
            for (id, _) in p.sourceNodes where !own.contains(id) { try p.endOfInput(source: id) }
        }
        var threads: [pthread_t] = []
        for w in pipelines.indices {
            let box = Unmanaged.passRetained(WorkerContext(runner: self, worker: w, batchSize: batchSize))
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                let context = Unmanaged<WorkerContext>.fromOpaque(raw).takeRetainedValue()
                context.runner.workerLoop(context.worker, batchSize: context.batchSize)
                return nil
            }, box.toOpaque())
            if rc != 0 {
                box.release()
                fail(PlanError("cannot start worker \(w)"))
            } else {
                threads.append(thread)
            }
        }
        // Coordinate: stops, checkpoints, the end.
        var stopped = false
        while !inboxes.allExited && failureLock.locked({ failure == nil }) {
            usleep(5000)
            if shouldStop() && !stopped {
                stopped = true
                inboxes.locked { inboxes.paused = true }
                inboxes.waitUntilQuiescent(workers: pipelines.count)
                inboxes.locked { inboxes.stopping = true }
                inboxes.wakeAll()
                break
            }
            if let c = checkpoints, c.due.checkpoint {
                inboxes.locked { inboxes.paused = true }
                inboxes.waitUntilQuiescent(workers: pipelines.count)
                do {
                    try c.take(pipelines: pipelines, positions: positions, savepoint: c.due.savepoint)
                } catch {
                    fail(error)
                }
                inboxes.locked { inboxes.paused = false }
                inboxes.wakeAll()
            }
        }
        for t in threads { pthread_join(t, nil) }
        if let failure = failureLock.locked({ failure }) { throw failure }
        for p in pipelines { try p.flushSinks() }
        var s = RunSummary()
        for list in sources {
            for (_, src) in list {
                // The workers' shares of one log are reported as one source.
                if let i = s.sources.firstIndex(where: { $0.name == src.spec.name }) {
                    s.sources[i].add(src.report)
                } else {
                    s.sources.append(src.report)
                }
            }
        }
        s.lateRowsDropped = pipelines.reduce(0) { $0 + $1.totalLateRowsDropped }
        s.stateExpired = pipelines.reduce(0) { $0 + $1.totalStateExpired }
        s.elapsedSeconds = JobRunner.seconds() - start
        return s
    }

    private final class WorkerContext {
        let runner: ParallelRunner
        let worker: Int
        let batchSize: Int
        init(runner: ParallelRunner, worker: Int, batchSize: Int) {
            self.runner = runner
            self.worker = worker
            self.batchSize = batchSize
        }
    }

    private func fail(_ error: Error) {
        failureLock.locked { if failure == nil { failure = error } }
        inboxes.locked { inboxes.stopping = true }
        inboxes.wakeAll()
    }

    /// One worker: apply what other workers sent, read own sources when allowed, leave
    /// when its sources ended and its sinks finished.
    private func workerLoop(_ w: Int, batchSize: Int) {
        let p = pipelines[w]
        var lastTick = JobRunner.seconds()
        defer { inboxes.workerExited() }
        do {
            while !inboxes.locked({ inboxes.stopping }) {
                var worked = false
                for m in inboxes.take(w) {
                    try p.receive(m)
                    worked = true
                }
                var sourcesDone = true
                if inboxes.mayRead {
                    var sent = Set<Int>()
                    for (id, source) in sources[w] where !source.isExhausted {
                        let batch = try source.nextBatch(maxRows: batchSize)
                        if source.linesInLastBatch > 0 { worked = true }
                        if !batch.isEmpty {
                            sent.insert(id)
                            try p.push(source: id, batch)
                        }
                        if source.isExhausted { try p.endOfInput(source: id) } else { sourcesDone = false }
                    }
                    let now = JobRunner.seconds()
                    try idleness?.releaseIdleSources(worker: w, readers: sources[w], sent: sent, pipeline: p, now: now)
                    if now - lastTick > 0.1 {
                        try p.advanceProcessingTime(to: Int64(now * 1000))
                        lastTick = now
                    }
                } else {
                    sourcesDone = sources[w].allSatisfy(\.source.isExhausted)
                }
                if sourcesDone && p.allSinksFinished && !worked { return }
                if !worked {
                    try p.flushSinks()  // caught up: what was produced goes out now
                    inboxes.wait(w, timeoutMillis: 50)
                }
            }
        } catch {
            fail(error)
        }
    }
}
