import EddyCore
import EddySQL

extension Analyzer {
    /// Plans a window table-valued function: its input, and the window that an
    /// aggregation grouped by window_start and window_end will apply.
    mutating func planWindow(_ call: WindowFunctionCall, alias: Identifier?) throws -> Relation {
        let input = try planFrom(call.input)
        if input.window != nil {
            throw Diagnostic.error("a window function over another window function is not supported", at: call.span)
        }
        if input.plan.changelog == .updates {
            throw Diagnostic.error(
                "\(call.kind.rawValue) needs an append-only input, but \(input.scope.description) emits updates", at: call.span,
                help: "window the source itself, before the aggregation that emits updates")
        }
        let timeColumn = try input.scope.resolve([call.timeColumn])
        let timeField = input.plan.schema.fields[timeColumn]
        guard timeField.type == .timestamp else {
            throw Diagnostic.error(
                "the time column '\(call.timeColumn.name)' is \(timeField.type.sqlName), not a timestamp", at: call.timeColumn.span)
        }
        guard let attribute = input.plan.timeAttribute else {
            throw Diagnostic.error(
                "\(call.kind.rawValue) needs an event-time column, but \(input.scope.description) has no WATERMARK",
                at: call.span,
                help: "declare one in the source: WATERMARK FOR \(call.timeColumn.name) AS \(call.timeColumn.name) - INTERVAL '5' SECOND")
        }
        guard attribute == timeColumn else {
            let attributeName = input.plan.schema.fields[attribute].name
            throw Diagnostic.error(
                "'\(call.timeColumn.name)' is not the event-time column of \(input.scope.description)", at: call.timeColumn.span,
                help: "window on '\(attributeName)', the column its WATERMARK is declared for")
        }
        if !call.partitionBy.isEmpty && call.kind != .session {
            throw Diagnostic.error("PARTITION BY is only allowed in SESSION windows", at: call.span)
        }
        let intervals = try call.arguments.map { arg -> Int64 in
            let bound = try ExpressionBinder(scope: Scope(columns: [], description: "a window argument")).bind(arg)
            guard case .literal(.interval(let ms), _) = bound else {
                throw Diagnostic.error(
                    "\(call.kind.rawValue) arguments must be constant intervals", at: arg.span, help: "write INTERVAL '10' SECOND")
            }
            guard ms > 0 else { throw Diagnostic.error("a window interval must be positive", at: arg.span) }
            return ms
        }
        let spec = try windowSpec(call, intervals)
        guard spec.windowsPerEvent <= WindowSpec.maxWindowsPerEvent else {
            throw Diagnostic.error(
                "\(spec.describe(timeColumn: call.timeColumn.name)) puts each event into \(Count.grouped(Int(spec.windowsPerEvent))) windows; "
                    + "at most \(Count.grouped(Int(WindowSpec.maxWindowsPerEvent))) are allowed",
                at: call.span, help: "a larger slide or step, or a smaller size")
        }
        var columns = input.scope.columns
        let qualifier = alias?.name
        if let qualifier { for i in columns.indices { columns[i].qualifier = qualifier } }
        columns.append(Scope.Column(qualifier: qualifier, name: "window_start", type: .timestamp))
        columns.append(Scope.Column(qualifier: qualifier, name: "window_end", type: .timestamp))
        columns.append(Scope.Column(qualifier: qualifier, name: "window_time", type: .timestamp))
        var window = WindowedInput(spec: spec, timeColumn: timeColumn, span: call.span, inputColumnCount: input.scope.columns.count)
        window.partitionColumns = try call.partitionBy.map { try input.scope.resolve([$0]) }
        window.partitionSpan = call.partitionBy.first.map { first in call.partitionBy.dropFirst().reduce(first.span) { $0.union($1.span) } }
        return Relation(plan: input.plan, scope: Scope(columns: columns, description: input.scope.description), window: window)
    }

    private func windowSpec(_ call: WindowFunctionCall, _ intervals: [Int64]) throws -> WindowSpec {
        func expectCount(_ n: Int, _ usage: String) throws {
            guard intervals.count == n else {
                throw Diagnostic.error(
                    "\(call.kind.rawValue) takes \(n) interval\(n == 1 ? "" : "s"), found \(intervals.count)", at: call.span,
                    help: "usage: \(usage)")
            }
        }
        switch call.kind {
        case .tumble:
            try expectCount(1, "TUMBLE(source, ts, INTERVAL '10' SECOND)")
            return .tumble(size: intervals[0])
        case .hop:
            try expectCount(2, "HOP(source, ts, slide, size)")
            // As in Flink, the size need not be a multiple of the slide: windows start at
            // multiples of the slide and an event is in those of them that contain it.
            let (slide, size) = (intervals[0], intervals[1])
            return .hop(slide: slide, size: size)
        case .cumulate:
            try expectCount(2, "CUMULATE(source, ts, step, max_size)")
            let (step, maxSize) = (intervals[0], intervals[1])
            guard maxSize % step == 0 else {
                throw Diagnostic.error(
                    "CUMULATE max size (\(Intervals.format(maxSize))) must be a whole multiple of its step (\(Intervals.format(step)))",
                    at: call.span)
            }
            return .cumulate(step: step, maxSize: maxSize)
        case .session:
            try expectCount(1, "SESSION(source PARTITION BY key, ts, INTERVAL '5' MINUTE)")
            return .session(gap: intervals[0])
        }
    }
}
