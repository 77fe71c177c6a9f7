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

    /// The windows containing `ts`: consecutive ones a fixed step apart, so that callers
    /// loop over them without a closure.
    @inline(__always)
    func windows(_ ts: Int64) -> Windows {
        switch window {
        case .tumble(let size):
            let start = ts - Self.floorMod(ts, size)
            return Windows(first: WindowBounds(start: start, end: start + size), count: 1, step: (0, 0))
        case .hop(let slide, let size):
            // Starts from the last one at or before ts back while they are after ts - size.
            let offset = Self.floorMod(ts, slide)
            let start = ts - offset
            return Windows(first: WindowBounds(start: start, end: start + size), count: Int((size - offset + slide - 1) / slide), step: (-slide, -slide))
        case .cumulate(let step, let maxSize):
            let base = ts - Self.floorMod(ts, maxSize)
            let end = ts - Self.floorMod(ts, step) + step
            let span = base + maxSize - end
            return Windows(first: WindowBounds(start: base, end: end), count: span < 0 ? 0 : Int(span / step) + 1, step: (0, step))
        case .session(let gap):
            return Windows(first: WindowBounds(start: ts, end: ts + gap), count: 1, step: (0, 0))
        }
    }

    /// `count` windows from `first`, each `step` (start, end) after the one before.
    struct Windows: RandomAccessCollection {
        let first: WindowBounds
        let count: Int
        let step: (start: Int64, end: Int64)

        var startIndex: Int { 0 }
        var endIndex: Int { count }

        @inline(__always)
        subscript(i: Int) -> WindowBounds {
            WindowBounds(start: first.start + Int64(i) * step.start, end: first.end + Int64(i) * step.end)
        }
    }
}
