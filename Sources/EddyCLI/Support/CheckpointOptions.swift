import ArgumentParser
import EddyEngine

/// `--checkpoint-dir`, `--checkpoint-interval`, `--recover`, `--savepoint-on-exit`.
struct CheckpointOptions: ParsableArguments {
    @Option(name: .long, help: "Keep checkpoints in this folder; file sinks become exactly-once.")
    var checkpointDir: String?

    @Option(name: .long, help: "Time between checkpoints, e.g. 5s or 1 min (default: the script's SET 'checkpoint.interval', else 10s).")
    var checkpointInterval: String?

    @Flag(name: .long, help: "Resume from the newest complete checkpoint in --checkpoint-dir.")
    var recover = false

    @Flag(name: .long, help: "On Ctrl-C or at the end, write a savepoint (a checkpoint kept until deleted).")
    var savepointOnExit = false

    @Option(name: .long, parsing: .unconditional, help: "How many checkpoints to keep.")
    var retain = 3

    func validate() throws {
        if checkpointDir == nil && (recover || savepointOnExit || checkpointInterval != nil) {
            throw ValidationError("--recover, --savepoint-on-exit and --checkpoint-interval need --checkpoint-dir")
        }
        if let i = checkpointInterval, !CheckpointSettings.isDuration(i) {
            throw ValidationError("--checkpoint-interval: '\(i)' is not a duration (write 5s, 1 min, 500 ms)")
        }
        if retain < 1 { throw ValidationError("--retain must be at least 1") }
    }

    /// The checkpoint settings of a run, if checkpoints are on.
    var settings: CheckpointSettings? {
        guard let dir = checkpointDir else { return nil }
        var settings = CheckpointSettings(directory: dir)
        settings.interval = checkpointInterval
        settings.recover = recover
        settings.retain = retain
        settings.savepointOnExit = savepointOnExit
        return settings
    }
}
