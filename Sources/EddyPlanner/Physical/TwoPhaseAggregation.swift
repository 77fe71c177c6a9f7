import EddyCore

/// With several workers, a window aggregation runs in two phases: a local one on the
/// worker that read the rows (partial results per window and key, per batch), and after
/// the shuffle a global one that combines the partials (counts and sums summed, extremes
/// taken again). AVG travels as SUM and COUNT and is divided at the end. Aggregations with
/// DISTINCT, and session windows (whose windows merge), stay in one phase.
public enum TwoPhaseAggregation {
    public static func apply(_ graph: JobGraph) -> JobGraph {
        var nodes: [JobNode] = []
        var nextId = (graph.nodes.map(\.id).max() ?? 0) + 1
        for node in graph.nodes {
            guard case .windowAggregate(let spec) = node.spec, spec.windowColumns == nil,
                !spec.aggregates.contains(where: \.distinct),
                let input = graph.node(node.inputs.first ?? -1)
            else {
                nodes.append(node)
                continue
            }
            if case .session = spec.window {
                nodes.append(node)
                continue
            }
            let keyCount = spec.keyColumns.count
            let inputFields = input.schema.fields
            // Phase one: AVG becomes SUM and COUNT; the rest is computed as it is.
            var localCalls: [AggregateCall] = []
            var partialOf: [[Int]] = []  // per original aggregate, its partial columns
            for call in spec.aggregates {
                if call.function == .avg {
                    let argType = call.argument.map { inputFields[$0].type } ?? .bigint
                    partialOf.append([localCalls.count, localCalls.count + 1])
                    localCalls.append(AggregateCall(function: .sum, argument: call.argument, resultType: argType))
                    localCalls.append(AggregateCall(function: .count, argument: call.argument, resultType: .bigint))
                } else {
                    partialOf.append([localCalls.count])
                    localCalls.append(call)
                }
            }
            var local = spec
            local.aggregates = localCalls
            local.lateOutputPath = nil
            let window = [Field("window_start", .timestamp, nullable: false), Field("window_end", .timestamp, nullable: false)]
            let keyFields = Array(node.schema.fields.prefix(keyCount))
            let partialFields = localCalls.enumerated().map { Field("partial\($0.offset)", $0.element.resultType) }
            let localNode = JobNode(
                id: nextId, inputs: node.inputs, spec: .localWindowAggregate(local),
                schema: Schema(keyFields + window + partialFields), changelog: .appendOnly)
            nextId += 1
            // Phase two: keys and window from the partial rows, partials combined.
            var global = spec
            global.keyColumns = Array(0..<keyCount)
            global.timeColumn = keyCount + 1
            global.windowColumns = [keyCount, keyCount + 1]
            global.aggregates = localCalls.enumerated().map { i, call in
                AggregateCall(function: call.combining, argument: keyCount + 2 + i, resultType: call.resultType)
            }
            let hasAverage = spec.aggregates.contains { $0.function == .avg }
            let globalSchema = Schema(keyFields + window + partialFields)
            let globalNode = JobNode(
                id: hasAverage ? nextId : node.id, inputs: [localNode.id], spec: .windowAggregate(global),
                schema: hasAverage ? globalSchema : node.schema, changelog: .appendOnly)
            nextId += hasAverage ? 1 : 0
            nodes.append(localNode)
            nodes.append(globalNode)
            if hasAverage {
                // The final AVG: the sum divided by the count (NULL without values).
                var exprs = (0..<(keyCount + 2)).map { ScalarExpr.column(index: $0, type: globalSchema.fields[$0].type) }
                for (k, call) in spec.aggregates.enumerated() {
                    let columns = partialOf[k].map { keyCount + 2 + $0 }
                    if call.function == .avg, columns.count == 2 {
                        let sum = ScalarExpr.column(index: columns[0], type: globalSchema.fields[columns[0]].type)
                        let count = ScalarExpr.column(index: columns[1], type: .bigint)
                        let type = call.resultType
                        let numerator = type == .double ? ScalarExpr.cast(sum, to: .double) : sum
                        let denominator = type == .double ? ScalarExpr.cast(count, to: .double) : count
                        exprs.append(.caseWhen(
                            branches: [CaseBranch(condition: .call(.equal, args: [count, .literal(.int(0))], type: .boolean), result: .literal(.null, type: type))],
                            otherwise: .call(.divide, args: [numerator, denominator], type: type), type: type))
                    } else {
                        exprs.append(.column(index: columns[0], type: call.resultType))
                    }
                }
                nodes.append(JobNode(id: node.id, inputs: [globalNode.id], spec: .project(expressions: exprs), schema: node.schema, changelog: .appendOnly))
            }
        }
        var result = graph
        result.nodes = nodes
        return result
    }
}
