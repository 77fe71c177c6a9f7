import EddyCore

/// Receives the batches an operator emits (the executor routes them to its consumers).
public typealias Emit = (Batch) throws -> Void

/// A physical operator at run time. The executor calls it on one thread: batches from
/// input port `port`, then watermarks once the minimum over all inputs has advanced,
/// and `finish` when every input has ended.
public protocol StreamOperator: AnyObject {
    func process(_ batch: Batch, port: Int, emit: Emit) throws
    /// The event-time watermark of this operator's inputs has advanced to `watermark`
    /// (`Int64.max` at the end of input): fire what it completes.
    func advanceWatermark(to watermark: Int64, emit: Emit) throws
    /// Wall-clock time has advanced (milliseconds): for state TTL over inputs without
    /// event time. Tests never call it, so they stay deterministic.
    func advanceProcessingTime(to now: Int64, emit: Emit) throws
    /// The input has ended.
    func finish(emit: Emit) throws
    /// Rows dropped because they arrived after their window had fired.
    var lateRowsDropped: Int { get }
    /// A measure of the state held now (groups, rows, keys), for EXPLAIN ANALYZE.
    var stateSize: Int { get }
    /// Keys whose state was dropped by `state.ttl`.
    var stateExpired: Int { get }
    /// Whether the watermark of input `port` counts toward this operator's watermark (a
    /// lookup table's does not).
    func tracksWatermark(ofPort port: Int) -> Bool
}

extension StreamOperator {
    public func advanceWatermark(to watermark: Int64, emit: Emit) throws {}
    public func finish(emit: Emit) throws {}
    public func advanceProcessingTime(to now: Int64, emit: Emit) throws {}
    public var stateExpired: Int { 0 }
    public func tracksWatermark(ofPort port: Int) -> Bool { true }
    public var lateRowsDropped: Int { 0 }
    public var stateSize: Int { 0 }
}
