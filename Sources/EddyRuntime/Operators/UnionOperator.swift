import EddyCore

/// UNION ALL: every input's rows pass through unchanged. The executor gives it the
/// minimum of its inputs' watermarks, like any operator.
public final class UnionOperator: StreamOperator {
    public init() {}

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        try emit(batch)
    }
}
