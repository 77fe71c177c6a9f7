/// The clock of state TTL: the watermark once the input has one (so replays expire state
/// exactly alike), processing time until then. Shared by the operators with unbounded
/// keyed state.
struct TTLClock {
    private(set) var now = Int64.min
    private(set) var sawWatermark = false

    /// Moves to the watermark (not to the +infinity that ends the input); whether it moved.
    mutating func advance(watermark: Int64) -> Bool {
        guard watermark != .max else { return false }
        sawWatermark = true
        now = watermark
        return true
    }

    /// Moves to wall-clock time, unless the watermark drives the clock; whether it moved.
    mutating func advance(processingTime time: Int64) -> Bool {
        guard !sawWatermark else { return false }
        now = time
        return true
    }

    /// Its checkpointed form (see `StateCoder`).
    mutating func code<C: StateCoder>(_ c: inout C) throws {
        try c.code(&now)
        try c.code(&sawWatermark)
    }
}
