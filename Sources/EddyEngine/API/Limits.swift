import EddyCore

/// Bounds a command line checks its options against (the engine refuses the same values).
public enum Limits {
    /// The most worker threads a job may run on.
    public static let maxParallelism = JobSettings.maxParallelism
}

/// Numbers and durations as reports print them (`1,234,567`, `12 ms`): the formatting the
/// engine's own reports use, for hosts that print figures beside them.
public typealias Count = EddyCore.Count
