import EddyCore

extension Pipeline {
    /// How many inputs an operator takes (nil: any number, a union).
    static func inputCount(_ spec: OperatorSpec) -> Int? {
        switch spec {
        case .source: return 0
        case .join: return 2
        case .union: return nil
        default: return 1
        }
    }

    static func makeOperator(_ node: JobNode, inputNodes: [JobNode], sinks: SinkFactory, sideFiles: SideFiles) throws -> StreamOperator? {
        let inputSchemas = inputNodes.map(\.schema)
        switch node.spec {
        case .source:
            return nil
        case .filter(let predicate):
            return FilterOperator(predicate: predicate)
        case .project(let expressions):
            return ProjectOperator(expressions: expressions)
        case .calc(let predicate, let expressions):
            return CalcOperator(predicate: predicate, expressions: expressions)
        case .windowAggregate(let spec):
            guard let input = inputSchemas.first else { throw PlanError("window aggregate \(node.id) has no input") }
            let late = try spec.lateOutputPath.map { LateRowWriter(file: try sideFiles.lateEvents($0), schema: input) }
            if case .session(let gap) = spec.window {
                return SessionWindowAggregateOperator(spec: spec, gap: gap, inputSchema: input, outputSchema: node.schema, lateOutput: late)
            }
            return WindowAggregateOperator(spec: spec, inputSchema: input, outputSchema: node.schema, lateOutput: late)
        case .localWindowAggregate(let spec):
            guard let input = inputSchemas.first else { throw PlanError("window aggregate \(node.id) has no input") }
            return LocalWindowAggregateOperator(spec: spec, inputSchema: input, outputSchema: node.schema)
        case .groupAggregate(let spec):
            guard let input = inputSchemas.first else { throw PlanError("aggregate \(node.id) has no input") }
            return GroupAggregateOperator(spec: spec, inputSchema: input, outputSchema: node.schema)
        case .union:
            return UnionOperator()
        case .topN(let spec):
            guard let input = inputSchemas.first, let inputNode = inputNodes.first else { throw PlanError("top-n \(node.id) has no input") }
            if let end = spec.windowEndColumn {
                return WindowTopNOperator(spec: spec, windowEndColumn: end, inputSchema: input, outputSchema: node.schema)
            }
            return TopNOperator(spec: spec, inputSchema: input, outputSchema: node.schema, appendOnlyInput: inputNode.changelog == .appendOnly)
        case .windowAssign(let window, let timeColumn):
            return WindowAssignOperator(window: window, timeColumn: timeColumn)
        case .join(let spec):
            guard inputSchemas.count == 2 else { throw PlanError("join \(node.id) needs two inputs") }
            let (l, r) = (inputSchemas[0], inputSchemas[1])
            switch spec.strategy {
            case .regular:
                return RegularJoinOperator(spec: spec, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            case .interval(let lt, let rt, let lower, let upper):
                return IntervalJoinOperator(
                    spec: spec, leftTime: lt, rightTime: rt, lower: lower, upper: upper, leftSchema: l, rightSchema: r,
                    outputSchema: node.schema)
            case .window(_, let le, _, let re):
                return WindowJoinOperator(spec: spec, leftEnd: le, rightEnd: re, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            case .lookup(let primaryKey):
                return LookupJoinOperator(spec: spec, primaryKey: primaryKey, leftSchema: l, rightSchema: r, outputSchema: node.schema)
            }
        case .sink(let spec):
            guard let input = inputSchemas.first else { throw PlanError("sink \(node.id) has no input") }
            let changelog = node.changelog
            return SinkOperator(writer: try sinks(spec, input, changelog))
        }
    }

}
