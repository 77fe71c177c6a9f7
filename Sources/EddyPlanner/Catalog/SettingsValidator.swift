import EddyCore
import EddySQL

/// Checks `SET` keys and values that Eddy understands (`JobSettings` says which), so that
/// a bad value is refused at the statement instead of misbehaving when the job runs.
public enum SettingsValidator {
    public static func validate(key: StringLiteral, value: StringLiteral, catalog: Catalog) throws {
        if let problem = JobSettings.problem(key: key.value, value: value.value) {
            let help = JobSettings.parallelismKeys.contains(key.value)
                ? "one worker thread a core is usually best: '2' on a machine with 2 cores"
                : "write a number and a unit: '5s', '10 min', '1h'"
            throw Diagnostic.error(problem, at: value.span, help: help)
        }
        if key.value == "late.output" {
            try PathClaims.checkLateOutputSetting(value, catalog: catalog)
        }
    }
}
