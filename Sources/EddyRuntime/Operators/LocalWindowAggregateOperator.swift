import EddyCore

/// The first phase of a two-phase window aggregation: aggregates each batch per window and
/// key and emits the partial results at once, before rows are shuffled between workers;
/// the second phase (a window aggregation reading each row's window) combines them. Fewer
/// rows cross workers when keys repeat within a batch. It keeps no state between batches
/// and drops nothing as late: only the second phase knows when a window has fired.
public final class LocalWindowAggregateOperator: StreamOperator {
    private let spec: WindowAggregateSpec
    private let inputSchema: Schema
    private let outputSchema: Schema

    public init(spec: WindowAggregateSpec, inputSchema: Schema, outputSchema: Schema) {
        self.spec = spec
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
    }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        // A fresh aggregation per batch: interned keys and slots never outlive it.
        let partial = WindowAggregateOperator(spec: spec, inputSchema: inputSchema, outputSchema: outputSchema)
        try partial.process(batch, port: port, emit: emit)
        try partial.emitAll(emit)
    }
}
