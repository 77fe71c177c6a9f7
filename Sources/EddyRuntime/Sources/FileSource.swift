import EddyCore

/// A source that cannot go on: a missing file, or a malformed record under
/// `'on_error' = 'fail'`. The message names the file and line.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads a JSON-lines file into batches of the fields the plan uses, applying the
/// source's error policy to malformed lines.
public final class FileSource {
    public let spec: SourceSpec
    private let reader: LineReader
    private var decoder: JSONLineDecoder
    private var deadLetter: DeadLetterWriter?
    /// Malformed lines skipped under `'on_error' = 'skip'`.
    public private(set) var malformedLines = 0
    public private(set) var linesRead = 0
    /// Blank lines (not events, not malformed).
    public private(set) var blankLines = 0
    /// Lines the last `nextBatch` went past, rows or not: blank and skipped lines are
    /// progress too (a reader that saw only those must not wait for more).
    public private(set) var linesInLastBatch = 0
    /// The first malformed lines skipped, for the end-of-run report.
    public private(set) var malformedSamples: [DecodeError] = []
    public private(set) var isExhausted = false

    /// Opens the file, starting at `position` (a checkpointed read position) if given.
    public init(spec: SourceSpec, position: SourcePosition = .start, sideFiles: SideFiles = SideFiles()) throws(SourceError) {
        self.spec = spec
        do {
            reader = try LineReader(
                path: spec.path, offset: position.byteOffset, lineNumber: position.lineNumber,
                maxLineBytes: spec.maxLineBytes ?? LineReader.defaultMaxLineBytes)
        } catch {
            throw SourceError("source '\(spec.name)': cannot open \(error.description)")
        }
        decoder = JSONLineDecoder(fields: spec.fields, requiredField: spec.watermark?.column)
        if let path = spec.deadLetterPath {
            do {
                deadLetter = DeadLetterWriter(file: try sideFiles.deadLetters(path))
            } catch {
                throw SourceError("source '\(spec.name)': \(error)")
            }
        }
    }

    /// A malformed line: stops the run under `'on_error' = 'fail'`, else is counted and
    /// kept as a dead letter (an oversized line's text is not kept: `line` is nil).
    private func skip(_ malformed: DecodeError, line: UnsafeBufferPointer<UInt8>?) throws {
        if spec.onError == .fail {
            throw SourceError("\(spec.path):\(malformed.line): \(malformed.reason)")
        }
        malformedLines += 1
        if malformedSamples.count < 5 { malformedSamples.append(malformed) }
        do {
            try deadLetter?.write(line: line ?? UnsafeBufferPointer(start: nil, count: 0), error: malformed)
        } catch {
            throw SourceError("source '\(spec.name)': cannot keep line \(malformed.line) as a dead letter: \(error)")
        }
    }

    /// Where the next read starts: what a checkpoint stores for this source.
    public var position: SourcePosition {
        SourcePosition(byteOffset: reader.offset, lineNumber: reader.nextLineNumber)
    }

    /// The next batch of up to `maxRows` records; an empty batch when nothing is available
    /// now (the end of the file, or of what has been appended so far when following).
    public func nextBatch(maxRows: Int = 8192) throws -> Batch {
        let limit = reader.maxLineBytes
        let lines = try reader.readLines(maxLines: maxRows, follow: spec.follow, onOversized: { number, length in
            try skip(DecodeError(line: number, reason: "a line of \(length) bytes is longer than 'json.max-line-bytes' (\(limit))"), line: nil)
        }) { whole, number in
            // A UTF-8 byte order mark at the start of a log (some editors write one) is
            // not part of the first record.
            var line = whole
            if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
            if JSONLineDecoder.isBlank(line) {
                blankLines += 1
                return
            }
            do throws(DecodeError) {
                try decoder.decodeLine(line, lineNumber: number)
            } catch {
                try skip(error, line: line)
            }
        }
        linesRead += lines
        linesInLastBatch = lines
        if lines == 0 && !spec.follow { isExhausted = true }
        return decoder.finishBatch()
    }
}

/// A read position in a file source: byte offset and the number of the line there.
public struct SourcePosition: Codable, Sendable, Hashable {
    public var byteOffset: Int64
    public var lineNumber: Int
    public init(byteOffset: Int64, lineNumber: Int) {
        self.byteOffset = byteOffset
        self.lineNumber = lineNumber
    }
    public static let start = SourcePosition(byteOffset: 0, lineNumber: 1)
}
