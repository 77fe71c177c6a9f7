import EddyCore

/// A fused filter and projection: narrows the selection by the predicate, then computes
/// the output columns, in one pass over the batch.
public final class CalcOperator: StreamOperator {
    let filter: FilterOperator?
    let project: ProjectOperator

    public init(predicate: ScalarExpr?, expressions: [ScalarExpr]) {
        filter = predicate.map { FilterOperator(predicate: $0) }
        project = ProjectOperator(expressions: expressions)
    }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        guard let filter else { return try project.process(batch, port: port, emit: emit) }
        try filter.process(batch, port: port) { kept in try project.process(kept, port: port, emit: emit) }
    }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws {
        try filter?.advanceWatermark(to: watermark, emit: emit)
        try project.advanceWatermark(to: watermark, emit: emit)
    }
}
