import EddyCore

/// Keeps the rows a window operator dropped as late in a side file (JSON lines, with the
/// operator's input columns), for the `'late.output'` option.
public final class LateRowWriter {
    private let file: SideFile
    private let encoder: JSONRowEncoder
    private var buffer: [UInt8] = []

    init(file: SideFile, schema: Schema) {
        self.file = file
        encoder = JSONRowEncoder(names: schema.names)
    }

    func write(_ batch: Batch, rows: [Int32]) throws {
        guard !rows.isEmpty else { return }
        var late = batch
        late.selection = rows
        buffer.removeAll(keepingCapacity: true)
        encoder.append(late, changelog: false, to: &buffer)
        try file.append(buffer)
    }
}
