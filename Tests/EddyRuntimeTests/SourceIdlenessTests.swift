import Testing

@testable import EddyRuntime

/// When a quiet source stops holding back the watermark, and how far it moves.
@Suite("Source idleness")
struct SourceIdlenessTests {
    @Test func aQuietSourceMovesUpToTheLowestActiveWatermarkOfAnyWorker() {
        var s = SourceIdleness()
        // Worker 0 reads source 1 (times out after 500 ms); workers 1 and 0 read stripes of source 2.
        s.observe(worker: 0, source: 1, timeoutMillis: 500, now: 0, sentEvents: true, watermark: 1_000, ended: false)
        s.observe(worker: 0, source: 2, timeoutMillis: nil, now: 0, sentEvents: true, watermark: 9_000, ended: false)
        s.observe(worker: 1, source: 2, timeoutMillis: nil, now: 0, sentEvents: true, watermark: 7_000, ended: false)
        #expect(s.releases(worker: 0, now: 0.4).isEmpty, "not quiet long enough")
        let moved = s.releases(worker: 0, now: 0.6)
        #expect(moved.map(\.source) == [1] && moved.map(\.watermark) == [7_000], "the lowest active watermark, of worker 1")
        #expect(s.releases(worker: 1, now: 0.6).isEmpty, "worker 1 has no quiet source")
        // An event makes it active again; an ended reader no longer holds anyone back.
        s.observe(worker: 0, source: 1, timeoutMillis: 500, now: 0.7, sentEvents: true, watermark: 7_000, ended: false)
        #expect(s.releases(worker: 0, now: 0.8).isEmpty)
        s.observe(worker: 1, source: 2, timeoutMillis: nil, now: 0.8, sentEvents: false, watermark: .max, ended: true)
        #expect(s.releases(worker: 0, now: 1.3).map(\.watermark) == [9_000])
    }

    @Test func nothingMovesWhenEverySourceIsQuietOrNoneHasAWatermarkYet() {
        var s = SourceIdleness()
        s.observe(worker: 0, source: 1, timeoutMillis: 100, now: 0, sentEvents: false, watermark: 5, ended: false)
        s.observe(worker: 0, source: 2, timeoutMillis: 100, now: 0, sentEvents: false, watermark: 9, ended: false)
        #expect(s.releases(worker: 0, now: 1).isEmpty, "all quiet: the watermark waits, as in Flink")
        s.observe(worker: 0, source: 2, timeoutMillis: 100, now: 1, sentEvents: true, watermark: .min, ended: false)
        #expect(s.releases(worker: 0, now: 1.05).isEmpty, "the active source has no watermark yet")
    }
}
