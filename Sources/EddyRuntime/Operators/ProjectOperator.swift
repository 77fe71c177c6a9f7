import EddyCore

/// Computes the output columns from the input columns; the selection and row kinds pass
/// through unchanged.
public final class ProjectOperator: StreamOperator {
    private let expressions: [Kernel]
    let context = EvaluationContext()

    public init(expressions: [ScalarExpr]) {
        let context = self.context
        self.expressions = expressions.map { ExprCompiler.compile($0, context: context) }
    }

    public func advanceWatermark(to watermark: Int64, emit: Emit) throws { context.watermark = watermark }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let columns = expressions.map { $0(batch) }
        try emit(Batch(columns: columns, rowCount: batch.rowCount, selection: batch.selection, rowKinds: batch.rowKinds))
    }
}
