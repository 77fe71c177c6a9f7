/// `[WITH ...] body [ORDER BY ...] [LIMIT n]`
public struct Query: Sendable {
    public var with: [CommonTableExpression]
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: Expr?
    public var span: Span

    public init(with: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [], limit: Expr? = nil, span: Span) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.span = span
    }
}

/// `name [(columns)] AS (query)`
public struct CommonTableExpression: Sendable {
    public var name: Identifier
    public var columnNames: [Identifier]
    public var query: Query
    public init(name: Identifier, columnNames: [Identifier] = [], query: Query) {
        self.name = name
        self.columnNames = columnNames
        self.query = query
    }
}

public indirect enum QueryBody: Sendable {
    case select(Select)
    /// `left UNION [ALL] right`
    case union(QueryBody, QueryBody, all: Bool, span: Span)
    /// A parenthesized query used as a body: `(SELECT ...) UNION ALL (SELECT ...)`.
    case nested(Query)

    public var span: Span {
        switch self {
        case .select(let s): return s.span
        case .union(_, _, _, let span): return span
        case .nested(let q): return q.span
        }
    }
}

public struct Select: Sendable {
    public var distinct: Bool
    public var items: [SelectItem]
    public var from: TableRef?
    public var whereClause: Expr?
    public var groupBy: [Expr]
    public var having: Expr?
    public var span: Span

    public init(
        distinct: Bool = false, items: [SelectItem], from: TableRef?, whereClause: Expr? = nil, groupBy: [Expr] = [],
        having: Expr? = nil, span: Span
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.span = span
    }
}

public enum SelectItem: Sendable {
    /// `*` or `t.*`
    case wildcard(qualifier: Identifier?, span: Span)
    /// `expr [AS alias]`
    case expression(Expr, alias: Identifier?)
}

public struct OrderItem: Sendable {
    public var expression: Expr
    public var descending: Bool
    /// `NULLS FIRST` (true), `NULLS LAST` (false) or unspecified (nil).
    public var nullsFirst: Bool?
    public init(expression: Expr, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

public enum JoinKind: String, Sendable { case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL" }

public indirect enum TableRef: Sendable {
    /// `name [[AS] alias]`
    case named(Identifier, alias: Identifier?)
    /// `(query) [AS] alias`
    case subquery(Query, alias: Identifier?, span: Span)
    /// A window table-valued function, in Flink's form or the short form.
    case window(WindowFunctionCall, alias: Identifier?)
    /// `left [INNER|LEFT|RIGHT|FULL] JOIN right ON condition`
    case join(TableRef, TableRef, kind: JoinKind, on: Expr?, span: Span)

    public var span: Span {
        switch self {
        case .named(let id, let alias): return alias.map { id.span.union($0.span) } ?? id.span
        case .subquery(_, _, let span): return span
        case .window(let w, let alias): return alias.map { w.span.union($0.span) } ?? w.span
        case .join(_, _, _, _, let span): return span
        }
    }
}

/// The window table-valued functions: the one list of them. Messages, the parser's
/// suggestions and the REPL's completion read `allCases` rather than spelling it again.
public enum WindowKind: String, Sendable, CaseIterable {
    case tumble = "TUMBLE", hop = "HOP", session = "SESSION", cumulate = "CUMULATE"

    /// "TUMBLE, HOP, SESSION and CUMULATE" (`conjunction` "or": "... SESSION or CUMULATE").
    public static func listed(_ conjunction: String) -> String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + (names.last ?? "")
    }
}

/// `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND))` or `TUMBLE(t, ts, INTERVAL
/// '10' SECOND)`. `arguments` are the interval arguments in order: size for TUMBLE, (slide,
/// size) for HOP, gap for SESSION, (step, max size) for CUMULATE.
public struct WindowFunctionCall: Sendable {
    public var kind: WindowKind
    /// The windowed relation: a name or a subquery.
    public var input: TableRef
    public var timeColumn: Identifier
    /// SESSION's `PARTITION BY k` (Flink's form); empty otherwise.
    public var partitionBy: [Identifier]
    public var arguments: [Expr]
    /// True for `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ...))`.
    public var flinkForm: Bool
    public var span: Span

    public init(
        kind: WindowKind, input: TableRef, timeColumn: Identifier, partitionBy: [Identifier] = [], arguments: [Expr],
        flinkForm: Bool, span: Span
    ) {
        self.kind = kind
        self.input = input
        self.timeColumn = timeColumn
        self.partitionBy = partitionBy
        self.arguments = arguments
        self.flinkForm = flinkForm
        self.span = span
    }
}
