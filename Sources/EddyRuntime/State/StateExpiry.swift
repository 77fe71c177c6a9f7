/// State time-to-live (`state.ttl`): remembers when each slot of keyed state was last
/// touched and hands back the slots idle for longer than the TTL. The clock is the
/// operator's watermark when its input has event time (so tests and replays expire state
/// exactly alike), and processing time otherwise. A slot touched before the clock started
/// counts as touched when it starts.
public struct StateExpiry {
    public let ttl: Int64
    var queue: [(time: Int64, slot: Int32)] = []
    var head = 0
    var lastTouch: [Int64] = []
    /// Slots dropped because they were idle too long.
    public internal(set) var expiredCount = 0

    public init(ttl: Int64) { self.ttl = ttl }

    /// A touch before the clock started (no watermark yet).
    private static let beforeClock = Int64.min + 1

    public mutating func touch(_ slot: Int32, at now: Int64) {
        let s = Int(slot)
        while lastTouch.count <= s { lastTouch.append(.min) }
        let time = now == .min ? Self.beforeClock : now
        lastTouch[s] = time
        queue.append((time, slot))
    }

    /// Puts back saved touch times (restoring a checkpoint); the queue stays in time order.
    public mutating func restoreTouches(_ touches: [(slot: Int32, time: Int64)]) {
        for t in touches.sorted(by: { $0.time < $1.time }) { touch(t.slot, at: t.time) }
    }

    /// Forgets a slot that was freed for another reason (its rows were all retracted).
    public mutating func forget(_ slot: Int32) {
        let s = Int(slot)
        if s < lastTouch.count { lastTouch[s] = .min }
    }

    /// When a slot was last touched (for checkpoints); nil if it is not tracked.
    public func lastTouched(_ slot: Int32) -> Int64? {
        let s = Int(slot)
        guard s < lastTouch.count, lastTouch[s] != .min else { return nil }
        return lastTouch[s]
    }

    /// The slots whose last touch is at least `ttl` before `now`; they are forgotten.
    public mutating func expire(now: Int64) -> [Int32] {
        guard now != .min else { return [] }
        var expired: [Int32] = []
        var restamped: [(Int64, Int32)] = []
        while head < queue.count {
            let (time, slot) = queue[head]
            let s = Int(slot)
            if time == Self.beforeClock {
                // Touched before the clock started: count from now.
                if lastTouch[s] == Self.beforeClock { restamped.append((now, slot)) }
                head += 1
                continue
            }
            guard time <= now &- ttl else { break }
            head += 1
            if lastTouch[s] == time {
                lastTouch[s] = .min
                expired.append(slot)
            }
        }
        for (t, slot) in restamped where lastTouch[Int(slot)] == Self.beforeClock {
            lastTouch[Int(slot)] = t
            queue.append((t, slot))
        }
        if head > 4096 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        expiredCount += expired.count
        return expired
    }
}
