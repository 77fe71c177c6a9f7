#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a recorded log is replayed: which event times are read (`--from`, `--until`), and
/// how fast (`--replay-speed`: as fast as possible, or paced by the events' own times, so
/// that a recorded day can be watched as a live stream). It applies to the sources with an
/// event time (a WATERMARK clause).
public struct ReplayControl: Sendable, Equatable {
    /// The first event time read (inclusive), in milliseconds.
    public var from: Int64?
    /// The event time where reading stops (exclusive).
    public var until: Int64?
    /// Event-time seconds per wall-clock second; nil: as fast as possible.
    public var speed: Double?

    public init(from: Int64? = nil, until: Int64? = nil, speed: Double? = nil) {
        self.from = from
        self.until = until
        self.speed = speed
    }

    public static let none = ReplayControl()

    var filters: Bool { from != nil || until != nil }

    /// Rows per batch when paced: small, so that pacing is smooth.
    static let pacedBatchRows = 64
}

/// The pacing of one source: sleeps so that each event leaves no earlier than its event
/// time allows, counted from the source's first event and scaled by the speed.
struct ReplayPacer {
    let speed: Double
    private var first: (event: Int64, wall: Double)?

    init(speed: Double) { self.speed = speed }

    /// Waits until the events up to `eventTime` may leave; `earliest` is the batch's
    /// earliest event (the first batch's starts the clock).
    mutating func wait(earliest: Int64, until eventTime: Int64) {
        let now = Self.seconds()
        if first == nil { first = (earliest, now) }
        guard let first else { return }
        let due = first.wall + Double(eventTime - first.event) / 1000 / speed
        if due > now { usleep(useconds_t(min(due - now, 60) * 1_000_000)) }
    }

    private static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
