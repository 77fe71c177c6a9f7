/// The settings a job understands (`SET 'key' = 'value'`, kept in the JobGraph) and the
/// values each accepts. The analyzer refuses a bad value at the SET statement; a plan
/// file with one is refused when it is read.
public enum JobSettings {
    /// Keys whose value is a duration (`5s`, `10 min`, `1h`).
    public static let durationKeys = ["checkpoint.interval", "state.ttl", "table.exec.state.ttl", "table.exec.source.idle-timeout"]
    public static let parallelismKeys = ["parallelism", "parallelism.default"]
    /// The most worker threads a job may ask for.
    public static let maxParallelism = 256

    /// What is wrong with `value` for `key`, or nil if it is fine (unknown keys are kept
    /// and ignored, as Flink's SQL client does with options it does not know).
    public static func problem(key: String, value: String) -> String? {
        if durationKeys.contains(key) {
            guard let millis = Intervals.parseDuration(value) else { return "'\(value)' is not a duration" }
            if key == "checkpoint.interval" && millis <= 0 { return "'checkpoint.interval' must be longer than 0" }
        }
        if parallelismKeys.contains(key) {
            guard let n = Int(value.trimmingWhitespace()), (1...maxParallelism).contains(n) else {
                return "'\(key)' must be a whole number from 1 to \(maxParallelism), found '\(value)'"
            }
        }
        return nil
    }
}
