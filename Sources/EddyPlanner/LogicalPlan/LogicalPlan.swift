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
        case .sink(_, _, let input):
            return input.schema
        }
    }

    public var inputs: [LogicalPlan] {
        switch self {
        case .scan: return []
        case .filter(_, let input), .project(_, _, let input), .windowAggregate(_, _, _, let input),
            .aggregate(_, _, _, let input), .sink(_, _, let input):
            return [input]
        }
    }

    /// The same node over new inputs.
    public func withInputs(_ newInputs: [LogicalPlan]) -> LogicalPlan {
        guard let first = newInputs.first else { return self }
        switch self {
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
        case .aggregate: return .updates
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
        case .windowAggregate, .aggregate:
            return nil
        case .sink:
            return nil
        }
    }
}
