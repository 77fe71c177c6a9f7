import EddyCore

/// With several workers, a window aggregation runs in two phases: a local one on the
/// worker that read the rows (partial results per window and key, per batch), and after
/// the shuffle a global one that combines the partials. How each aggregate splits is its
/// descriptor's `twoPhase`: counts and sums are summed, extremes taken again; AVG travels
/// as SUM and COUNT and is divided at the end. A part that aggregates a value made from
/// the argument (a sum of squares) gets that value from a projection before the local
/// phase. Aggregations with DISTINCT, and session windows (whose windows merge), stay in
/// one phase.
public enum TwoPhaseAggregation {
    public static func apply(_ graph: JobGraph) -> JobGraph {
        var nodes: [JobNode] = []
        var nextId = (graph.nodes.map(\.id).max() ?? 0) + 1
        for node in graph.nodes {
            guard case .windowAggregate(let spec) = node.spec, spec.windowColumns == nil,
                !spec.aggregates.contains(where: \.distinct),
                let input = graph.node(node.inputs.first ?? -1),
                let split = Split(spec.aggregates, over: input.schema)
            else {
                nodes.append(node)
                continue
            }
            if case .session = spec.window {
                nodes.append(node)
                continue
            }
            let keyCount = spec.keyColumns.count
            var localInputs = node.inputs
            if !split.derived.isEmpty {
                // The values the parts aggregate that are not input columns, appended to them.
                let passThrough = input.schema.fields.enumerated().map { ScalarExpr.column(index: $0.offset, type: $0.element.type) }
                let fields = split.derived.enumerated().map { Field("derived\($0.offset)", $0.element.type) }
                nodes.append(JobNode(
                    id: nextId, inputs: node.inputs, spec: .project(expressions: passThrough + split.derived),
                    schema: Schema(input.schema.fields + fields), changelog: input.changelog))
                localInputs = [nextId]
                nextId += 1
            }
            var local = spec
            local.aggregates = split.localCalls
            local.lateOutputPath = nil
            let window = [Field("window_start", .timestamp, nullable: false), Field("window_end", .timestamp, nullable: false)]
            let keyFields = Array(node.schema.fields.prefix(keyCount))
            let partialFields = split.localCalls.enumerated().map { Field("partial\($0.offset)", $0.element.resultType) }
            let localNode = JobNode(
                id: nextId, inputs: localInputs, spec: .localWindowAggregate(local),
                schema: Schema(keyFields + window + partialFields), changelog: .appendOnly)
            nextId += 1
            // Phase two: keys and window from the partial rows, partials combined.
            var global = spec
            global.keyColumns = Array(0..<keyCount)
            global.timeColumn = keyCount + 1
            global.windowColumns = [keyCount, keyCount + 1]
            global.aggregates = split.localCalls.enumerated().map { i, call in
                AggregateCall(function: split.combiners[i], argument: keyCount + 2 + i, resultType: call.resultType)
            }
            let finishes = split.finishes.contains { $0 != nil }
            let globalSchema = Schema(keyFields + window + partialFields)
            let globalNode = JobNode(
                id: finishes ? nextId : node.id, inputs: [localNode.id], spec: .windowAggregate(global),
                schema: finishes ? globalSchema : node.schema, changelog: .appendOnly)
            nextId += finishes ? 1 : 0
            nodes.append(localNode)
            nodes.append(globalNode)
            if finishes {
                // The results of split aggregates, computed from their combined parts.
                var exprs = (0..<(keyCount + 2)).map { ScalarExpr.column(index: $0, type: globalSchema.fields[$0].type) }
                for (k, call) in spec.aggregates.enumerated() {
                    let parts = split.partsOf[k].map { ScalarExpr.column(index: keyCount + 2 + $0, type: partialFields[$0].type) }
                    exprs.append(split.finishes[k].map { $0(parts, call.resultType) } ?? parts[0])
                }
                nodes.append(JobNode(id: node.id, inputs: [globalNode.id], spec: .project(expressions: exprs), schema: node.schema, changelog: .appendOnly))
            }
        }
        var result = graph
        result.nodes = nodes
        return result
    }

    /// The first phase's calls for the aggregates of one node, read from their descriptors.
    struct Split {
        var localCalls: [AggregateCall] = []
        /// Per local call, the function the second phase combines it with.
        var combiners: [AggregateFunction] = []
        /// Per original aggregate, the local calls it became, and how to finish it (nil:
        /// its one partial is its result).
        var partsOf: [[Int]] = []
        var finishes: [(@Sendable ([ScalarExpr], DataType) -> ScalarExpr)?] = []
        /// Values parts aggregate that are not input columns; column `input count + i`.
        var derived: [ScalarExpr] = []

        /// Nil when an aggregate cannot be split (a part that is itself split): the node
        /// then stays in one phase.
        init?(_ calls: [AggregateCall], over input: Schema) {
            for call in calls {
                switch call.function.descriptor.twoPhase {
                case .combinedBy(let combiner):
                    partsOf.append([localCalls.count])
                    finishes.append(nil)
                    localCalls.append(call)
                    combiners.append(combiner)
                case .parts(let parts, let finish):
                    partsOf.append(Array(localCalls.count..<(localCalls.count + parts.count)))
                    finishes.append(finish)
                    for part in parts {
                        guard case .combinedBy(let combiner) = part.function.descriptor.twoPhase else { return nil }
                        var argument = call.argument
                        var argumentType = call.argument.map { input.fields[$0].type } ?? .null
                        if let derive = part.argument, let a = call.argument {
                            let value = derive(.column(index: a, type: argumentType))
                            if let existing = derived.firstIndex(of: value) {
                                argument = input.fields.count + existing
                            } else {
                                derived.append(value)
                                argument = input.fields.count + derived.count - 1
                            }
                            argumentType = value.type
                        }
                        guard let type = part.function.descriptor.resultType(argumentType) else { return nil }
                        localCalls.append(AggregateCall(function: part.function, argument: argument, resultType: type))
                        combiners.append(combiner)
                    }
                }
            }
        }
    }
}
