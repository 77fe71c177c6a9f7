/// A keyed aggregation without windows: per-key state kept until the key's rows are all
/// retracted (or its state expires), emitting a changelog: `+I` for a new group, `-U`/`+U`
/// when its result changes, `-D` when its last row is retracted. With no aggregates it is
/// SELECT DISTINCT. Output columns: the key columns, then one column per aggregate.
public struct GroupAggregateSpec: Codable, Sendable, Hashable {
    public var keyColumns: [Int]
    public var aggregates: [AggregateCall]
    /// Idle time after which a key's state is dropped (`state.ttl`); nil keeps it for ever.
    public var stateTTLMillis: Int64?

    public init(keyColumns: [Int], aggregates: [AggregateCall], stateTTLMillis: Int64? = nil) {
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.stateTTLMillis = stateTTLMillis
    }
}
