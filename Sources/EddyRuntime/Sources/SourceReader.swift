import EddyCore

/// What the runners read batches from: a log of files or standard input, or generated
/// rows. One per source of a job.
public protocol SourceReader: AnyObject {
    var spec: SourceSpec { get }
    /// The next batch (empty when nothing is there now).
    func nextBatch(maxRows: Int) throws -> Batch
    /// Whether the source has ended (a bounded log read to its end).
    var isExhausted: Bool { get }
    /// Records the last `nextBatch` went past (blank and skipped ones too): progress.
    var linesInLastBatch: Int { get }
    /// Where to resume: what a checkpoint records.
    var position: SourcePosition { get }
    /// What it read and skipped, for the end-of-run report.
    var report: RunSummary.SourceReport { get }
    /// Bytes read so far and in all, when known (a progress bar's figures).
    var bytes: (read: Int64, total: Int64?) { get }
}

extension DataGenSource {
    var bytes: (read: Int64, total: Int64?) { (0, nil) }
}

extension FileSource: SourceReader {
    public var report: RunSummary.SourceReport {
        RunSummary.SourceReport(
            name: spec.name, path: spec.path, linesRead: linesRead, malformedLines: malformedLines,
            malformedSamples: malformedSamples, blankLines: blankLines, outsideReplay: outsideReplay)
    }
}

/// Opens the reader a source spec asks for.
enum SourceReaders {
    static func open(_ spec: SourceSpec, at position: SourcePosition, sideFiles: SideFiles, replay: ReplayControl) throws -> SourceReader {
        if let datagen = spec.datagen {
            return DataGenSource(spec: spec, generator: datagen, position: position)
        }
        return try FileSource(spec: spec, position: position, sideFiles: sideFiles, replay: replay)
    }
}
