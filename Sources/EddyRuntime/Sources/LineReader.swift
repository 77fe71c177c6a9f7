import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file line by line through a large buffer, handing out each line as bytes
/// without copying, and knowing the byte offset and number of every line (for errors and
/// for checkpoints, which store where to resume).
public final class LineReader {
    /// The file's name, for messages.
    public let path: String
    private let input: ByteInput
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    /// Byte offset in the file of `buffer[start]` (uncompressed bytes for a `.gz` file).
    public private(set) var offset: Int64
    /// Number of the next line to be returned (1-based).
    public private(set) var nextLineNumber: Int
    /// The longest line kept whole; a longer one is skipped (its bytes never all held in
    /// memory) and reported to `onOversized`.
    public let maxLineBytes: Int
    /// Bytes of an oversized line skipped so far (nil when not skipping one).
    private var skipped: Int64?

    /// Whether the file read was rotated away or truncated (see `FileInput.wasReplaced`).
    public var fileWasReplaced: Bool { (input as? FileInput)?.wasReplaced(readUpTo: offset) ?? false }

    /// The default of `'json.max-line-bytes'`: 64 MiB.
    public static let defaultMaxLineBytes = 64 << 20

    /// Reads the file at `path` from `offset` (a name ending in `.gz` is inflated), or
    /// standard input when `path` is nil; with `end`, only the bytes before that offset
    /// (of a plain file: one range of it).
    public init(
        path: String?, offset: Int64 = 0, end: Int64? = nil, lineNumber: Int = 1, bufferSize: Int = 1 << 20,
        maxLineBytes: Int = defaultMaxLineBytes
    ) throws {
        self.path = path ?? "<stdin>"
        self.maxLineBytes = max(1, maxLineBytes)
        if let path {
            input = path.hasSuffix(".gz") ? try GzipInput(path: path, offset: offset) : try FileInput(path: path, offset: offset, end: end)
        } else {
            input = StandardInput()
        }
        self.buffer = [UInt8](repeating: 0, count: min(bufferSize, max(64, maxLineBytes)))
        self.offset = offset
        self.nextLineNumber = lineNumber
    }

    /// Calls `body` with each complete line available now (without its `\n`), up to
    /// `maxLines`; at the end of the file a last line without `\n` counts as complete
    /// unless `follow` is set (a writer may still be appending it). Returns the number of
    /// lines handed out; 0 means the end of the file for now.
    public func readLines(
        maxLines: Int, follow: Bool = false, onOversized: (Int, Int64) throws -> Void = { _, _ in },
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws -> Int {
        var produced = 0
        while produced < maxLines {
            if let length = skipped {
                // Inside a line longer than allowed: drop bytes up to its newline.
                if let newline = findNewline() {
                    let consumed = newline + 1 - start
                    start += consumed
                    offset += Int64(consumed)
                    skipped = nil
                    try onOversized(nextLineNumber, length + Int64(consumed - 1))
                    nextLineNumber += 1
                    produced += 1
                    continue
                }
                skipped = length + Int64(end - start)
                offset += Int64(end - start)
                start = end
                if try fill() { continue }
                if !follow, let rest = skipped {
                    skipped = nil
                    try onOversized(nextLineNumber, rest)
                    nextLineNumber += 1
                    produced += 1
                }
                break
            }
            let delivered = try deliverBufferedLines(upTo: maxLines - produced, body)
            produced += delivered
            if delivered > 0 { continue }
            if try fill() { continue }
            // End of file: a final unterminated line.
            if start < end && !follow {
                try deliver(from: start, to: end, consumed: end - start, body)
                produced += 1
            }
            break
        }
        return produced
    }

    private func deliver(
        from s: Int, to e: Int, consumed: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        try buffer.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            try body(Self.line(base, from: s, to: e), nextLineNumber)
        }
        start += consumed
        offset += Int64(consumed)
        nextLineNumber += 1
    }

    /// Hands out the complete lines already in the buffer, up to `maxLines`, in one pass
    /// over it (the reader's position is kept in locals and stored once). A line whose
    /// `body` throws is not consumed, as `deliver` leaves it.
    private func deliverBufferedLines(upTo maxLines: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws -> Int {
        var lineStart = start
        var number = nextLineNumber
        let bufferEnd = end
        defer {
            offset += Int64(lineStart - start)
            start = lineStart
            nextLineNumber = number
        }
        return try buffer.withUnsafeBufferPointer { all -> Int in
            guard let base = all.baseAddress else { return 0 }
            var delivered = 0
            while delivered < maxLines, lineStart < bufferEnd, let hit = memchr(base + lineStart, 10, bufferEnd - lineStart) {
                let newline = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
                try body(Self.line(base, from: lineStart, to: newline), number)
                lineStart = newline + 1
                number += 1
                delivered += 1
            }
            return delivered
        }
    }

    /// The bytes from `s` to `e` (a line without its newline) without a final carriage
    /// return (a file written on Windows).
    @inline(__always)
    private static func line(_ base: UnsafePointer<UInt8>, from s: Int, to e: Int) -> UnsafeBufferPointer<UInt8> {
        let lineEnd = e > s && base[e - 1] == 13 ? e - 1 : e
        return UnsafeBufferPointer(start: base + s, count: lineEnd - s)
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBufferPointer { all -> Int? in
            guard let base = all.baseAddress,
                let hit = memchr(base + start, 10, end - start)
            else { return nil }
            return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
        }
    }

    /// Moves the unread tail to the front and reads more; false when nothing more came.
    private func fill() throws -> Bool {
        if start > 0 {
            let tail = end - start
            if tail > 0 {
                buffer.withUnsafeMutableBufferPointer { all in
                    guard let base = all.baseAddress else { return }
                    memmove(base, base + start, tail)
                }
            }
            start = 0
            end = tail
        }
        if end == buffer.count {
            if buffer.count >= maxLineBytes {
                // A line longer than allowed: skip it rather than hold it.
                skipped = Int64(end)
                offset += Int64(end)
                end = 0
            } else {
                // A line longer than the buffer: grow it.
                buffer.append(contentsOf: [UInt8](repeating: 0, count: min(buffer.count, maxLineBytes - buffer.count)))
            }
        }
        let n = try buffer.withUnsafeMutableBufferPointer { all throws -> Int in
            guard let base = all.baseAddress else { return 0 }
            return try input.read(into: base + end, count: all.count - end)
        }
        end += n
        return n > 0
    }
}
