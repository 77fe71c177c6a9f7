import EddyCore
import EddySQL

/// Plans GROUP BY and aggregates of one SELECT: a projection computing the keys and the
/// aggregate arguments, the aggregation, HAVING, and the final SELECT list over the
/// aggregation's output, where only grouped columns and aggregates may appear.
struct AggregatePlanner {
    let select: Select
    let relation: Relation
    let input: LogicalPlan
    let source: SourceText
    /// `state.ttl` for an aggregation without windows.
    let stateTTL: Int64?
    /// Where late rows go: the source's 'late.output', else the setting.
    var lateOutputPath: String?

    /// Key expressions (input scope) in GROUP BY order, without the window columns.
    private var keys: [ScalarExpr] = []
    private var keyNames: [String] = []
    private var aggregates: [(call: AggregateCall, argument: ScalarExpr?, name: String, argumentName: String)] = []

    init(select: Select, relation: Relation, input: LogicalPlan, source: SourceText, stateTTL: Int64?) {
        self.select = select
        self.relation = relation
        self.input = input
        self.source = source
        self.stateTTL = stateTTL
    }

    mutating func plan() throws -> LogicalPlan {
        let scope = relation.scope
        let binder = ExpressionBinder(scope: scope, clause: "GROUP BY")
        var groupsWindowStart = false, groupsWindowEnd = false
        for g in select.groupBy {
            let bound = try binder.bind(g)
            if let w = relation.window, case .column(let i, _) = bound, i >= w.inputColumnCount {
                if i == w.windowStartIndex { groupsWindowStart = true }
                if i == w.windowEndIndex { groupsWindowEnd = true }
                if i == w.windowTimeIndex { groupsWindowEnd = true }
                continue
            }
            if let w = relation.window, bound.columnsUsed.contains(where: { $0 >= w.inputColumnCount }) {
                throw Diagnostic.error("group by window_start and window_end themselves", at: g.span)
            }
            if !keys.contains(bound) {
                keys.append(bound)
                keyNames.append(outputName(g))
            }
            if keys.count > JobGraph.maxKeyColumns {
                throw Diagnostic.error(
                    "GROUP BY has more than \(JobGraph.maxKeyColumns) keys", at: g.span,
                    help: "group by fewer columns, or by one column that combines them (CONCAT_WS)")
            }
        }
        let window = relation.window
        if let window, !(groupsWindowStart && groupsWindowEnd) {
            throw Diagnostic.error(
                "a window aggregation must GROUP BY window_start and window_end", at: select.groupBy.first?.span ?? window.span,
                help: "add window_start, window_end to GROUP BY")
        }

        // Sessions are per grouping key: PARTITION BY, if given, must name those columns.
        if let window, case .session = window.spec, !window.partitionColumns.isEmpty {
            let keyColumns = keys.compactMap { k -> Int? in if case .column(let i, _) = k { return i } else { return nil } }
            if Set(keyColumns) != Set(window.partitionColumns) || keyColumns.count != keys.count {
                throw Diagnostic.error(
                    "SESSION's PARTITION BY must name the same columns as GROUP BY (besides the window)",
                    at: window.partitionSpan ?? window.span, help: "sessions are formed per group: PARTITION BY the grouped columns")
            }
        }

        // Collect the aggregate calls of SELECT and HAVING, in order.
        for item in select.items {
            if case .expression(let e, _) = item { try collectAggregates(e) }
        }
        if let h = select.having { try collectAggregates(h) }

        // Pre-projection: keys, then aggregate arguments, then the event time.
        var preExprs = keys
        var preNames = keyNames
        var calls: [AggregateCall] = []
        for a in aggregates {
            var call = a.call
            if let arg = a.argument {
                if let existing = preExprs.firstIndex(of: arg) {
                    call.argument = existing
                } else {
                    preExprs.append(arg)
                    preNames.append(a.argumentName)
                    call.argument = preExprs.count - 1
                }
            }
            calls.append(call)
        }
        var plan: LogicalPlan
        if let window {
            preExprs.append(.column(index: window.timeColumn, type: .timestamp))
            preNames.append(input.schema.fields[window.timeColumn].name)
            let pre = LogicalPlan.project(preExprs, names: preNames, input: input)
            let spec = WindowAggregateSpec(
                window: window.spec, timeColumn: preExprs.count - 1, keyColumns: Array(0..<keys.count), aggregates: calls,
                lateOutputPath: lateOutputPath)
            plan = .windowAggregate(spec, keyNames: keyNames, aggregateNames: aggregates.map(\.name), input: pre)
        } else {
            let pre = LogicalPlan.project(preExprs, names: preNames, input: input)
            let spec = GroupAggregateSpec(keyColumns: Array(0..<keys.count), aggregates: calls, stateTTLMillis: stateTTL)
            plan = .aggregate(spec, keyNames: keyNames, aggregateNames: aggregates.map(\.name), input: pre)
        }

        // Everything above the aggregation reads its output.
        let outScope = Scope(schema: plan.schema, qualifier: nil, description: "the aggregation")
        if let h = select.having {
            let predicate = try postBinder(outScope, clause: "HAVING").bind(h)
            guard predicate.type == .boolean else { throw Diagnostic.error("HAVING needs a condition", at: h.span) }
            plan = .filter(predicate, input: plan)
        }
        var exprs: [ScalarExpr] = []
        var names: [String] = []
        for item in select.items {
            switch item {
            case .wildcard(_, let span):
                throw Diagnostic.error("'*' cannot be used with GROUP BY", at: span, help: "name the grouped columns and aggregates")
            case .expression(let e, let alias):
                exprs.append(try postBinder(outScope, clause: "SELECT").bind(e))
                names.append(alias?.name ?? outputName(e))
            }
        }
        return .project(exprs, names: names, input: plan)
    }

    /// Registers the aggregate calls inside `e` (nested aggregates are an error). Calls
    /// that mean the same (same function, DISTINCT and argument) are computed once.
    private mutating func collectAggregates(_ e: Expr) throws {
        var found: [Expr] = []
        AggregateFinder.visit(e) { node in
            if case .function(let name, _, _, _, nil, _) = node, FunctionCatalog.isAggregate(name.name) { found.append(node) }
        }
        for node in found {
            guard case .function(_, let args, _, _, _, _) = node else { continue }
            let (call, argument) = try resolveAggregate(node)
            if aggregates.contains(where: { $0.call == call && $0.argument == argument }) { continue }
            aggregates.append((call, argument, outputName(node), args.first.map(outputName) ?? ""))
        }
    }

    /// The aggregate a call means: function, DISTINCT, result type and bound argument.
    private func resolveAggregate(_ node: Expr) throws -> (AggregateCall, ScalarExpr?) {
        guard case .function(let name, let args, let distinct, let star, _, let span) = node,
            let function = FunctionCatalog.aggregateFunction(name.name)
        else { throw Diagnostic.error("not an aggregate", at: node.span) }
        for a in args where AggregateFinder.contains(a) {
            throw Diagnostic.error("aggregate functions cannot be nested", at: a.span)
        }
        let upper = name.name.uppercased()
        let rule = function.descriptor
        if star {
            guard let type = rule.starResultType else {
                let starred = AggregateFunction.allCases.filter { $0.descriptor.starResultType != nil }.map(\.rawValue)
                throw Diagnostic.error("only \(starred.joined(separator: " and ")) accepts '*'", at: span, help: "\(upper)(column)")
            }
            return (AggregateCall(function: function, argument: nil, resultType: type), nil)
        }
        guard args.count == 1 else {
            throw Diagnostic.error("\(upper) takes one argument, found \(args.count)", at: span)
        }
        let arg = try ExpressionBinder(scope: relation.scope, clause: "an aggregate argument").bind(args[0])
        if let w = relation.window, arg.columnsUsed.contains(where: { $0 >= w.inputColumnCount }) {
            throw Diagnostic.error("window columns cannot be aggregated", at: args[0].span)
        }
        guard let resultType = rule.resultType(arg.type) else {
            throw Diagnostic.error("\(upper) needs \(rule.expectedArgument), found \(arg.type.sqlName)", at: args[0].span)
        }
        return (AggregateCall(function: function, argument: nil, distinct: distinct, resultType: resultType), arg)
    }

    /// Binds expressions over the aggregation's output: grouped expressions and aggregate
    /// calls become its columns; any other column is an error.
    private func postBinder(_ outScope: Scope, clause: String) -> ExpressionBinder {
        let inputBinder = ExpressionBinder(scope: relation.scope, clause: clause)
        let keyCount = keys.count
        let window = relation.window
        let firstAggregate = keyCount + (window == nil ? 0 : 2)
        return ExpressionBinder(scope: outScope, clause: clause) { e in
            if case .function(let name, _, _, _, nil, _) = e, FunctionCatalog.isAggregate(name.name) {
                let (call, argument) = try resolveAggregate(e)
                guard let i = aggregates.firstIndex(where: { $0.call == call && $0.argument == argument }) else { return nil }
                return .column(index: firstAggregate + i, type: aggregates[i].call.resultType)
            }
            if AggregateFinder.contains(e) { return nil }
            guard let bound = try? inputBinder.bind(e) else {
                if case .identifier = e { _ = try inputBinder.bind(e) }  // rethrows the unknown column
                return nil
            }
            if let k = keys.firstIndex(of: bound) { return .column(index: k, type: bound.type) }
            if let w = window, case .column(let i, _) = bound {
                if i == w.windowStartIndex { return .column(index: keyCount, type: .timestamp) }
                if i == w.windowEndIndex { return .column(index: keyCount + 1, type: .timestamp) }
                if i == w.windowTimeIndex {
                    return .call(.subtract, args: [.column(index: keyCount + 1, type: .timestamp), .literal(.interval(1), type: .interval)], type: .timestamp)
                }
            }
            if case .identifier(let parts) = e {
                throw Diagnostic.error(
                    "column '\(parts.map(\.name).joined(separator: "."))' must be in GROUP BY or inside an aggregate function",
                    at: e.span, help: "add it to GROUP BY, or aggregate it, e.g. MAX(\(parts.last?.name ?? "x")))")
            }
            return nil
        }
    }

    private func outputName(_ e: Expr) -> String {
        if case .identifier(let parts) = e, let last = parts.last { return last.name }
        return source.slice(e.span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
