import EddyCore

/// A relational plan with types, before physical choices: what the analyzer produces and
/// the optimizer rewrites. Every node knows its output schema and whether it emits only
/// appends or a changelog.
public indirect enum LogicalPlan: Sendable, Hashable {
    /// Reads the columns `columns` (indices into the source's schema) of a source.
    case scan(SourceDefinition, columns: [Int])
    case filter(ScalarExpr, input: LogicalPlan)
    case project([ScalarExpr], names: [String], input: LogicalPlan)
    /// A keyed aggregation over event-time windows; output: keys, window_start,
    /// window_end, aggregates.
    case windowAggregate(WindowAggregateSpec, keyNames: [String], aggregateNames: [String], input: LogicalPlan)
    /// A keyed aggregation without windows, emitting a changelog; output: keys, aggregates.
    case aggregate(GroupAggregateSpec, keyNames: [String], aggregateNames: [String], input: LogicalPlan)
    /// Adds window_start, window_end, window_time to each row (a window TVF read
    /// without aggregation; HOP and CUMULATE repeat rows).
    case windowAssign(WindowSpec, timeColumn: Int, input: LogicalPlan)
    /// Every input's rows (UNION ALL); inputs have the same column types.
    case union([LogicalPlan])
    /// Left columns, then right columns.
    case join(JoinSpec, left: LogicalPlan, right: LogicalPlan)
    /// The first rows of each partition; output: input columns, then `rn` if emitted.
    case topN(TopNSpec, rowNumberName: String, input: LogicalPlan)
    /// Writes the input to a sink.
    case sink(SinkSpec, description: String, input: LogicalPlan)

    public var schema: Schema {
        switch self {
        case .scan(let source, let columns):
            return Schema(columns.map { source.schema.fields[$0] })
        case .filter(_, let input):
            return input.schema
        case .project(let exprs, let names, _):
            return Schema(zip(exprs, names).map { Field($1, $0.type) })
        case .windowAggregate(let spec, let keyNames, let aggregateNames, let input):
            let inputFields = input.schema.fields
            var fields = zip(spec.keyColumns, keyNames).map { Field($1, inputFields[$0].type) }
            fields.append(Field("window_start", .timestamp, nullable: false))
            fields.append(Field("window_end", .timestamp, nullable: false))
            fields += zip(spec.aggregates, aggregateNames).map { Field($1, $0.resultType) }
            return Schema(fields)
        case .aggregate(let spec, let keyNames, let aggregateNames, let input):
            let inputFields = input.schema.fields
            return Schema(
                zip(spec.keyColumns, keyNames).map { Field($1, inputFields[$0].type) }
                    + zip(spec.aggregates, aggregateNames).map { Field($1, $0.resultType) })
        case .windowAssign(_, _, let input):
            return Schema(
                input.schema.fields + WindowedInput.columnNames.map { Field($0, .timestamp, nullable: false) })
        case .union(let inputs):
            return inputs.first?.schema ?? Schema([])
        case .join(let spec, let left, let right):
            var rightFields = right.schema.fields
            var leftFields = left.schema.fields
            // The side that may be missing becomes nullable.
            if spec.kind.keepsUnmatchedLeft { rightFields = rightFields.map { Field($0.name, $0.type, nullable: true) } }
            if spec.kind.keepsUnmatchedRight { leftFields = leftFields.map { Field($0.name, $0.type, nullable: true) } }
            let fields = leftFields + rightFields
            let names = Schema.uniqueNames(fields.map(\.name))
            return Schema(zip(fields, names).map { Field($1, $0.type, nullable: $0.nullable) })
        case .topN(let spec, let rowNumberName, let input):
            var fields = input.schema.fields
            if spec.emitsRowNumber { fields.append(Field(rowNumberName, .bigint, nullable: false)) }
            return Schema(fields)
        case .sink(_, _, let input):
            return input.schema
        }
    }

    public var inputs: [LogicalPlan] {
        switch self {
        case .scan: return []
        case .filter(_, let input), .project(_, _, let input), .windowAggregate(_, _, _, let input),
            .aggregate(_, _, _, let input), .topN(_, _, let input), .sink(_, _, let input), .windowAssign(_, _, let input):
            return [input]
        case .union(let inputs):
            return inputs
        case .join(_, let left, let right):
            return [left, right]
        }
    }

    /// The same node over new inputs.
    /// A rule that hands another number of inputs than the node has is a planner bug.
    public func withInputs(_ newInputs: [LogicalPlan]) -> LogicalPlan {
        precondition(newInputs.count == inputs.count, "withInputs: \(newInputs.count) inputs for a node with \(inputs.count)")
        guard let first = newInputs.first else { return self }
        switch self {
        case .union: return .union(newInputs)
        case .windowAssign(let w, let t, _): return .windowAssign(w, timeColumn: t, input: first)
        case .join(let s, _, _): return .join(s, left: newInputs[0], right: newInputs[1])
        case .topN(let s, let n, _): return .topN(s, rowNumberName: n, input: first)
        case .scan: return self
        case .filter(let p, _): return .filter(p, input: first)
        case .project(let e, let n, _): return .project(e, names: n, input: first)
        case .windowAggregate(let s, let k, let a, _): return .windowAggregate(s, keyNames: k, aggregateNames: a, input: first)
        case .aggregate(let s, let k, let a, _): return .aggregate(s, keyNames: k, aggregateNames: a, input: first)
        case .sink(let s, let d, _): return .sink(s, description: d, input: first)
        }
    }

    /// Whether the node's output only ever appends rows.
    public var changelog: ChangelogMode {
        switch self {
        case .scan, .windowAggregate: return .appendOnly
        case .windowAssign(_, _, let input): return input.changelog
        case .aggregate: return .updates
        case .union(let inputs): return inputs.contains { $0.changelog == .updates } ? .updates : .appendOnly
        case .join(let spec, let left, let right):
            if case .regular = spec.strategy { return .updates }
            return left.changelog == .updates || right.changelog == .updates ? .updates : .appendOnly
        case .topN(let spec, _, let input):
            return spec.windowEndColumn != nil && input.changelog == .appendOnly ? .appendOnly : .updates
        case .filter(_, let input), .project(_, _, let input), .sink(_, _, let input): return input.changelog
        }
    }

    /// The column holding the event time that a watermark tracks, if this node's output
    /// carries one (a time attribute, in Flink's words).
    public var timeAttribute: Int? {
        switch self {
        case .scan(let source, let columns):
            guard let wm = source.watermark else { return nil }
            return columns.firstIndex(of: wm.column)
        case .filter(_, let input):
            return input.timeAttribute
        case .project(let exprs, _, let input):
            guard let t = input.timeAttribute else { return nil }
            return exprs.firstIndex { if case .column(t, _) = $0 { return true } else { return false } }
        case .windowAssign(_, _, let input):
            return input.timeAttribute
        case .union(let inputs):
            // A time attribute survives a union when every input has it in one place.
            let attributes = inputs.map(\.timeAttribute)
            guard let first = attributes.first, let column = first, attributes.allSatisfy({ $0 == column }) else { return nil }
            return column
        case .join(let spec, let left, _):
            // Interval and lookup joins keep the left side's event time (as Flink does).
            switch spec.strategy {
            case .interval, .lookup: return left.timeAttribute
            default: return nil
            }
        case .topN(let spec, _, let input):
            return spec.windowEndColumn == nil ? nil : input.timeAttribute
        case .windowAggregate, .aggregate:
            return nil
        case .sink:
            return nil
        }
    }
}
