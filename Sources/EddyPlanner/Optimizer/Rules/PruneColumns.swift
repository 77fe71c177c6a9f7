import EddyCore

/// Keeps only the columns something above needs, all the way down to the scan, so the
/// JSON decoder reads just those fields. The scan keeps its event-time column, which the
/// watermark needs.
public struct PruneColumns: OptimizerRule {
    public init() {}
    public var name: String { "PruneColumns" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        prune(plan, required: Array(0..<plan.schema.count)).plan
    }

    /// The pruned plan and where each required column of the old output now is.
    private func prune(_ plan: LogicalPlan, required: [Int]) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        switch plan {
        case .scan(let source, let columns):
            var keep = Set(required.map { columns[$0] })
            if let wm = source.watermark, columns.contains(wm.column) { keep.insert(wm.column) }
            let newColumns = columns.filter { keep.contains($0) }
            var mapping: [Int: Int] = [:]
            for r in required {
                if let i = newColumns.firstIndex(of: columns[r]) { mapping[r] = i }
            }
            return (.scan(source, columns: newColumns), mapping)
        case .filter(let predicate, let input):
            let need = Set(required).union(predicate.columnsUsed).sorted()
            let (newInput, inner) = prune(input, required: need)
            let mapped = predicate.remapColumns { moved($0, inner) }
            return (.filter(mapped, input: newInput), inner.filter { required.contains($0.key) })
        case .project(let exprs, let names, let input):
            let kept = required.map { exprs[$0] }
            let keptNames = required.map { names[$0] }
            let need = kept.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }.sorted()
            let (newInput, inner) = prune(input, required: need)
            let remapped = kept.map { $0.remapColumns { moved($0, inner) } }
            var mapping: [Int: Int] = [:]
            for (i, r) in required.enumerated() { mapping[r] = i }
            return (.project(remapped, names: keptNames, input: newInput), mapping)
        case .windowAggregate(var spec, let keyNames, let aggNames, let input):
            var need = Set(spec.keyColumns)
            need.insert(spec.timeColumn)
            for a in spec.aggregates { if let arg = a.argument { need.insert(arg) } }
            let (newInput, inner) = prune(input, required: need.sorted())
            spec.keyColumns = spec.keyColumns.map { moved($0, inner) }
            spec.timeColumn = inner[spec.timeColumn] ?? spec.timeColumn
            spec.aggregates = spec.aggregates.map { a in
                var a = a
                a.argument = a.argument.map { moved($0, inner) }
                return a
            }
            let all = Array(0..<plan.schema.count)
            return (.windowAggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: newInput), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        case .aggregate(var spec, let keyNames, let aggNames, let input):
            var need = Set(spec.keyColumns)
            for a in spec.aggregates { if let arg = a.argument { need.insert(arg) } }
            let (newInput, inner) = prune(input, required: need.sorted())
            spec.keyColumns = spec.keyColumns.map { moved($0, inner) }
            spec.aggregates = spec.aggregates.map { a in
                var a = a
                a.argument = a.argument.map { moved($0, inner) }
                return a
            }
            let all = Array(0..<plan.schema.count)
            return (.aggregate(spec, keyNames: keyNames, aggregateNames: aggNames, input: newInput), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        case .union(let inputs):
            // Each input keeps just the required columns, in the same order.
            let pruned = inputs.map { input -> LogicalPlan in
                let (p, inner) = prune(input, required: required)
                let schema = p.schema
                let exprs = required.map { r -> ScalarExpr in
                    let i = inner[r] ?? r
                    return .column(index: i, type: schema.fields[i].type)
                }
                return .project(exprs, names: required.map { input.schema.fields[$0].name }, input: p)
            }
            var mapping: [Int: Int] = [:]
            for (i, r) in required.enumerated() { mapping[r] = i }
            return (.union(pruned), mapping)
        case .join(let spec, let left, let right):
            return pruneJoin(spec, left, right, required: required)
        case .topN(var spec, let rowNumberName, let input):
            let width = input.schema.count
            var need = Set(required.filter { $0 < width }).union(spec.partitionColumns).union(spec.orderBy.map(\.column))
            if let end = spec.windowEndColumn { need.insert(end) }
            let (newInput, inner) = prune(input, required: need.sorted())
            spec.partitionColumns = spec.partitionColumns.map { moved($0, inner) }
            spec.orderBy = spec.orderBy.map { key in
                var key = key
                key.column = inner[key.column] ?? key.column
                return key
            }
            spec.windowEndColumn = spec.windowEndColumn.map { moved($0, inner) }
            // The row number, if emitted, follows the input's columns.
            let newWidth = newInput.schema.count
            let mapping = Dictionary(uniqueKeysWithValues: required.map { ($0, $0 < width ? moved($0, inner) : newWidth) })
            return (.topN(spec, rowNumberName: rowNumberName, input: newInput), mapping)
        case .windowAssign(let window, let timeColumn, let input):
            let width = input.schema.count
            let need = Set(required.filter { $0 < width }).union([timeColumn]).sorted()
            let (newInput, inner) = prune(input, required: need)
            let newWidth = newInput.schema.count
            let mapping = Dictionary(uniqueKeysWithValues: required.map { ($0, $0 < width ? moved($0, inner) : newWidth + $0 - width) })
            return (.windowAssign(window, timeColumn: inner[timeColumn] ?? timeColumn, input: newInput), mapping)
        case .sink(let spec, let description, let input):
            let all = Array(0..<input.schema.count)
            let (newInput, inner) = prune(input, required: all)
            // Keep the sink's columns in order even if pruning renumbered them.
            let identity = all.allSatisfy { inner[$0] == $0 } && newInput.schema.count == all.count
            let fixed = identity ? newInput : LogicalPlan.project(
                all.map { ScalarExpr.column(index: moved($0, inner), type: input.schema.fields[$0].type) },
                names: input.schema.names, input: newInput)
            return (.sink(spec, description: description, input: fixed), Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))
        }
    }

    /// A join keeps its inputs' rows in state: a column read only below it (by a filter, or
    /// the scan's event time) is dropped before the join.
    private func narrowed(_ pruned: (plan: LogicalPlan, mapping: [Int: Int]), to need: [Int], of original: LogicalPlan) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        guard pruned.plan.schema.count > need.count else { return pruned }
        let fields = pruned.plan.schema.fields
        let exprs = need.map { c -> ScalarExpr in
            let i = pruned.mapping[c] ?? c
            return .column(index: i, type: fields[i].type)
        }
        let names = need.map { original.schema.fields[$0].name }
        return (.project(exprs, names: names, input: pruned.plan), Dictionary(uniqueKeysWithValues: need.enumerated().map { ($1, $0) }))
    }

    /// Each side keeps the columns required above and those its join reads: keys, the
    /// condition, the time bounds or window columns, a lookup table's primary key.
    private func pruneJoin(_ spec: JoinSpec, _ left: LogicalPlan, _ right: LogicalPlan, required: [Int]) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        let leftWidth = left.schema.count
        var needLeft = Set(spec.leftKeys), needRight = Set(spec.rightKeys)
        for c in required { if c < leftWidth { needLeft.insert(c) } else { needRight.insert(c - leftWidth) } }
        for c in spec.condition?.columnsUsed ?? [] {
            if c < leftWidth { needLeft.insert(c) } else { needRight.insert(c - leftWidth) }
        }
        switch spec.strategy {
        case .regular: break
        case .interval(let lt, let rt, _, _): needLeft.insert(lt); needRight.insert(rt)
        case .window(let ls, let le, let rs, let re): needLeft.formUnion([ls, le]); needRight.formUnion([rs, re])
        case .lookup(let primaryKey): needRight.formUnion(primaryKey)
        }
        // A lookup join keeps no state for its left side: nothing to narrow there.
        let leftPruned = prune(left, required: needLeft.sorted())
        let lookup = if case .lookup = spec.strategy { true } else { false }
        let (newLeft, l) = lookup ? leftPruned : narrowed(leftPruned, to: needLeft.sorted(), of: left)
        let (newRight, r) = narrowed(prune(right, required: needRight.sorted()), to: needRight.sorted(), of: right)
        let newLeftWidth = newLeft.schema.count
        func joined(_ c: Int) -> Int { c < leftWidth ? l[c] ?? c : newLeftWidth + (r[c - leftWidth] ?? c - leftWidth) }
        var spec = spec
        spec.leftKeys = spec.leftKeys.map { moved($0, l) }
        spec.rightKeys = spec.rightKeys.map { moved($0, r) }
        spec.condition = spec.condition?.remapColumns(joined)
        switch spec.strategy {
        case .regular: break
        case .interval(let lt, let rt, let lower, let upper):
            spec.strategy = .interval(leftTime: l[lt] ?? lt, rightTime: r[rt] ?? rt, lowerMillis: lower, upperMillis: upper)
        case .window(let ls, let le, let rs, let re):
            spec.strategy = .window(leftStart: l[ls] ?? ls, leftEnd: l[le] ?? le, rightStart: r[rs] ?? rs, rightEnd: r[re] ?? re)
        case .lookup(let primaryKey):
            spec.strategy = .lookup(primaryKey: primaryKey.map { moved($0, r) })
        }
        let mapping = Dictionary(uniqueKeysWithValues: required.map { ($0, joined($0)) })
        return (.join(spec, left: newLeft, right: newRight), mapping)
    }

    /// Where column `c` of an input now is. Every column asked of an input is kept, so a
    /// miss is a bug of this rule: stop loudly rather than read the wrong column.
    private func moved(_ c: Int, _ mapping: [Int: Int]) -> Int {
        guard let i = mapping[c] else { preconditionFailure("PruneColumns: column \(c) was required but not kept") }
        return i
    }
}
