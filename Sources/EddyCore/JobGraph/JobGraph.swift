/// The serializable DAG of physical operators: what the planner produces, what
/// `eddy compile` writes and `eddy run --plan` reads, and all the runtime knows of a job.
public struct JobGraph: Codable, Sendable, Hashable {
    /// The version of this format; a plan of another version is refused when read.
    public static let formatVersion = 2

    public var version: Int
    /// Nodes in topological order: every node's inputs come before it.
    public var nodes: [JobNode]
    /// Settings the runtime needs (`state.ttl`, `checkpoint.interval`, ...), as text.
    public var settings: [String: String]

    public init(nodes: [JobNode], settings: [String: String] = [:]) {
        self.version = Self.formatVersion
        self.nodes = nodes
        self.settings = settings
    }

    public func node(_ id: Int) -> JobNode? { nodes.first { $0.id == id } }

    /// The ids of the nodes that read the output of node `id`.
    public func consumers(of id: Int) -> [Int] {
        nodes.filter { $0.inputs.contains(id) }.map(\.id)
    }
}

/// One physical operator with its inputs and the schema of what it emits.
public struct JobNode: Codable, Sendable, Hashable {
    public var id: Int
    public var inputs: [Int]
    public var spec: OperatorSpec
    public var schema: Schema
    public var changelog: ChangelogMode

    public init(id: Int, inputs: [Int], spec: OperatorSpec, schema: Schema, changelog: ChangelogMode) {
        self.id = id
        self.inputs = inputs
        self.spec = spec
        self.schema = schema
        self.changelog = changelog
    }
}

/// What a physical operator does, with everything it needs to run.
public enum OperatorSpec: Sendable, Hashable {
    case source(SourceSpec)
    case filter(predicate: ScalarExpr)
    case project(expressions: [ScalarExpr])
    /// A fused chain of filters and projections: keep the rows where `predicate` holds,
    /// then compute `expressions` (one pass, no intermediate batches).
    case calc(predicate: ScalarExpr?, expressions: [ScalarExpr])
    case windowAggregate(WindowAggregateSpec)
    /// The first phase of a two-phase window aggregation: per batch, partial aggregates
    /// per window and key (output like a window aggregate's), combined after the shuffle.
    case localWindowAggregate(WindowAggregateSpec)
    case groupAggregate(GroupAggregateSpec)
    /// Rows of every input, passed through (UNION ALL).
    case union
    /// Adds window_start, window_end and window_time to each row: a window
    /// table-valued function read without aggregation (HOP and CUMULATE repeat a row
    /// for each window holding it).
    case windowAssign(window: WindowSpec, timeColumn: Int)
    case join(JoinSpec)
    case topN(TopNSpec)
    case sink(SinkSpec)

    /// A short name for plans and metrics: `Scan`, `Filter`, `WindowAggregate`, ...
    public var kindName: String {
        switch self {
        case .source: return "Scan"
        case .filter: return "Filter"
        case .project: return "Project"
        case .calc: return "Calc"
        case .windowAggregate(let w): return w.windowColumns == nil ? "WindowAggregate" : "GlobalWindowAggregate"
        case .localWindowAggregate: return "LocalWindowAggregate"
        case .groupAggregate: return "GroupAggregate"
        case .union: return "Union"
        case .windowAssign: return "WindowAssign"
        case .join(let j):
            switch j.strategy {
            case .regular: return "Join"
            case .interval: return "IntervalJoin"
            case .window: return "WindowJoin"
            case .lookup: return "LookupJoin"
            }
        case .topN(let t): return t.windowEndColumn == nil ? "TopN" : "WindowTopN"
        case .sink: return "Sink"
        }
    }
}
