import EddyCore

/// Where a sink's rows go: a file, the CLI's stdout, an in-memory collection.
public protocol SinkWriter: AnyObject {
    func write(_ batch: Batch) throws
    /// Makes everything written so far durable (end of input, checkpoint).
    func flush() throws
}

/// The last operator of a query: hands its rows to a writer.
public final class SinkOperator: StreamOperator {
    public let writer: SinkWriter
    /// Told the number of rows of each batch written (the pipeline measures latency).
    var onWrite: ((Int) -> Void)?

    public init(writer: SinkWriter) { self.writer = writer }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        try writer.write(batch)
        onWrite?(batch.count)
    }

    public func finish(emit: Emit) throws {
        try writer.flush()
    }
}
