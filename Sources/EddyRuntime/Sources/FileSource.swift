import EddyCore

/// A source that cannot go on: a missing file, or a malformed record under
/// `'on_error' = 'fail'`. The message names the file and line.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads a log — one file, the files of a glob in name order, gzip-compressed or not, or
/// standard input — as JSON lines or CSV into batches of the fields the plan uses,
/// applying the source's error policy to malformed lines.
public final class FileSource {
    public let spec: SourceSpec
    private let files: LogFiles
    /// The files still to read after the current one (a bounded glob's list, made once).
    private var queued: [String] = []
    private var reader: LineReader
    /// The file being read, nil for standard input.
    private var file: String?
    private var json: JSONLineDecoder?
    private var csv: CSVLineDecoder?
    private var deadLetter: DeadLetterWriter?
    /// Malformed lines skipped under `'on_error' = 'skip'`.
    public private(set) var malformedLines = 0
    public private(set) var linesRead = 0
    /// Blank lines and CSV header lines (not events, not malformed).
    public private(set) var blankLines = 0
    /// Lines the last `nextBatch` went past, rows or not: blank and skipped lines are
    /// progress too (a reader that saw only those must not wait for more).
    public private(set) var linesInLastBatch = 0
    /// The first malformed lines skipped, for the end-of-run report.
    public private(set) var malformedSamples: [DecodeError] = []
    public private(set) var isExhausted = false
    /// Events outside `--from`/`--until`, read but not passed on.
    public private(set) var outsideReplay = 0
    private let replay: ReplayControl
    /// The sizes of the log's files already read to their end, and of all its files (nil
    /// when not known: standard input, compressed files, a followed log).
    private var finishedBytes: Int64 = 0
    private var totalBytes: Int64?
    private var pacer: ReplayPacer?
    /// When the log is read as ranges (a share of it, with other workers reading the rest):
    /// the range being read and those still to read; nil when read whole, in order.
    private var range: ReadRange?
    private var queuedRanges: [ReadRange] = []
    /// The number of lines before the current range (counted when a malformed line needs
    /// its line number).
    private var linesBeforeRange: Int?

    /// Opens the log, starting at `position` (a checkpointed read position) if given; with
    /// `ranges` (or a position that holds ranges), reads only those ranges, in order.
    public init(
        spec: SourceSpec, position: SourcePosition = .start, ranges: [ReadRange]? = nil, sideFiles: SideFiles = SideFiles(),
        replay: ReplayControl = .none
    ) throws(SourceError) {
        self.spec = spec
        let timed = spec.watermark != nil
        self.replay = timed ? replay : .none
        pacer = timed ? replay.speed.map(ReplayPacer.init) : nil
        files = LogFiles(pattern: spec.path)
        if spec.format == "csv" {
            csv = CSVLineDecoder(
                fields: spec.fields, format: spec.csv ?? CSVFormat(), declaredPositions: spec.declaredPositions,
                requiredField: spec.watermark?.column)
        } else {
            json = JSONLineDecoder(fields: spec.fields, requiredField: spec.watermark?.column)
        }
        if spec.connector == "stdin" {
            reader = try Self.open(nil, at: .start, spec)
        } else if var ranges = ranges ?? position.ranges {
            let first = ranges.isEmpty ? nil : ranges.removeFirst()
            let path = first.map { $0.file ?? spec.path } ?? (LogFiles.isGlob(spec.path) ? files.current().first : spec.path)
            guard let path else { throw SourceError("source '\(spec.name)': '\(spec.path)' matches no file") }
            let current = first ?? ReadRange(file: nil, start: 0, end: 0)
            range = current
            queuedRanges = ranges
            file = first?.file
            totalBytes = ranges.reduce(current.length) { $0 + $1.length }
            reader = try Self.open(path, range: current, spec)
        } else {
            var all = files.current()
            if all.isEmpty {
                throw SourceError("source '\(spec.name)': '\(spec.path)' matches no file")
            }
            if let resumed = position.file {
                guard let at = all.firstIndex(of: resumed) else {
                    throw SourceError("source '\(spec.name)': \(resumed), where the checkpoint was reading, is gone")
                }
                all.removeFirst(at)
            }
            let sizes = files.current().map { $0.hasSuffix(".gz") ? nil : DurableFile.size($0) }
            if !spec.follow && !sizes.contains(where: { $0 == nil }) {
                totalBytes = sizes.reduce(0) { $0 + ($1 ?? 0) }
                // Files before the one a checkpoint resumes were read to their ends.
                finishedBytes = (totalBytes ?? 0) - all.reduce(0) { $0 + (DurableFile.size($1) ?? 0) }
            }
            let first = all.removeFirst()
            file = first
            queued = all
            reader = try Self.open(first, at: position, spec)
        }
        try readHeaderIfResumed(at: position)
        if let path = spec.deadLetterPath {
            do {
                deadLetter = DeadLetterWriter(file: try sideFiles.deadLetters(path))
            } catch {
                throw SourceError("source '\(spec.name)': \(error)")
            }
        }
    }

    private static func open(_ path: String?, at position: SourcePosition, _ spec: SourceSpec) throws(SourceError) -> LineReader {
        do {
            return try LineReader(
                path: path, offset: position.byteOffset, lineNumber: position.lineNumber,
                maxLineBytes: spec.maxLineBytes ?? LineReader.defaultMaxLineBytes)
        } catch {
            throw SourceError("source '\(spec.name)': cannot open \(error)")
        }
    }

    private static func open(_ path: String, range: ReadRange, _ spec: SourceSpec) throws(SourceError) -> LineReader {
        do {
            // Line numbers count from the range's first line (1 only at the file's start,
            // where a byte order mark may be); `skip` makes them the file's.
            return try LineReader(
                path: path, offset: range.start, end: range.end, lineNumber: range.start == 0 ? 1 : 2,
                maxLineBytes: spec.maxLineBytes ?? LineReader.defaultMaxLineBytes)
        } catch {
            throw SourceError("source '\(spec.name)': cannot open \(error)")
        }
    }

    /// A CSV file resumed past its header: the header is read again first.
    private func readHeaderIfResumed(at position: SourcePosition) throws(SourceError) {
        guard csv != nil, spec.csv?.header ?? true, position.byteOffset > 0, let file else { return }
        let first = try Self.open(file, at: .start, spec)
        var header: [UInt8]?
        _ = try? first.readLines(maxLines: 1) { line, _ in header = Array(line) }
        guard let header else { throw SourceError("source '\(spec.name)': \(file) has no header line") }
        try useHeader(header)
    }

    private func useHeader(_ line: [UInt8]) throws(SourceError) {
        do throws(DecodeError) {
            try line.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(DecodeError) in
                try csv?.useHeader(Self.withoutByteOrderMark(b, lineNumber: 1), file: file ?? "<stdin>")
            }
        } catch {
            throw SourceError("\(file ?? "<stdin>"):1: \(error.reason)")
        }
    }

    /// Where the next read starts: what a checkpoint stores for this source.
    public var position: SourcePosition {
        if let range {
            let rest = reader.offset < range.end ? [ReadRange(file: range.file, start: reader.offset, end: range.end)] : []
            return SourcePosition(byteOffset: reader.offset, lineNumber: 0, file: range.file, ranges: rest + queuedRanges)
        }
        var p = SourcePosition(byteOffset: reader.offset, lineNumber: reader.nextLineNumber)
        if LogFiles.isGlob(spec.path) { p.file = file }
        return p
    }

    /// Bytes read so far (of every file of the log) and in all, when known.
    public var bytes: (read: Int64, total: Int64?) {
        if let range { return (finishedBytes + reader.offset - range.start, totalBytes) }
        return (finishedBytes + reader.offset, totalBytes)
    }

    /// The file being read (nil for standard input), for checks of a checkpoint.
    public var currentFile: String? { spec.connector == "stdin" ? nil : (file ?? spec.path) }

    /// The next batch of up to `maxRows` records; an empty batch when nothing is available
    /// now (the end of the log, or of what has been appended so far when following).
    public func nextBatch(maxRows requested: Int = 8192) throws -> Batch {
        let maxRows = pacer == nil ? requested : min(requested, ReplayControl.pacedBatchRows)
        var lines = 0
        while true {
            lines += try readLines(maxRows - lines)
            if lines >= maxRows { break }
            if try !moveToNextFile() { break }
        }
        linesRead += lines
        linesInLastBatch = lines
        if lines == 0 && !spec.follow { isExhausted = true }
        let batch = csv?.finishBatch() ?? json?.finishBatch() ?? Batch(columns: [], rowCount: 0)
        return replayed(batch)
    }

    /// The rows within `--from`/`--until`, released no earlier than `--replay-speed` lets.
    private func replayed(_ batch: Batch) -> Batch {
        guard let column = spec.watermark?.column, replay.filters || pacer != nil, !batch.isEmpty,
            case .ints(let times) = batch.columns[column].values
        else { return batch }
        var kept = batch
        if replay.filters {
            let from = replay.from ?? .min, until = replay.until ?? .max
            let selection = batch.liveRows.filter { times[Int($0)] >= from && times[Int($0)] < until }
            outsideReplay += batch.count - selection.count
            kept.selection = selection
        }
        if var pacer {
            var earliest = Int64.max, latest = Int64.min
            kept.forEachRow {
                earliest = min(earliest, times[$0])
                latest = max(latest, times[$0])
            }
            if latest != .min { pacer.wait(earliest: earliest, until: latest) }
            self.pacer = pacer
        }
        return kept
    }

    /// At the end of the current file: opens the next one of the log, if there is one
    /// (for a followed glob, a newer file that appeared). False when there is none.
    private func moveToNextFile() throws -> Bool {
        if let current = range {
            guard !queuedRanges.isEmpty else { return false }
            finishedBytes += current.length
            let next = queuedRanges.removeFirst()
            range = next
            file = next.file
            linesBeforeRange = nil
            reader = try Self.open(next.file ?? spec.path, range: next, spec)
            return true
        }
        if spec.follow && !LogFiles.isGlob(spec.path) && spec.connector != "stdin" {
            // `tail -F`: the followed file was rotated (renamed, a new one made) or
            // truncated; what the old one held was read to its end: read the new one.
            guard reader.fileWasReplaced else { return false }
            reader = try Self.open(spec.path, at: .start, spec)
            return true
        }
        guard spec.connector != "stdin", LogFiles.isGlob(spec.path) || !queued.isEmpty else { return false }
        if spec.follow {
            // Only a file named after the current one: the current one is finished.
            let current = file ?? ""
            let newer = files.current().filter { $0 > current }
            guard let next = newer.first else { return false }
            file = next
        } else {
            guard !queued.isEmpty else { return false }
            finishedBytes += reader.offset
            file = queued.removeFirst()
        }
        reader = try Self.open(file, at: .start, spec)
        return true
    }

    private func readLines(_ maxLines: Int) throws -> Int {
        guard maxLines > 0 else { return 0 }
        if var decoder = json {
            // The decoder is moved out for the lines, so that it is the only owner of its
            // columns (appending needs no copy) and no line goes through this object.
            json = nil
            defer { json = decoder }
            return try readLines(maxLines, header: false) { line, number throws(DecodeError) in
                try decoder.decodeLine(line, lineNumber: number)
            }
        }
        return try readLines(maxLines, header: spec.csv?.header ?? true) { line, number throws(DecodeError) in
            try csv?.decodeLine(line, lineNumber: number)
        }
    }

    private func readLines(
        _ maxLines: Int, header: Bool, _ decode: (UnsafeBufferPointer<UInt8>, Int) throws(DecodeError) -> Void
    ) throws -> Int {
        let limit = reader.maxLineBytes
        return try reader.readLines(maxLines: maxLines, follow: spec.follow, onOversized: { number, length in
            try skip(DecodeError(line: number, reason: "a line of \(length) bytes is longer than 'json.max-line-bytes' (\(limit))"), line: nil)
        }) { whole, number in
            let line = Self.withoutByteOrderMark(whole, lineNumber: number)
            if header && number == 1 {
                try useHeader(Array(line))
                blankLines += 1
                return
            }
            if JSONLineDecoder.isBlank(line) {
                blankLines += 1
                return
            }
            do throws(DecodeError) {
                try decode(line, number)
            } catch {
                try skip(error, line: line)
            }
        }
    }

    /// A UTF-8 byte order mark at the start of a file (some editors write one) is not
    /// part of its first line.
    private static func withoutByteOrderMark(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> UnsafeBufferPointer<UInt8> {
        if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            return UnsafeBufferPointer(rebasing: line[3...])
        }
        return line
    }

    /// A malformed line: stops the run under `'on_error' = 'fail'`, else is counted and
    /// kept as a dead letter (an oversized line's text is not kept: `line` is nil).
    private func skip(_ found: DecodeError, line: UnsafeBufferPointer<UInt8>?) throws {
        let name = file ?? spec.path
        var malformed = found
        if let range, range.start > 0 {
            let before = linesBeforeRange ?? FileStripes.linesBefore(range.start, in: name)
            linesBeforeRange = before
            malformed.line = before + found.line - 1
        }
        if spec.onError == .fail {
            throw SourceError("\(name):\(malformed.line): \(malformed.reason)")
        }
        malformedLines += 1
        if malformedSamples.count < 5 { malformedSamples.append(malformed) }
        do {
            try deadLetter?.write(line: line ?? UnsafeBufferPointer(start: nil, count: 0), error: malformed)
        } catch {
            throw SourceError("source '\(spec.name)': cannot keep line \(malformed.line) as a dead letter: \(error)")
        }
    }
}

/// A read position in a source: the file of a glob being read, the byte offset in it and
/// the number of the line there.
public struct SourcePosition: Codable, Sendable, Hashable {
    public var byteOffset: Int64
    public var lineNumber: Int
    /// The file of a glob being read (nil for a single file or standard input).
    public var file: String?
    /// When the log was read by several workers at once: the ranges still to read (the
    /// other fields then name where the first of them starts; `lineNumber` is 0).
    public var ranges: [ReadRange]?

    public init(byteOffset: Int64, lineNumber: Int, file: String? = nil, ranges: [ReadRange]? = nil) {
        self.byteOffset = byteOffset
        self.lineNumber = lineNumber
        self.file = file
        self.ranges = ranges
    }

    public static let start = SourcePosition(byteOffset: 0, lineNumber: 1)
}
