import EddyCore
import EddySQL

/// Plans `ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...)`: the select that computes it
/// becomes a Top-N whose limit is still open; the query around it must filter on the rank
/// (`WHERE rn <= N`, `rn < N`, `rn = 1`, `rn BETWEEN 1 AND N`), which sets the limit.
extension Analyzer {
    /// The one function written with OVER (a Top-N).
    static let rowNumberName = "ROW_NUMBER"

    /// The ROW_NUMBER item of a select list, if any.
    static func rowNumberItem(_ items: [SelectItem]) -> (index: Int, over: OverClause, span: Span)? {
        for (i, item) in items.enumerated() {
            if case .expression(.function(let name, _, _, _, let over?, let span), _) = item {
                if name.name.uppercased() == rowNumberName { return (i, over, span) }
            }
        }
        return nil
    }

    /// A Top-N whose limit is not set yet.
    static let openLimit = Int.max

    /// Plans a select whose list holds ROW_NUMBER() OVER (...).
    mutating func planRowNumberSelect(_ s: Select, relation: Relation, input: LogicalPlan, rowNumber: (index: Int, over: OverClause, span: Span))
        throws -> LogicalPlan
    {
        if !s.groupBy.isEmpty || s.having != nil {
            throw Diagnostic.error(
                "ROW_NUMBER() cannot be combined with GROUP BY in one SELECT", at: rowNumber.span,
                help: "aggregate in a subquery, then rank its rows")
        }
        guard !rowNumber.over.orderBy.isEmpty else {
            throw Diagnostic.error("ROW_NUMBER() needs ORDER BY in its OVER clause", at: rowNumber.over.span)
        }
        let binder = ExpressionBinder(scope: relation.scope, clause: "SELECT")
        let starColumns = relation.window?.inputColumnCount ?? relation.scope.columns.count
        var items = s.items
        items.remove(at: rowNumber.index)
        var (exprs, names) = try projection(items, scope: relation.scope, binder: binder, starColumns: starColumns)
        let visible = exprs.count
        // Where the rank shows: after every column the items before it give (a `*` gives many).
        let rankPosition = try projection(Array(s.items[..<rowNumber.index]), scope: relation.scope, binder: binder, starColumns: starColumns).0.count
        // Partition and order expressions join the projection (once) if not already there.
        func column(for e: Expr) throws -> Int {
            let bound = try ExpressionBinder(scope: relation.scope, clause: "OVER").bind(e)
            if let i = exprs.firstIndex(of: bound) { return i }
            exprs.append(bound)
            names.append(outputName(e))
            return exprs.count - 1
        }
        let partition = try rowNumber.over.partitionBy.map(column)
        if partition.count > JobGraph.maxKeyColumns, let extra = rowNumber.over.partitionBy.dropFirst(JobGraph.maxKeyColumns).first {
            throw Diagnostic.error("PARTITION BY has more than \(JobGraph.maxKeyColumns) columns", at: extra.span)
        }
        let order = try rowNumber.over.orderBy.map { item in
            // Flink's default: NULLs first when ascending, last when descending.
            TopNSpec.SortKey(column: try column(for: item.expression), descending: item.descending, nullsFirst: item.nullsFirst ?? !item.descending)
        }
        let pre = LogicalPlan.project(exprs, names: names, input: input)
        let windowEnd = partition.first { Self.isWindowEnd(pre, column: $0) }
        let rnName: String
        if case .expression(_, let alias) = s.items[rowNumber.index] { rnName = alias?.name ?? "rn" } else { rnName = "rn" }
        let spec = TopNSpec(
            partitionColumns: partition, orderBy: order, limit: Self.openLimit, emitsRowNumber: true,
            windowEndColumn: windowEnd, stateTTLMillis: stateTTL)
        let topN = LogicalPlan.topN(spec, rowNumberName: rnName, input: pre)
        // The select list's order, with the rank where it was written.
        var outputs: [ScalarExpr] = []
        var outputNames: [String] = []
        let schema = topN.schema
        for i in 0..<visible {
            if outputs.count == rankPosition {
                outputs.append(.column(index: exprs.count, type: .bigint))
                outputNames.append(rnName)
            }
            outputs.append(.column(index: i, type: schema.fields[i].type))
            outputNames.append(names[i])
        }
        if outputs.count == rankPosition {
            outputs.append(.column(index: exprs.count, type: .bigint))
            outputNames.append(rnName)
        }
        return .project(outputs, names: outputNames, input: topN)
    }

    /// Whether `column` of `plan` is the window_end of a window aggregation below.
    static func isWindowEnd(_ plan: LogicalPlan, column: Int) -> Bool {
        switch plan {
        case .windowAggregate(let spec, _, _, _): return column == spec.keyColumns.count + 1
        case .project(let exprs, _, let input):
            if column < exprs.count, case .column(let i, _) = exprs[column] { return isWindowEnd(input, column: i) }
            return false
        case .filter(_, let input): return isWindowEnd(input, column: column)
        default: return false
        }
    }

    /// Where the rank column of an open Top-N shows in `plan`'s output, if it does.
    static func openRankColumn(_ plan: LogicalPlan) -> Int? {
        switch plan {
        case .topN(let spec, _, let input) where spec.limit == openLimit:
            return input.schema.count
        case .project(let exprs, _, let input):
            guard let rank = openRankColumn(input) else { return nil }
            return exprs.firstIndex { if case .column(rank, _) = $0 { return true } else { return false } }
        default:
            return nil
        }
    }

    /// Sets the limit of the open Top-N below projections.
    static func closeTopN(_ plan: LogicalPlan, limit: Int) -> LogicalPlan {
        switch plan {
        case .topN(var spec, let name, let input) where spec.limit == openLimit:
            spec.limit = limit
            return .topN(spec, rowNumberName: name, input: input)
        case .project(let exprs, let names, let input):
            return .project(exprs, names: names, input: closeTopN(input, limit: limit))
        default:
            return plan
        }
    }

    /// Takes the rank filter out of a WHERE over an open Top-N: the limit it sets and the
    /// conjuncts that remain. Nil when the predicate does not bound the rank.
    static func rankLimit(_ predicate: ScalarExpr, rankColumn: Int) -> (limit: Int, rest: [ScalarExpr])? {
        var limit: Int?
        var rest: [ScalarExpr] = []
        for c in predicate.conjuncts {
            guard case .call(let f, let args, _) = c, args.count == 2 else {
                rest.append(c)
                continue
            }
            var op = f
            var constant: Int64?
            if Self.isRank(args[0], rankColumn), let n = Self.wholeNumber(args[1]) {
                constant = n
            } else if let n = Self.wholeNumber(args[0]), Self.isRank(args[1], rankColumn), let flipped = f.flipped {
                constant = n
                op = flipped
            }
            guard let n = constant else {
                rest.append(c)
                continue
            }
            switch op {
            case .lessOrEqual: limit = min(limit ?? Int.max, Int(n))
            case .less: limit = min(limit ?? Int.max, n <= 0 ? 0 : Int(n) - 1)
            case .equal where n == 1: limit = min(limit ?? Int.max, 1)
            case .greaterOrEqual where n <= 1: break  // every rank is at least 1
            case .greater where n <= 0: break
            default: rest.append(c)
            }
        }
        guard let l = limit else { return nil }
        return (min(max(0, l), openLimit - 1), rest)
    }

    /// The rank column, or the rank cast to DOUBLE to meet a large literal.
    private static func isRank(_ e: ScalarExpr, _ rankColumn: Int) -> Bool {
        switch e {
        case .column(rankColumn, _): return true
        case .cast(.column(rankColumn, _), _): return true
        default: return false
        }
    }

    /// A whole-number literal compared with the rank; a number beyond BIGINT (read as a
    /// DOUBLE) counts as the largest BIGINT, since no rank reaches it.
    private static func wholeNumber(_ e: ScalarExpr) -> Int64? {
        switch e {
        case .literal(.int(let n), _): return n
        case .literal(.double(let d), _) where d == d.rounded():
            return d >= 0x1p63 ? .max : d < -0x1p63 ? .min : Int64(d)
        default: return nil
        }
    }
}
