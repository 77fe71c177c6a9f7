import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What identifies a job's plan to its checkpoints: a hash of a canonical encoding of the
/// whole plan, and one per operator (so that a later version can keep the state of the
/// operators that did not change). It never depends on how EXPLAIN words a plan.
public struct PlanIdentity: Sendable, Hashable {
    public var plan: UInt64
    public var operators: [Int: UInt64]

    public init(plan: UInt64, operators: [Int: UInt64]) {
        self.plan = plan
        self.operators = operators
    }
}

/// How a run checkpoints: where, how often, and whether it starts from the newest
/// complete checkpoint.
public struct CheckpointConfig: Sendable {
    public var directory: String
    /// Time between checkpoints; nil checkpoints only at the end (and on request).
    public var intervalMillis: Int64?
    public var recover: Bool
    public var retain: Int
    public var savepointOnExit: Bool
    /// The plan as text (EXPLAIN), kept in each checkpoint to say what changed on a
    /// mismatch.
    public var planText: String
    /// The plan's identity; nil identifies it by `planText` alone (as checkpoints of
    /// format 2 did).
    public var identity: PlanIdentity?

    public init(
        directory: String, intervalMillis: Int64? = nil, recover: Bool = false, retain: Int = 3,
        savepointOnExit: Bool = false, planText: String, identity: PlanIdentity? = nil
    ) {
        self.directory = directory
        self.intervalMillis = intervalMillis
        self.recover = recover
        self.retain = retain
        self.savepointOnExit = savepointOnExit
        self.planText = planText
        self.identity = identity
    }

    /// The hash of the EXPLAIN text: how checkpoints without an identity name their plan.
    var textFingerprint: UInt64 { StableHash.fnv1a(Array(planText.utf8)) }

    public var planFingerprint: UInt64 { identity?.plan ?? textFingerprint }
}

/// A checkpoint that cannot be used for this job.
public struct CheckpointMismatch: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Takes checkpoints of a running job and restores one at start. A checkpoint is taken
/// between batches: every operator has processed everything read so far (the barrier has
/// passed them all, in Flink's terms, and alignment is trivial on one thread). Its order:
/// sinks stage their output durably, operator state and source offsets are written and
/// fsynced, the manifest names the checkpoint (now it is complete), sinks publish.
public final class CheckpointCoordinator {
    public let config: CheckpointConfig
    public let store: CheckpointStore
    private var lastCheckpoint: Double = 0
    /// When the folder was last looked at for a savepoint request.
    private var lastRequestCheck: Double = 0
    /// Held for the whole run: no other job may write into the folder meanwhile.
    private let folderLock: CheckpointFolderLock
    public private(set) var checkpointsTaken = 0
    public private(set) var messages: [String] = []

    /// Takes the checkpoint folder for this job; fails if another job holds it.
    public init(config: CheckpointConfig) throws {
        self.config = config
        self.folderLock = try CheckpointFolderLock(directory: config.directory)
        self.store = CheckpointStore(directory: config.directory, retain: config.retain)
        lastCheckpoint = JobRunner.seconds()
        unlink(store.savepointRequestPath)  // a request left for a job that is gone
    }

    /// The checkpoint to resume from (if recovering and one is usable), after checking it
    /// belongs to this plan.
    public func checkpointToRecover() throws -> CheckpointSnapshot? {
        guard config.recover else { return nil }
        let (snapshot, warnings) = store.latestValid()
        messages += warnings
        guard let snapshot else {
            messages.append("no complete checkpoint in \(config.directory): starting from the beginning")
            return nil
        }
        let saved = snapshot.metadata
        // A checkpoint with an identity is matched by it; an older one by the EXPLAIN text
        // of its day (valid as long as that wording did not change).
        let matches = saved.identity.map { $0.plan == config.identity?.plan } ?? (saved.planFingerprint == config.textFingerprint)
        if !matches {
            var message = Self.describeChange(from: saved.planText, to: config.planText, checkpoint: saved.id)
            if let old = saved.identity?.operators, let new = config.identity?.operators {
                let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
                if !changed.isEmpty { message += "\n  operators changed: " + changed.map(String.init).joined(separator: ", ") }
            }
            throw CheckpointMismatch(message: message)
        }
        messages.append("recovering from checkpoint \(snapshot.metadata.id)")
        return snapshot
    }

    /// What differs between the checkpointed plan and this one, in the plans' own words.
    static func describeChange(from old: String, to new: String, checkpoint: Int) -> String {
        let a = old.split(separator: "\n").map { $0.trimmingWhitespace() }
        let b = new.split(separator: "\n").map { $0.trimmingWhitespace() }
        let removed = a.filter { !b.contains($0) }
        let added = b.filter { !a.contains($0) }
        var text = "checkpoint \(checkpoint) was taken for another plan: the query changed"
        for line in removed.prefix(4) { text += "\n  was: \(line)" }
        for line in added.prefix(4) { text += "\n  now: \(line)" }
        return text + "\n  run without --recover to start over, or restore the script that made the checkpoint"
    }

    /// Whether a checkpoint is due (the interval has passed) or a savepoint was asked for.
    public var due: (checkpoint: Bool, savepoint: Bool) {
        let now = JobRunner.seconds()
        if now - lastRequestCheck >= 0.05 {
            lastRequestCheck = now
            if FileSystem.exists(store.savepointRequestPath) { return (true, true) }
        }
        guard let interval = config.intervalMillis else { return (false, false) }
        return ((now - lastCheckpoint) * 1000 >= Double(interval), false)
    }

    /// Takes a checkpoint if the interval has passed or a savepoint was asked for.
    public func tick(pipeline: Pipeline, positions: [String: SourcePosition]) throws {
        let (checkpoint, savepoint) = due
        if checkpoint { try take(pipelines: [pipeline], positions: positions, savepoint: savepoint) }
    }

    public func take(pipeline: Pipeline, positions: [String: SourcePosition], savepoint: Bool) throws {
        try take(pipelines: [pipeline], positions: positions, savepoint: savepoint)
    }

    /// Takes a checkpoint now of every worker's pipeline (all quiescent).
    public func take(pipelines: [Pipeline], positions: [String: SourcePosition], savepoint: Bool) throws {
        let sinks = pipelines.first?.transactionalSinks ?? []
        var commits: [String: SinkCommit] = [:]
        for sink in sinks { commits[sink.name] = try sink.preCommit() }
        var progressParts: [Int: [NodeProgress]] = [:]
        var operatorParts: [Int: [OperatorState]] = [:]
        for pipeline in pipelines {
            let (p, o) = try pipeline.snapshotState()
            for (id, x) in p { progressParts[id, default: []].append(x) }
            for (id, x) in o { operatorParts[id, default: []].append(x) }
        }
        let progress = progressParts.compactMapValues(NodeProgress.merged)
        let operators = operatorParts.mapValues(OperatorState.merged)
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var metadata = CheckpointMetadata(
            id: store.nextId(), createdAt: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000, isSavepoint: savepoint,
            planFingerprint: config.planFingerprint, planText: config.planText, identity: config.identity, parallelism: pipelines.count,
            sources: positions,
            progress: progress, sinks: commits, statefulNodes: operators.keys.sorted())
        for (_, source) in pipelines.first?.sourceNodes ?? [] where source.connector == "file" {
            guard let p = positions[source.name] else { continue }
            let path = p.file ?? source.path
            if !path.hasSuffix(".gz"), let tail = CheckpointSnapshot.tailFingerprint(path: path, offset: p.byteOffset) {
                metadata.sourceTails[source.name] = tail
            }
        }
        try store.write(CheckpointSnapshot(metadata: metadata, operators: operators))
        for sink in sinks {
            if let c = commits[sink.name] { try sink.commit(c) }
        }
        checkpointsTaken += 1
        lastCheckpoint = JobRunner.seconds()
        if savepoint {
            unlink(store.savepointRequestPath)
            messages.append("savepoint \(metadata.id) written to \(config.directory)")
        }
    }
}
