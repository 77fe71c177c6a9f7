import EddyCore

/// Keeps the rows a window operator dropped as late in a side file (JSON lines, with the
/// operator's input columns), for the `'late.output'` option. A file that cannot be opened
/// leaves the rows only counted, never stops the job.
final class LateRowWriter {
    private let sink: JSONFileSink?
    let path: String

    init(path: String, schema: Schema) {
        self.path = path
        sink = try? JSONFileSink(path: path, names: schema.names, changelog: false)
    }

    func write(_ batch: Batch, rows: [Int32]) throws {
        guard let sink, !rows.isEmpty else { return }
        var late = batch
        late.selection = rows
        try sink.write(late)
    }

    func flush() throws { try sink?.flush() }
}
