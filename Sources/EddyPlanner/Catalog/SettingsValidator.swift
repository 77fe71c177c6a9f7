import EddyCore
import EddySQL

/// Checks `SET` keys and values that Eddy understands, so that a bad value is refused at
/// the statement instead of misbehaving when the job runs.
public enum SettingsValidator {
    static let durations = ["checkpoint.interval", "state.ttl", "table.exec.state.ttl"]
    static let parallelismKeys = ["parallelism", "parallelism.default"]
    /// The most worker threads a job may ask for.
    public static let maxParallelism = 256

    public static func validate(key: StringLiteral, value: StringLiteral, catalog: Catalog) throws {
        if durations.contains(key.value) && Intervals.parseDuration(value.value) == nil {
            throw Diagnostic.error(
                "'\(value.value)' is not a duration", at: value.span, help: "write a number and a unit: '5s', '10 min', '1h'")
        }
        if parallelismKeys.contains(key.value) {
            guard let n = Int(value.value.trimmingWhitespace()), (1...maxParallelism).contains(n) else {
                throw Diagnostic.error(
                    "'\(key.value)' must be a whole number from 1 to \(maxParallelism), found '\(value.value)'", at: value.span,
                    help: "one worker thread a core is usually best: '2' on a machine with 2 cores")
            }
        }
        if key.value == "late.output" {
            try PathClaims.checkLateOutputSetting(value, catalog: catalog)
        }
    }
}
