import EddyCore
import EddySQL

/// Plans `a JOIN b ON ...`, choosing how the rows meet from what the condition and the
/// inputs allow, as Flink does:
/// - the right side is a reference TABLE: a lookup join (append-only);
/// - both sides are event-time streams bounded in time against each other
///   (`b.ts BETWEEN a.ts - INTERVAL .. AND a.ts + INTERVAL ..`): an interval join;
/// - both sides are windowed and the condition equates their window_start and
///   window_end: a window join;
/// - otherwise a regular join, whose state nothing bounds but `state.ttl`.
extension Analyzer {
    mutating func planJoin(_ leftRef: TableRef, _ rightRef: TableRef, kind: JoinKind, on: Expr?, span: Span) throws -> Relation {
        var left = try planFrom(leftRef)
        var right = try planFrom(rightRef)
        if left.window != nil { left = try assignWindows(left) }
        if right.window != nil { right = try assignWindows(right) }
        guard let on else {
            throw Diagnostic.error("a join needs ON and a condition", at: span, help: "JOIN t ON a.key = t.key")
        }
        let nl = left.scope.columns.count
        let scope = Scope(columns: left.scope.columns + right.scope.columns, description: "the join")
        let condition = try ExpressionBinder(scope: scope, clause: "ON").bind(on)
        guard condition.type == .boolean else {
            throw Diagnostic.error("ON needs a condition, found \(condition.type.sqlName)", at: on.span)
        }
        let joinKind = JoinSpec.Kind(rawValue: kind.rawValue) ?? .inner

        // Split the condition: key equalities, time bounds, and the rest.
        var leftKeys: [Int] = [], rightKeys: [Int] = []
        var bounds: [TimeBound] = []
        var rest: [ScalarExpr] = []
        let leftTime = left.plan.timeAttribute
        let rightTime = right.plan.timeAttribute.map { $0 + nl }
        for c in condition.conjuncts {
            if case .call(.equal, let args, _) = c, case .column(let a, let ta) = args[0], case .column(let b, let tb) = args[1],
                ta == tb, (a < nl) != (b < nl)
            {
                let (l, r) = a < nl ? (a, b) : (b, a)
                leftKeys.append(l)
                rightKeys.append(r - nl)
                continue
            }
            if let lt = leftTime, let rt = rightTime, let bound = TimeBound(c, leftTime: lt, rightTime: rt) {
                bounds.append(bound)
                continue
            }
            rest.append(c)
        }
        let residual = rest.isEmpty ? nil : ScalarExpr.and(rest)
        let strategy = try joinStrategy(
            left: left, right: right, rightRef: rightRef, kind: joinKind, leftKeys: leftKeys, rightKeys: rightKeys,
            bounds: bounds, nl: nl, span: span)
        let ttl: Int64?
        if case .regular = strategy { ttl = stateTTL } else { ttl = nil }
        let spec = JoinSpec(
            kind: joinKind, strategy: strategy, leftKeys: leftKeys, rightKeys: rightKeys, condition: residual, stateTTLMillis: ttl)
        return Relation(plan: .join(spec, left: left.plan, right: right.plan), scope: scope, window: nil)
    }

    private func joinStrategy(
        left: Relation, right: Relation, rightRef: TableRef, kind: JoinSpec.Kind, leftKeys: [Int], rightKeys: [Int],
        bounds: [TimeBound], nl: Int, span: Span
    ) throws -> JoinSpec.Strategy {
        if let table = Self.referenceTable(right.plan) {
            guard kind == .inner || kind == .left else {
                throw Diagnostic.error(
                    "a join with the table '\(table.name)' can be INNER or LEFT", at: span,
                    help: "the table looks rows up for the stream on the left")
            }
            guard !leftKeys.isEmpty else {
                throw Diagnostic.error(
                    "a join with the table '\(table.name)' needs a key equality in ON", at: span, help: "ON s.key = \(table.name).key")
            }
            return .lookup(primaryKey: Self.tablePrimaryKey(right.plan, table: table))
        }
        if Self.referenceTable(left.plan) != nil {
            throw Diagnostic.error("put the reference table on the right of the join", at: span, help: "stream JOIN table ON ...")
        }
        if !bounds.isEmpty {
            guard let lt = left.plan.timeAttribute, let rt = right.plan.timeAttribute else {
                throw Diagnostic.error("time bounds need event-time columns on both sides", at: span)
            }
            let lower = bounds.compactMap(\.lowerMillis).min()
            let upper = bounds.compactMap(\.upperMillis).min()
            guard let lower, let upper else {
                throw Diagnostic.error(
                    "an interval join needs a lower and an upper time bound", at: span,
                    help: "b.ts BETWEEN a.ts - INTERVAL '1' MINUTE AND a.ts + INTERVAL '1' MINUTE")
            }
            guard left.plan.changelog == .appendOnly && right.plan.changelog == .appendOnly else {
                throw Diagnostic.error("an interval join needs append-only inputs", at: span)
            }
            guard lower >= 0 || upper >= 0, -lower <= upper else {
                throw Diagnostic.error("the time bounds of this join admit no pair of rows", at: span)
            }
            return .interval(leftTime: lt, rightTime: rt, lowerMillis: lower, upperMillis: upper)
        }
        // A window join equates both window_start and window_end of windowed inputs.
        func windowColumn(_ plan: LogicalPlan, _ offset: Int, _ name: String) -> (Int) -> Bool {
            { c in Self.traceWindowColumn(plan, column: c - offset) == name }
        }
        let pairs = zip(leftKeys, rightKeys).map { ($0, $1) }
        let starts = pairs.first { windowColumn(left.plan, 0, "window_start")($0.0) && windowColumn(right.plan, 0, "window_start")($0.1) }
        let ends = pairs.first { windowColumn(left.plan, 0, "window_end")($0.0) && windowColumn(right.plan, 0, "window_end")($0.1) }
        if let s = starts, let e = ends {
            guard left.plan.changelog == .appendOnly && right.plan.changelog == .appendOnly else {
                throw Diagnostic.error("a window join needs append-only inputs", at: span)
            }
            return .window(leftStart: s.0, leftEnd: e.0, rightStart: s.1, rightEnd: e.1)
        }
        return .regular
    }

    /// The table a plan reads, if it is a reference table (through filters and projections).
    static func referenceTable(_ plan: LogicalPlan) -> SourceDefinition? {
        switch plan {
        case .scan(let source, _): return source.kind == .table ? source : nil
        case .filter(_, let input), .project(_, _, let input): return referenceTable(input)
        default: return nil
        }
    }

    /// The table's primary key as columns of the plan's output, if all of them are there.
    static func tablePrimaryKey(_ plan: LogicalPlan, table: SourceDefinition) -> [Int] {
        let names = table.primaryKey.map { table.schema.fields[$0].name }
        let output = plan.schema.names
        let indices = names.compactMap { n in output.firstIndex(of: n) }
        return indices.count == names.count ? indices : []
    }

    /// "window_start" or "window_end" when column `c` of `plan` is that column of a window
    /// assignment or window aggregation below.
    static func traceWindowColumn(_ plan: LogicalPlan, column c: Int) -> String? {
        switch plan {
        case .windowAssign(_, _, let input):
            let n = input.schema.count
            if c == n { return "window_start" }
            if c == n + 1 { return "window_end" }
            return c < n ? traceWindowColumn(input, column: c) : nil
        case .windowAggregate(let spec, _, _, _):
            if c == spec.keyColumns.count { return "window_start" }
            if c == spec.keyColumns.count + 1 { return "window_end" }
            return nil
        case .project(let exprs, _, let input):
            if c < exprs.count, case .column(let i, _) = exprs[c] { return traceWindowColumn(input, column: i) }
            return nil
        case .filter(_, let input):
            return traceWindowColumn(input, column: c)
        case .topN(let spec, _, let input):
            return spec.windowEndColumn != nil && c < input.schema.count ? traceWindowColumn(input, column: c) : nil
        default:
            return nil
        }
    }
}

/// One comparison between the two sides' event times, as a bound on `right - left`:
/// `r.ts >= l.ts - INTERVAL '5' SECOND` is a lower bound of 5 s; `r.ts < l.ts + INTERVAL
/// '1' MINUTE` an upper bound of 1 min - 1 ms.
struct TimeBound {
    /// `right >= left - lowerMillis`
    var lowerMillis: Int64?
    /// `right <= left + upperMillis`
    var upperMillis: Int64?

    init?(_ e: ScalarExpr, leftTime: Int, rightTime: Int) {
        guard case .call(let f, let args, _) = e, args.count == 2,
            let a = Self.offset(args[0], leftTime, rightTime), let b = Self.offset(args[1], leftTime, rightTime), a.side != b.side
        else { return nil }
        // Normalize to: right - left (op) constant.
        var op = f
        var constant: Int64
        if a.side == 1 {
            constant = b.offset - a.offset  // r + ao op l + bo  ⇒  r - l op bo - ao
        } else {
            guard let flipped = f.flipped else { return nil }
            op = flipped
            constant = a.offset - b.offset  // l + ao op r + bo  ⇒  r - l flipped(op) ao - bo
        }
        switch op {
        case .greaterOrEqual: lowerMillis = -constant
        case .greater: lowerMillis = -(constant + 1)
        case .lessOrEqual: upperMillis = constant
        case .less: upperMillis = constant - 1
        case .equal:
            lowerMillis = -constant
            upperMillis = constant
        default: return nil
        }
        _ = constant
    }

    /// `ts`, `ts + INTERVAL`, `ts - INTERVAL`: which side's time and the offset.
    private static func offset(_ e: ScalarExpr, _ leftTime: Int, _ rightTime: Int) -> (side: Int, offset: Int64)? {
        switch e {
        case .column(let c, _):
            return c == leftTime ? (0, 0) : (c == rightTime ? (1, 0) : nil)
        case .call(let f, let args, _) where (f == .add || f == .subtract) && args.count == 2:
            guard let base = offset(args[0], leftTime, rightTime), case .literal(.interval(let ms), _) = args[1] else { return nil }
            return (base.side, base.offset + (f == .add ? ms : -ms))
        default:
            return nil
        }
    }
}
