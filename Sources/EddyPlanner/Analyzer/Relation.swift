import EddyCore
import EddySQL

/// What a FROM clause produced: a plan, the names it offers, and, for a window
/// table-valued function, the window that the aggregation above it will use.
struct Relation {
    var plan: LogicalPlan
    var scope: Scope
    var window: WindowedInput?
}

/// A window TVF's input: the columns `window_start`, `window_end` and `window_time` are
/// offered in the scope after the input's own columns, but they exist only once an
/// aggregation groups by them.
struct WindowedInput {
    var spec: WindowSpec
    /// The event-time column in the input plan.
    var timeColumn: Int
    var span: Span
    var inputColumnCount: Int
    /// SESSION's PARTITION BY columns (input indices), with the span to point at.
    var partitionColumns: [Int] = []
    var partitionSpan: Span?

    var windowStartIndex: Int { inputColumnCount }
    var windowEndIndex: Int { inputColumnCount + 1 }
    var windowTimeIndex: Int { inputColumnCount + 2 }

    static let columnNames = ["window_start", "window_end", "window_time"]
}
