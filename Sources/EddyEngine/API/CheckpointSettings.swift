import EddyCore
import EddyPlanner
import EddyRuntime

/// How a run checkpoints (`--checkpoint-dir` and friends).
public struct CheckpointSettings: Sendable {
    public var directory: String
    /// Time between checkpoints (`5s`, `1 min`); nil: the script's `SET
    /// 'checkpoint.interval'`, else 10 s.
    public var interval: String?
    /// Resume from the newest complete checkpoint.
    public var recover = false
    /// How many checkpoints to keep (savepoints are kept until deleted).
    public var retain = 3
    /// A stop (Ctrl-C) or the end writes a savepoint.
    public var savepointOnExit = false

    public init(directory: String) { self.directory = directory }

    /// Whether `text` is a duration the interval option accepts.
    public static func isDuration(_ text: String) -> Bool {
        Intervals.parseDuration(text).map { $0 > 0 } ?? false
    }

    func config(for graph: JobGraph) throws -> CheckpointConfig {
        let text = interval ?? graph.settings["checkpoint.interval"]
        guard let millis = Intervals.parseDuration(text ?? "10s"), millis > 0 else {
            throw RunFailure("'\(text ?? "")' is not a checkpoint interval (write 5s, 1 min, 500 ms)")
        }
        return CheckpointConfig(
            directory: directory, intervalMillis: millis, recover: recover, retain: retain, savepointOnExit: savepointOnExit,
            planText: PhysicalExplain(graph: graph).render(), identity: PlanIdentity(graph: graph))
    }
}
