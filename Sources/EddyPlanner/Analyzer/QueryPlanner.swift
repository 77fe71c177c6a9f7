import EddyCore
import EddySQL

extension Analyzer {
    /// Plans a query into a typed logical plan.
    public mutating func planQuery(_ q: Query) throws -> LogicalPlan {
        let saved = ctes
        defer { ctes = saved }
        for cte in q.with {
            ctes[cte.name.name.lowercased()] = (cte.query, cte.columnNames.map(\.name))
        }
        if let first = q.orderBy.first {
            throw Diagnostic.error(
                "ORDER BY is not supported on a stream", at: first.expression.span,
                help: "for the top rows per group use ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) AS rn ... WHERE rn <= N")
        }
        if let limit = q.limit {
            throw Diagnostic.error("LIMIT is not supported on a stream", at: limit.span)
        }
        let plan = try planBody(q.body)
        if !allowOpenTopN && Self.openRankColumn(plan) != nil {
            throw Diagnostic.error(
                "ROW_NUMBER() needs a filter on its rank", at: q.span,
                help: "rank in a subquery and filter around it: SELECT * FROM (SELECT ..., ROW_NUMBER() OVER (...) AS rn FROM t) WHERE rn <= N")
        }
        return plan
    }

    private mutating func planBody(_ body: QueryBody) throws -> LogicalPlan {
        switch body {
        case .select(let s): return try planSelect(s)
        case .nested(let q): return try planQuery(q)
        case .union(let left, let right, let all, let span):
            return try planUnion(left, right, all: all, span: span)
        }
    }

    /// `left UNION [ALL] right`: same number of columns, types unified (numbers widen),
    /// names from the left; UNION without ALL removes duplicates (a grouping).
    private mutating func planUnion(_ left: QueryBody, _ right: QueryBody, all: Bool, span: Span) throws -> LogicalPlan {
        // Flatten a chain of UNION ALL into one union of many inputs.
        var bodies: [QueryBody] = []
        func collect(_ b: QueryBody) {
            if case .union(let l, let r, true, _) = b, all {
                collect(l)
                collect(r)
            } else {
                bodies.append(b)
            }
        }
        collect(left)
        collect(right)
        var plans = try bodies.map { try planBody($0) }
        let width = plans[0].schema.count
        for (i, p) in plans.enumerated().dropFirst() where p.schema.count != width {
            throw Diagnostic.error(
                "UNION inputs have different numbers of columns: \(width) and \(p.schema.count)", at: bodies[i].span,
                help: "select the same columns on both sides")
        }
        var types = plans[0].schema.types
        for p in plans.dropFirst() {
            for (c, t) in p.schema.types.enumerated() {
                guard let common = DataType.common(types[c], t) else {
                    throw Diagnostic.error(
                        "UNION column \(c + 1) is \(types[c].sqlName) on one side and \(t.sqlName) on the other", at: span,
                        help: "CAST one side")
                }
                types[c] = common
            }
        }
        let names = plans[0].schema.names
        plans = plans.map { p in
            if p.schema.types == types && p.schema.names == names { return p }
            let exprs = p.schema.fields.enumerated().map { i, f in
                ExpressionBinder.coerce(.column(index: i, type: f.type), to: types[i])
            }
            return .project(exprs, names: names, input: p)
        }
        var plan = LogicalPlan.union(plans)
        if !all {
            plan = .aggregate(
                GroupAggregateSpec(keyColumns: Array(0..<width), aggregates: [], stateTTLMillis: stateTTL),
                keyNames: names, aggregateNames: [], input: plan)
        }
        return plan
    }

    private mutating func planSelect(_ s: Select) throws -> LogicalPlan {
        guard let from = s.from else {
            throw Diagnostic.error("a query needs a FROM clause", at: s.span, help: "name a source: SELECT ... FROM events")
        }
        var relation = try planFrom(from)
        let hasAggregates = s.items.contains { item in
            if case .expression(let e, _) = item { return AggregateFinder.contains(e) }
            return false
        } || (s.having.map(AggregateFinder.contains) ?? false)
        if relation.window != nil && s.groupBy.isEmpty && !hasAggregates {
            relation = try assignWindows(relation)  // a window TVF read row by row
        }
        var plan = relation.plan
        let openRank = Self.openRankColumn(plan)
        var rankClosed = false
        if let w = s.whereClause {
            let binder = ExpressionBinder(scope: relation.scope, clause: "WHERE")
            let predicate = try binder.bind(w)
            try rejectWindowColumns(predicate, relation, span: w.span)
            guard predicate.type == .boolean || predicate.type == .null else {
                throw Diagnostic.error("WHERE needs a condition, found \(predicate.type.sqlName)", at: w.span)
            }
            if let rank = openRank, let (limit, rest) = Self.rankLimit(predicate, rankColumn: rank) {
                guard limit >= 1 else {
                    throw Diagnostic.error(
                        "this filter on the rank keeps no rows (ranks start at 1)", at: s.whereClause?.span ?? s.span,
                        help: "keep the first rows with WHERE rn <= N, N at least 1")
                }
                plan = Self.closeTopN(plan, limit: limit)
                rankClosed = true
                if !rest.isEmpty { plan = .filter(.and(rest), input: plan) }
            } else {
                plan = .filter(predicate, input: plan)
            }
        }
        if openRank != nil && !rankClosed {
            throw Diagnostic.error(
                "ROW_NUMBER() needs a filter on its rank here", at: s.whereClause?.span ?? s.span,
                help: "keep the first rows with WHERE rn <= N (or rn = 1 to deduplicate)")
        }
        if let rowNumber = Self.rowNumberItem(s.items) {
            if s.distinct { throw Diagnostic.error("SELECT DISTINCT cannot be combined with ROW_NUMBER()", at: s.span) }
            return try planRowNumberSelect(s, relation: relation, input: plan, rowNumber: rowNumber)
        }
        if !s.groupBy.isEmpty || hasAggregates {
            var aggregatePlanner = AggregatePlanner(
                select: s, relation: relation, input: plan, source: source, stateTTL: stateTTL)
            aggregatePlanner.lateOutputPath = Self.sourceLateOutput(relation.plan)
                ?? catalog.settings["late.output"].map { catalog.resolve(path: $0) }
            plan = try aggregatePlanner.plan()
        } else {
            if let h = s.having {
                throw Diagnostic.error("HAVING needs GROUP BY or an aggregate", at: h.span, help: "use WHERE")
            }
            let (exprs, names) = try projection(
                s.items, scope: relation.scope, binder: ExpressionBinder(scope: relation.scope, clause: "SELECT"),
                starColumns: relation.scope.columns.count)
            plan = .project(exprs, names: names, input: plan)
        }
        if s.distinct {
            // DISTINCT is a grouping on every selected column without aggregates.
            let schema = plan.schema
            plan = .aggregate(
                GroupAggregateSpec(keyColumns: Array(0..<schema.count), aggregates: [], stateTTLMillis: stateTTL),
                keyNames: schema.names, aggregateNames: [], input: plan)
        }
        return plan
    }

    /// The 'late.output' option of the source a plan reads, if one of its sources has it.
    static func sourceLateOutput(_ plan: LogicalPlan) -> String? {
        if case .scan(let source, _) = plan { return source.connector?.lateOutputPath }
        return plan.inputs.lazy.compactMap(sourceLateOutput).first
    }

    /// `state.ttl` (or Flink's `table.exec.state.ttl`) in milliseconds, if set.
    var stateTTL: Int64? {
        (catalog.settings["state.ttl"] ?? catalog.settings["table.exec.state.ttl"]).flatMap(Intervals.parseDuration)
    }

    /// The expressions and output names of a SELECT list (with `*` expanded); a repeated
    /// name gets a number (`id`, `id0`), so that every output column can be told apart.
    /// `*` expands to the first `starColumns` columns of the scope (a window's own
    /// columns exist only under its aggregation).
    func projection(_ items: [SelectItem], scope: Scope, binder: ExpressionBinder, starColumns: Int) throws -> ([ScalarExpr], [String]) {
        var exprs: [ScalarExpr] = []
        var names: [String] = []
        for item in items {
            switch item {
            case .wildcard(let qualifier, let span):
                let matching = scope.columns.indices.filter { i in
                    i < starColumns
                        && (qualifier == nil || scope.columns[i].qualifier?.lowercased() == qualifier?.name.lowercased())
                }
                if matching.isEmpty, let q = qualifier {
                    throw Diagnostic.error("unknown table or alias '\(q.name)'", at: span)
                }
                for i in matching {
                    exprs.append(.column(index: i, type: scope.columns[i].type))
                    names.append(scope.columns[i].name)
                }
            case .expression(let e, let alias):
                exprs.append(try binder.bind(e))
                names.append(alias?.name ?? outputName(e))
            }
        }
        return (exprs, Schema.uniqueNames(names))
    }

    /// The name of an unaliased select item: a column's own name, otherwise the
    /// expression's text.
    func outputName(_ e: Expr) -> String {
        if case .identifier(let parts) = e, let last = parts.last { return last.name }
        return source.slice(e.span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// Makes a window TVF's window columns real: each row gets window_start, window_end
    /// and window_time (a row per window for HOP and CUMULATE).
    func assignWindows(_ relation: Relation) throws -> Relation {
        guard let w = relation.window else { return relation }
        if case .session = w.spec {
            throw Diagnostic.error(
                "SESSION windows need an aggregation", at: w.span, help: "GROUP BY the partition keys, window_start, window_end")
        }
        return Relation(plan: .windowAssign(w.spec, timeColumn: w.timeColumn, input: relation.plan), scope: relation.scope, window: nil)
    }

    /// window_start and friends exist only under a GROUP BY of the window.
    private func rejectWindowColumns(_ e: ScalarExpr, _ relation: Relation, span: Span) throws {
        guard let w = relation.window else { return }
        if e.columnsUsed.contains(where: { $0 >= w.inputColumnCount }) {
            throw Diagnostic.error(
                "window columns need an aggregation over the window", at: span,
                help: "add GROUP BY window_start, window_end")
        }
    }

    // MARK: - FROM

    mutating func planFrom(_ ref: TableRef) throws -> Relation {
        switch ref {
        case .named(let name, let alias):
            return try planNamed(name, alias: alias)
        case .subquery(let q, let alias, _):
            let saved = allowOpenTopN
            allowOpenTopN = true
            defer { allowOpenTopN = saved }
            let plan = try planQuery(q)
            let qualifier = alias?.name
            return Relation(
                plan: plan, scope: Scope(schema: plan.schema, qualifier: qualifier, description: qualifier.map { "subquery '\($0)'" } ?? "the subquery"),
                window: nil)
        case .window(let call, let alias):
            return try planWindow(call, alias: alias)
        case .join(let left, let right, let kind, let on, let span):
            return try planJoin(left, right, kind: kind, on: on, span: span)
        }
    }

    private mutating func planNamed(_ name: Identifier, alias: Identifier?) throws -> Relation {
        let qualifier = alias?.name ?? name.name
        if let cte = ctes[name.name.lowercased()] {
            var inner = self
            inner.ctes.removeValue(forKey: name.name.lowercased())
            inner.allowOpenTopN = true  // the query reading the CTE may limit its rank
            var plan = try inner.planQuery(cte.query)
            if !cte.columnNames.isEmpty && cte.columnNames.count == plan.schema.count {
                plan = .project(
                    plan.schema.fields.enumerated().map { ScalarExpr.column(index: $0.offset, type: $0.element.type) },
                    names: cte.columnNames, input: plan)
            }
            return Relation(plan: plan, scope: Scope(schema: plan.schema, qualifier: qualifier, description: "'\(name.name)'"), window: nil)
        }
        switch catalog.lookup(name.name) {
        case .source(let def):
            let plan = LogicalPlan.scan(def, columns: Array(0..<def.schema.count))
            return Relation(
                plan: plan, scope: Scope(schema: def.schema, qualifier: qualifier, description: "\(def.kind.rawValue.lowercased()) '\(def.name)'"),
                window: nil)
        case .view(let view):
            var inner = Analyzer(catalog: catalog, source: view.source)
            var plan = try inner.planQuery(view.query)
            if plan.schema.names != view.columnNames {
                plan = .project(
                    plan.schema.fields.enumerated().map { ScalarExpr.column(index: $0.offset, type: $0.element.type) },
                    names: view.columnNames, input: plan)
            }
            return Relation(plan: plan, scope: Scope(schema: plan.schema, qualifier: qualifier, description: "view '\(view.name)'"), window: nil)
        case .sink:
            throw Diagnostic.error("'\(name.name)' is a sink: it cannot be read", at: name.span)
        case nil:
            let candidates = catalog.relationNames + ctes.keys
            var help = Suggestions.nearest(to: name.name, in: candidates).map { "did you mean '\($0)'?" }
            if help == nil {
                help = candidates.isEmpty
                    ? "declare it first: CREATE SOURCE \(name.name) (...) WITH (...)"
                    : "known: " + candidates.joined(separator: ", ")
            }
            throw Diagnostic.error("unknown source or view '\(name.name)'", at: name.span, help: help)
        }
    }
}

/// Finds aggregate calls in an expression (not counting window functions).
enum AggregateFinder {
    static func contains(_ e: Expr) -> Bool {
        var found = false
        visit(e) { if case .function(let name, _, _, _, let over, _) = $0, over == nil, FunctionCatalog.isAggregate(name.name) { found = true } }
        return found
    }

    static func visit(_ e: Expr, _ body: (Expr) -> Void) {
        body(e)
        switch e {
        case .identifier, .literal, .interval, .timestamp, .keyword: break
        case .unary(_, let x, _), .isNull(let x, _, _), .cast(let x, _, _): visit(x, body)
        case .binary(_, let a, let b, _), .like(let a, let b, _, _):
            visit(a, body)
            visit(b, body)
        case .between(let a, let b, let c, _, _):
            visit(a, body)
            visit(b, body)
            visit(c, body)
        case .inList(let a, let items, _, _):
            visit(a, body)
            items.forEach { visit($0, body) }
        case .caseWhen(let operand, let branches, let otherwise, _):
            operand.map { visit($0, body) }
            for b in branches {
                visit(b.condition, body)
                visit(b.result, body)
            }
            otherwise.map { visit($0, body) }
        case .function(_, let args, _, _, _, _):
            args.forEach { visit($0, body) }
        }
    }
}
