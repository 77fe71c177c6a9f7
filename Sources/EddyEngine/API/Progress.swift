import EddyCore
import EddyRuntime

/// Where a running job is, a few times a second (one worker): for a progress line.
public struct Progress: Sendable {
    /// Bytes read of all the job's logs, when their size is known.
    public var bytesRead: Int64
    public var totalBytes: Int64?
    public var events: Int
    public var lateDropped: Int
    public var malformed: Int
    /// The lowest watermark of the sources, as text (`2024-01-01T10:00:00`).
    public var watermark: String?

    init(_ p: RunProgress) {
        bytesRead = p.bytesRead
        totalBytes = p.totalBytes
        events = p.events
        lateDropped = p.lateDropped
        malformed = p.malformed
        watermark = p.watermark.map(Timestamps.format)
    }

    /// The share read, 0 to 1, when the total is known.
    public var fraction: Double? {
        guard let total = totalBytes, total > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(total))
    }
}
