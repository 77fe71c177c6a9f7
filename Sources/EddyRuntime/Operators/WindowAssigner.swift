import EddyCore

/// A window as its bounds: `[start, end)` in epoch milliseconds.
public struct WindowBounds: Hashable, Sendable, Codable, Comparable {
    public var start: Int64
    public var end: Int64
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
    /// Windows fire in order of their end, then their start.
    public static func < (a: WindowBounds, b: WindowBounds) -> Bool {
        a.end != b.end ? a.end < b.end : a.start < b.start
    }
    /// The last timestamp inside the window: it fires when the watermark reaches this.
    public var maxTimestamp: Int64 { end - 1 }
}

/// Assigns an event time to the windows that contain it, aligned to the epoch as Flink
/// does (TUMBLE, HOP, CUMULATE; SESSION windows are built by merging instead).
struct WindowAssigner {
    let window: WindowSpec

    @inline(__always)
    static func floorMod(_ x: Int64, _ m: Int64) -> Int64 {
        let r = x % m
        return r < 0 ? r + m : r
    }

    /// Calls `body` for each window containing `ts`.
    @inline(__always)
    func forEachWindow(_ ts: Int64, _ body: (WindowBounds) -> Void) {
        switch window {
        case .tumble(let size):
            let start = ts - Self.floorMod(ts, size)
            body(WindowBounds(start: start, end: start + size))
        case .hop(let slide, let size):
            var start = ts - Self.floorMod(ts, slide)
            while start > ts - size {
                body(WindowBounds(start: start, end: start + size))
                start -= slide
            }
        case .cumulate(let step, let maxSize):
            let base = ts - Self.floorMod(ts, maxSize)
            var end = ts - Self.floorMod(ts, step) + step
            while end <= base + maxSize {
                body(WindowBounds(start: base, end: end))
                end += step
            }
        case .session(let gap):
            body(WindowBounds(start: ts, end: ts + gap))
        }
    }
}
