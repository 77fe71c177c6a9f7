/// A `'connector' = 'datagen'` source (Flink's option names): rows made up as they are
/// read, for demos and tests. Random values are drawn from a seeded generator per row, so
/// a run — and a run resumed from a checkpoint — makes the same rows.
public struct DataGenSpec: Codable, Sendable, Hashable {
    /// `'rows-per-second'` (10,000 by default, as Flink).
    public var rowsPerSecond: Double = 10_000
    /// `'number-of-rows'`: the source ends after them; nil: it never ends.
    public var numberOfRows: Int64?
    /// `'seed'` (Eddy's): the random values' seed.
    public var seed: UInt64 = 0
    /// Per field of the source's output, in its order.
    public var fields: [DataGenField] = []

    public init() {}
}

/// How one column is made (`'fields.NAME.*'`).
public struct DataGenField: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case random = "random", sequence = "sequence" }

    public var kind: Kind = .random
    /// Random numbers: `'fields.N.min'`, `'fields.N.max'` (inclusive).
    public var min: Double?
    public var max: Double?
    /// Sequences: `'fields.N.start'`, `'fields.N.end'` (a sequence ends the source).
    public var start: Int64?
    public var end: Int64?
    /// Random strings: `'fields.N.length'` (100 by default, as Flink).
    public var length: Int = 100
    /// Random timestamps: up to `'fields.N.max-past'` before now (0: now).
    public var maxPastMillis: Int64 = 0
    /// `'fields.N.null-rate'`: the share of NULLs, 0 to 1.
    public var nullRate: Double = 0

    public init() {}
}
