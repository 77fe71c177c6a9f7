import EddyCore
import EddyRuntime

/// A checkpoint of the test's live job: operator state and progress (through their
/// binary encoding, as on disk), how much of the input log it had processed, and how many
/// rows each view had emitted (committed) by then.
struct TestCheckpoint {
    var progress: [Int: NodeProgress]
    var operators: [Int: [UInt8]]
    var logPosition: Int
    /// The views and sinks the job had: a job with others cannot take this state.
    var liveNames: [String]
    var committed: [String: (rows: [[Value]], kinds: [RowKind])]
}

/// `checkpoint`, `crash` and `restart`: the live job is snapshotted, thrown away, and
/// rebuilt from the snapshot with the input after it replayed. Rows a view emitted after
/// the checkpoint are emitted again by the restarted job; they must be the same rows
/// (nothing lost, nothing different), which the runner checks.
extension TestContext {
    func checkpoint() throws -> Outcome {
        if crashed { return Outcome(failure: "the job has crashed: restart it before a checkpoint") }
        try rebuildIfNeeded()
        guard let pipeline else { return Outcome() }
        let (progress, operators) = try pipeline.snapshotState()
        lastCheckpoint = TestCheckpoint(
            progress: progress, operators: operators.mapValues { $0.encoded() }, logPosition: log.steps.count,
            liveNames: live.map(\.name), committed: collectors.mapValues { ($0.rows, $0.kinds) })
        return Outcome()
    }

    func crash() -> Outcome {
        if pipeline != nil { beforeCrash = collectors.mapValues { ($0.rows, $0.kinds) } }
        pipeline = nil
        crashed = true
        return Outcome()
    }

    /// Restores the last checkpoint (or starts over without one) and replays the input
    /// that came after it; then checks the re-emitted rows against those emitted before.
    func restart(parallelism: Int? = nil) throws -> Outcome {
        guard crashed else { return Outcome(failure: "restart without a crash") }
        if let p = parallelism, p != 1 {
            return Outcome(failure: "the test runner restarts one worker; rescaling is tested with eddy run --parallelism")
        }
        crashed = false
        let (p, made) = try makePipeline()
        var position = 0
        if let c = lastCheckpoint, c.liveNames == live.map(\.name) {
            let operators = try c.operators.mapValues { try OperatorState.decode($0) }
            try p.restoreState(progress: c.progress, operators: operators)
            for (name, sink) in made {
                let saved = c.committed[name] ?? ([], [])
                sink.restore(rows: saved.rows, kinds: saved.kinds)
            }
            position = c.logPosition
        }
        for step in log.steps.dropFirst(position) { try InputLog.apply(step, to: p) }
        pipeline = p
        collectors = made
        needsRebuild = false
        // What the job emitted before the crash must be what it emits again.
        for (name, before) in beforeCrash {
            guard let sink = made[name] else { continue }
            let n = min(before.rows.count, sink.rows.count)
            if Array(sink.rows.prefix(n)) != Array(before.rows.prefix(n)) || Array(sink.kinds.prefix(n)) != Array(before.kinds.prefix(n)) {
                return Outcome(failure: "after restart, '\(name)' emitted rows that differ from those emitted before the crash")
            }
            if sink.rows.count < before.rows.count {
                return Outcome(failure: "after restart, '\(name)' lost \(before.rows.count - sink.rows.count) rows emitted before the crash")
            }
        }
        beforeCrash = [:]
        return Outcome()
    }
}
