import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A range of bytes of one file of a log, `[start, end)`, starting at the beginning of a
/// line and ending after one: the unit of work when several workers read one log.
public struct ReadRange: Codable, Sendable, Hashable {
    /// The file (nil: the source's path, a single file).
    public var file: String?
    public var start: Int64
    public var end: Int64

    public init(file: String?, start: Int64, end: Int64) {
        self.file = file
        self.start = start
        self.end = end
    }

    public var length: Int64 { end - start }
}

/// Splits a log into stripes, line-aligned ranges of about `stripeBytes`, that workers
/// read in parallel: worker `w` of `n` takes stripes `w`, `w + n`, ... so that all workers
/// move through the log's event time together, and a keyed operator (whose watermark is
/// the lowest of the workers') keeps about one stripe's events more state than with one
/// reader, instead of half the log's.
enum FileStripes {
    /// The stripe size unless the run says otherwise: large enough that a stripe's
    /// bookkeeping is nothing, small enough that workers stay close in event time.
    static let defaultStripeBytes: Int64 = 4 << 20

    /// Whether a source can be read by several workers at once: a bounded log of plain
    /// JSON-lines files (a compressed file cannot be entered in the middle, a CSV file's
    /// header belongs to its start, a followed or paced log is read in order).
    static func canSplit(_ spec: SourceSpec, paced: Bool) -> Bool {
        spec.connector == "file" && spec.format != "csv" && !spec.follow && !spec.isTable && !paced
            && spec.datagen == nil
    }

    /// The ranges still to read of a source at `position` (its whole log at the start).
    /// Nil when some file cannot be split (compressed) or is missing.
    static func remaining(_ spec: SourceSpec, at position: SourcePosition) -> [ReadRange]? {
        if let ranges = position.ranges { return ranges }
        let glob = LogFiles.isGlob(spec.path)
        var files = glob ? LogFiles(pattern: spec.path).current() : [spec.path]
        if let resumed = position.file {
            guard let at = files.firstIndex(of: resumed) else { return nil }
            files.removeFirst(at)
        }
        var out: [ReadRange] = []
        for (i, file) in files.enumerated() {
            guard !file.hasSuffix(".gz"), let size = DurableFile.size(file) else { return nil }
            let start = i == 0 ? position.byteOffset : 0
            if size > start { out.append(ReadRange(file: glob ? file : nil, start: start, end: size)) }
        }
        return out
    }

    /// `ranges` cut into line-aligned stripes of about `stripeBytes`.
    static func split(_ ranges: [ReadRange], spec: SourceSpec, stripeBytes: Int64) -> [ReadRange] {
        var out: [ReadRange] = []
        for range in ranges {
            let path = range.file ?? spec.path
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                out.append(range)
                continue
            }
            defer { close(fd) }
            var start = range.start
            while range.end - start > stripeBytes + stripeBytes / 2 {
                guard let cut = lineStart(fd, atOrAfter: start + stripeBytes, before: range.end) else { break }
                out.append(ReadRange(file: range.file, start: start, end: cut))
                start = cut
            }
            out.append(ReadRange(file: range.file, start: start, end: range.end))
        }
        return out
    }

    /// The offset of the first line starting at or after `offset` (just past a newline),
    /// nil if none starts before `limit`.
    private static func lineStart(_ fd: Int32, atOrAfter offset: Int64, before limit: Int64) -> Int64? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var at = offset - 1  // the byte before: a newline there makes `offset` a line start
        while at < limit {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            guard n > 0 else { return nil }
            if let i = chunk[0..<n].firstIndex(of: 10) {
                let cut = at + Int64(i) + 1
                return cut < limit ? cut : nil
            }
            at += Int64(n)
        }
        return nil
    }

    /// Stripes dealt to `workers` readers in turn.
    static func deal(_ stripes: [ReadRange], workers: Int) -> [[ReadRange]] {
        var out = [[ReadRange]](repeating: [], count: workers)
        for (i, s) in stripes.enumerated() { out[i % workers].append(s) }
        return out
    }

    /// The number of lines before `offset` in `path` (for the line number of a malformed
    /// line in a range that starts in the middle of a file: counted only then).
    static func linesBefore(_ offset: Int64, in path: String) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at: Int64 = 0, lines = 0
        while at < offset {
            let want = Int(min(Int64(chunk.count), offset - at))
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(at)) }
            guard n > 0 else { break }
            for b in chunk[0..<n] where b == 10 { lines += 1 }
            at += Int64(n)
        }
        return lines
    }
}
