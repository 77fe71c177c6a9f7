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

    /// Two workers' metrics of one operator, summed (peak state: the largest).
    public func adding(_ o: OperatorMetrics) -> OperatorMetrics {
        var m = self
        m.rowsIn += o.rowsIn
        m.rowsOut += o.rowsOut
        m.batchesIn += o.batchesIn
        m.nanos += o.nanos
        m.peakState = max(m.peakState, o.peakState)
        m.lateRowsDropped += o.lateRowsDropped
        m.stateExpired += o.stateExpired
        return m
    }
}
