/// Appends skipped malformed lines, with their line number and reason, to a side file as
/// JSON lines: `{"line": 7, "error": "...", "text": "..."}`.
final class DeadLetterWriter {
    private let file: SideFile

    init(file: SideFile) { self.file = file }

    func write(line: UnsafeBufferPointer<UInt8>, error: DecodeError) throws {
        let text = String(decoding: line, as: UTF8.self)
        let record = "{\"line\": \(error.line), \"error\": \(JSONText.quote(error.reason)), \"text\": \(JSONText.quote(text))}\n"
        try file.append(Array(record.utf8))
    }
}
