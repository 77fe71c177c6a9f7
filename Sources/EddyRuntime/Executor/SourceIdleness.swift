import EddyCore

/// Which sources have sent nothing for their `'source.idle-timeout'`, and how far their
/// watermarks may move so that they stop holding the others back (Flink's idleness).
///
/// Every reader of a source with a watermark is one entry: a source read by one worker is
/// one, a log read in stripes by several workers is one per worker. An entry is idle when
/// it has a timeout and has passed no event for that long (counted from its first
/// `observe`); the others are active. An idle entry's watermark moves up to the lowest
/// watermark of the active entries, never back; when none is active nothing moves.
struct SourceIdleness {
    private struct Reader: Hashable {
        var worker: Int
        var source: Int
    }
    private struct Entry {
        var lastEvent: Double
        var watermark: Int64
        var timeoutMillis: Int64?
        var ended = false
    }
    private var entries: [Reader: Entry] = [:]

    /// Records what one reader did in a round: whether it passed events on, its current
    /// watermark, and whether it has ended (an ended reader neither idles nor holds back).
    mutating func observe(
        worker: Int, source: Int, timeoutMillis: Int64?, now: Double, sentEvents: Bool, watermark: Int64, ended: Bool
    ) {
        let key = Reader(worker: worker, source: source)
        var entry = entries[key] ?? Entry(lastEvent: now, watermark: watermark, timeoutMillis: timeoutMillis)
        if sentEvents { entry.lastEvent = now }
        entry.watermark = watermark
        entry.ended = ended
        entries[key] = entry
    }

    /// The watermark each of `worker`'s idle sources should move to: the lowest watermark
    /// of the active readers of every worker, for the idle sources whose watermark is below
    /// it. Empty when no reader is active or none has a watermark yet.
    func releases(worker: Int, now: Double) -> [(source: Int, watermark: Int64)] {
        var active = Int64.max
        var idle: [Int] = []
        for (key, e) in entries where !e.ended {
            if let timeout = e.timeoutMillis, (now - e.lastEvent) * 1000 >= Double(timeout) {
                if key.worker == worker { idle.append(key.source) }
            } else {
                active = min(active, e.watermark)
            }
        }
        guard active != .max, active != .min else { return [] }
        return idle.compactMap { source in
            let current = entries[Reader(worker: worker, source: source)]?.watermark ?? .min
            return current < active ? (source, active) : nil
        }
    }
}

/// The idleness of a run's sources, shared by its worker threads.
final class SharedSourceIdleness: @unchecked Sendable {
    // Safe to share: `state` is only touched with `lock` held.
    private var state = SourceIdleness()
    private let lock = Lock()

    /// A table for `readers`, or nil when none of them can go idle (no idle timeout): then
    /// the runners skip the bookkeeping and its lock every round.
    static func ifNeeded(for readers: some Sequence<(id: Int, source: SourceReader)>) -> SharedSourceIdleness? {
        readers.contains { $0.source.spec.idleTimeoutMillis != nil } ? SharedSourceIdleness() : nil
    }

    /// After a round of `worker` reading `readers` (`sent`: the sources that passed events
    /// on), moves the watermarks of its idle sources up to the lowest of the active ones.
    func releaseIdleSources(
        worker: Int, readers: [(id: Int, source: SourceReader)], sent: Set<Int>, pipeline: Pipeline, now: Double
    ) throws {
        let releases = lock.locked {
            for (id, source) in readers where source.spec.watermark != nil {
                state.observe(
                    worker: worker, source: id, timeoutMillis: source.spec.idleTimeoutMillis, now: now,
                    sentEvents: sent.contains(id), watermark: pipeline.watermark(of: id), ended: source.isExhausted)
            }
            return state.releases(worker: worker, now: now)
        }
        for r in releases { try pipeline.advanceWatermark(source: r.source, to: r.watermark) }
    }
}
