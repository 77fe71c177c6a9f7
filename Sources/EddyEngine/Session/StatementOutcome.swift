import EddyCore
import EddyPlanner
import EddySQL

/// A query of a script ready to be compiled into the job: a bare SELECT (rows go to
/// stdout) or an INSERT INTO a sink.
public struct PlannedQuery: Sendable {
    public enum Kind: Sendable, Equatable {
        case select(index: Int)
        case insert(sink: String)
    }
    public var kind: Kind
    /// The analyzed plan, ending in its sink.
    public var plan: LogicalPlan
    public var span: Span

    /// The column names of the rows the query produces.
    public var columnNames: [String] { plan.schema.names }
    public var columnTypes: [DataType] { plan.schema.types }
}

/// What executing one statement did.
public enum StatementOutcome: Sendable {
    /// A source, table, view or sink was declared or dropped; the text says which.
    case catalogChanged(String)
    /// Something to show now: SHOW, DESCRIBE, EXPLAIN.
    case text(String)
    /// A query to run as part of the job.
    case query(PlannedQuery)
    /// A setting changed.
    case setting(key: String, value: String?)
}
