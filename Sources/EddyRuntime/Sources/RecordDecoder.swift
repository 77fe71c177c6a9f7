/// Turns the lines of a log into batches of the columns a plan reads (JSON lines, CSV).
public protocol RecordDecoder {
    /// Records decoded since the last `finishBatch`.
    var pendingRows: Int { get }
    /// Decodes one line (without its newline); a line that fails leaves no trace.
    mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(DecodeError)
    /// The decoded records as a batch; the decoder starts a new one.
    mutating func finishBatch() -> Batch
}

extension JSONLineDecoder: RecordDecoder {}
