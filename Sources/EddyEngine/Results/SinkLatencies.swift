import Foundation
import Histogram

/// What each sink wrote and how long after the read of the source batch that produced
/// them its rows were written: an HDR histogram per sink (1 µs to 1 hour, 3 significant
/// digits), fed by every worker.
final class SinkLatencies: @unchecked Sendable {
    // Safe to share among workers: every access holds `lock`.
    private let lock = NSLock()
    private var histograms: [String: Histogram<UInt64>] = [:]
    private var rows: [String: Int] = [:]
    private var order: [String] = []

    func record(_ sink: String, nanos: UInt64, rows count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if histograms[sink] == nil {
            histograms[sink] = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
            order.append(sink)
        }
        let micros = Swift.min(Swift.max(nanos / 1000, 1), 3_600_000_000)
        histograms[sink]?.record(micros, count: UInt64(count))
        rows[sink, default: 0] += count
    }

    /// One report a sink, in the order they first wrote.
    func reports() -> [SinkReport] {
        lock.lock()
        defer { lock.unlock() }
        return order.compactMap { name in
            guard let h = histograms[name] else { return nil }
            return SinkReport(
                name: name, rows: rows[name] ?? 0, p50Micros: h.valueAtPercentile(50), p99Micros: h.valueAtPercentile(99), maxMicros: h.max)
        }
    }
}

/// A sink's rows and their end-to-end latency (from the read of the source batch that
/// produced them to their write into the sink).
public struct SinkReport: Sendable {
    public var name: String
    public var rows: Int
    public var p50Micros: UInt64
    public var p99Micros: UInt64
    public var maxMicros: UInt64
}
