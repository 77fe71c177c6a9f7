import EddyCore
import Testing

@testable import EddyRuntime

/// The windows an event time belongs to, against their definitions (epoch-aligned, as in
/// Flink), for times on both sides of the epoch and sizes that are not multiples.
@Suite("Window assigner")
struct WindowAssignerTests {
    static let times: [Int64] = Array(-25...25) + [1_700_000_000_123, -1_700_000_000_123]


    @Test func tumblingWindowsHoldEachTimeOnce() {
        for size: Int64 in [1, 3, 10] {
            for ts in Self.times {
                let start = (ts / size - (ts % size < 0 ? 1 : 0)) * size
                #expect(Array(WindowAssigner(window: .tumble(size: size)).windows(ts)) == [WindowBounds(start: start, end: start + size)])
            }
        }
    }

    @Test func hoppingWindowsAreEveryAlignedStartWithinASizeLatestFirst() {
        let shapes: [(slide: Int64, size: Int64)] = [(2, 10), (2, 5), (3, 10), (5, 5), (1, 4)]
        for (slide, size) in shapes {
            for ts in Self.times {
                let last = ts - WindowAssigner.floorMod(ts, slide)
                var expected: [WindowBounds] = []
                var start = last
                while start >= last - size - slide {
                    if start <= ts && ts < start + size { expected.append(WindowBounds(start: start, end: start + size)) }
                    start -= slide
                }
                #expect(Array(WindowAssigner(window: .hop(slide: slide, size: size)).windows(ts)) == expected, "slide \(slide) size \(size) ts \(ts)")
            }
        }
    }

    @Test func cumulatingWindowsShareTheirStartAndGrowByStep() {
        let shapes: [(step: Int64, maxSize: Int64)] = [(2, 10), (5, 15), (1, 3), (4, 4)]
        for (step, maxSize) in shapes {
            for ts in Self.times {
                let base = ts - WindowAssigner.floorMod(ts, maxSize)
                var expected: [WindowBounds] = []
                var end = base + step
                while end <= base + maxSize {
                    if ts < end { expected.append(WindowBounds(start: base, end: end)) }
                    end += step
                }
                #expect(Array(WindowAssigner(window: .cumulate(step: step, maxSize: maxSize)).windows(ts)) == expected, "step \(step) max \(maxSize) ts \(ts)")
            }
        }
    }
}
