import EddyCore

/// Keeps the rows whose predicate is TRUE by narrowing the batch's selection vector.
public final class FilterOperator: StreamOperator {
    private let predicate: Kernel
    let context = EvaluationContext()

    public init(predicate: ScalarExpr) {
        self.predicate = ExprCompiler.compile(predicate, context: context)
    }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws { context.watermark = watermark }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let result = predicate(batch)
        let truth = result.bools
        var selection: [Int32] = []
        selection.reserveCapacity(batch.count)
        if let validity = result.validity {
            batch.forEachRow { r in if truth[r] && validity[r] { selection.append(Int32(r)) } }
        } else {
            batch.forEachRow { r in if truth[r] { selection.append(Int32(r)) } }
        }
        guard !selection.isEmpty else { return }
        var out = batch
        out.selection = selection.count == batch.rowCount ? nil : selection
        try emit(out)
    }
}
