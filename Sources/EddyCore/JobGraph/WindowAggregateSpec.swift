/// An event-time window, as the window table-valued functions define it. Sizes are
/// milliseconds; windows align to the epoch.
public enum WindowSpec: Sendable, Hashable {
    case tumble(size: Int64)
    case hop(slide: Int64, size: Int64)
    case session(gap: Int64)
    case cumulate(step: Int64, maxSize: Int64)

    /// The most windows one event may belong to (HOP's size / slide, CUMULATE's max size /
    /// step): each is state kept and a row emitted, so an accidental `HOP(1 s, 3650 days)`
    /// is refused instead of exhausting memory.
    public static let maxWindowsPerEvent: Int64 = 1000

    /// How many windows hold one event (1 for TUMBLE and SESSION).
    public var windowsPerEvent: Int64 {
        switch self {
        case .tumble, .session: return 1
        case .hop(let slide, let size): return slide > 0 ? size / slide + (size % slide == 0 ? 0 : 1) : 0
        case .cumulate(let step, let maxSize): return step > 0 ? maxSize / step : 0
        }
    }

    /// `TUMBLE(ts, 10 s)` and the like, for plans.
    public func describe(timeColumn: String) -> String {
        switch self {
        case .tumble(let size): return "TUMBLE(\(timeColumn), \(Intervals.format(size)))"
        case .hop(let slide, let size):
            return "HOP(\(timeColumn), \(Intervals.format(slide)), \(Intervals.format(size)))"
        case .session(let gap): return "SESSION(\(timeColumn), \(Intervals.format(gap)))"
        case .cumulate(let step, let maxSize):
            return "CUMULATE(\(timeColumn), \(Intervals.format(step)), \(Intervals.format(maxSize)))"
        }
    }
}

/// A keyed aggregation over event-time windows. Output columns: the key columns, then
/// `window_start`, `window_end`, then one column per aggregate. Each window's rows are
/// emitted once, when the watermark reaches `window_end - 1`.
public struct WindowAggregateSpec: Codable, Sendable, Hashable {
    public var window: WindowSpec
    /// Input column holding the event time.
    public var timeColumn: Int
    public var keyColumns: [Int]
    public var aggregates: [AggregateCall]
    /// Where rows that arrive after their window fired are written (JSON lines), besides
    /// being counted: the source's `'late.output'` option or `SET 'late.output'`.
    public var lateOutputPath: String?
    /// The second phase of a two-phase aggregation: rows already carry their window in
    /// these input columns (window_start, window_end) and hold partial aggregates.
    public var windowColumns: [Int]?

    public init(window: WindowSpec, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateCall], lateOutputPath: String? = nil) {
        self.window = window
        self.timeColumn = timeColumn
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.lateOutputPath = lateOutputPath
    }
}
