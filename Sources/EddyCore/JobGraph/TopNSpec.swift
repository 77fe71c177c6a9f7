/// `ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS rn ... WHERE rn <= limit`: the first
/// `limit` rows of each partition. Output: the input's columns, then `rn` when
/// `emitsRowNumber`.
public struct TopNSpec: Codable, Sendable, Hashable {
    public struct SortKey: Codable, Sendable, Hashable {
        public var column: Int
        public var descending: Bool
        /// NULLs first (SQL's default for ASC in Flink is NULLS FIRST... see `nullsFirst`).
        public var nullsFirst: Bool
        public init(column: Int, descending: Bool, nullsFirst: Bool) {
            self.column = column
            self.descending = descending
            self.nullsFirst = nullsFirst
        }
    }

    public var partitionColumns: [Int]
    public var orderBy: [SortKey]
    public var limit: Int
    public var emitsRowNumber: Bool
    /// The column holding `window_end` when the input is a windowed result: each window's
    /// top rows are final when the watermark passes its end (append-only). Otherwise the
    /// ranking is kept up to date (a changelog).
    public var windowEndColumn: Int?
    public var stateTTLMillis: Int64?

    public init(
        partitionColumns: [Int], orderBy: [SortKey], limit: Int, emitsRowNumber: Bool, windowEndColumn: Int? = nil,
        stateTTLMillis: Int64? = nil
    ) {
        self.partitionColumns = partitionColumns
        self.orderBy = orderBy
        self.limit = limit
        self.emitsRowNumber = emitsRowNumber
        self.windowEndColumn = windowEndColumn
        self.stateTTLMillis = stateTTLMillis
    }
}
