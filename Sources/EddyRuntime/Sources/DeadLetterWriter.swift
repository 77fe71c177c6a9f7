#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends skipped malformed lines, with their line number and reason, to a side file as
/// JSON lines: `{"line": 7, "error": "...", "text": "..."}`.
final class DeadLetterWriter {
    private let file: UnsafeMutablePointer<FILE>?

    init(path: String) {
        file = fopen(path, "a")
    }

    deinit { if let file { fclose(file) } }

    func write(line: UnsafeBufferPointer<UInt8>, error: DecodeError) {
        guard let file else { return }
        let text = String(decoding: line, as: UTF8.self)
        let record = "{\"line\": \(error.line), \"error\": \(JSONText.quote(error.reason)), \"text\": \(JSONText.quote(text))}\n"
        fputs(record, file)
        fflush(file)
    }
}
