/// What one operator did during a run: for EXPLAIN ANALYZE and the end-of-run report.
public struct OperatorMetrics: Sendable, Hashable, Codable {
    public var rowsIn = 0
    public var rowsOut = 0
    public var batchesIn = 0
    /// Time spent inside the operator (its own work), in nanoseconds.
    public var nanos: UInt64 = 0
    public var peakState = 0
    public var lateRowsDropped = 0
    public var stateExpired = 0

    public init() {}
}
