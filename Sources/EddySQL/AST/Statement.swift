/// A name as written, with where it was written. Unquoted names compare
/// case-insensitively; `quoted` remembers backticks or double quotes.
public struct Identifier: Hashable, Sendable {
    public var name: String
    public var span: Span
    public var quoted: Bool

    public init(_ name: String, span: Span, quoted: Bool = false) {
        self.name = name
        self.span = span
        self.quoted = quoted
    }
}

/// One statement of a script, with the span of its text (without the `;`).
public struct Statement: Sendable {
    public var kind: StatementKind
    public var span: Span

    public init(_ kind: StatementKind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

public enum StatementKind: Sendable {
    /// `CREATE SOURCE` (a stream) or `CREATE TABLE` (a reference table).
    case createSource(CreateSource)
    /// `CREATE [MATERIALIZED] VIEW name AS query`
    case createView(CreateView)
    /// `CREATE SINK name [FROM relation | AS query] WITH (...)`
    case createSink(CreateSink)
    /// `INSERT INTO sink query`
    case insert(Insert)
    /// A query on its own: its rows are printed.
    case query(Query)
    /// `EXPLAIN [LOGICAL | PHYSICAL | ANALYZE] [VERBOSE] statement`
    case explain(Explain)
    /// `SHOW SOURCES | VIEWS | SINKS | TABLES`
    case show(ShowTarget, targetSpan: Span)
    /// `DESCRIBE name`
    case describe(Identifier)
    /// `SET 'key' = 'value'`
    case set(key: StringLiteral, value: StringLiteral)
    /// `RESET 'key'`
    case reset(key: StringLiteral)
    /// `DROP SOURCE | VIEW | SINK | TABLE [IF EXISTS] name`
    case drop(DropTarget, name: Identifier, ifExists: Bool)
}

/// A quoted string with its span.
public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var span: Span
    public init(_ value: String, span: Span) {
        self.value = value
        self.span = span
    }
}

public enum ShowTarget: String, Sendable { case sources = "SOURCES", views = "VIEWS", sinks = "SINKS", tables = "TABLES" }
public enum DropTarget: String, Sendable { case source = "SOURCE", view = "VIEW", sink = "SINK", table = "TABLE" }

/// A written type: `BIGINT`, `TIMESTAMP(3)`, `VARCHAR(20)`.
public struct TypeName: Hashable, Sendable {
    public var name: String
    public var parameters: [Int]
    public var span: Span
    public init(name: String, parameters: [Int] = [], span: Span) {
        self.name = name
        self.parameters = parameters
        self.span = span
    }
}

public struct ColumnDefinition: Sendable {
    public var name: Identifier
    public var type: TypeName
    public var notNull: Bool
    public init(name: Identifier, type: TypeName, notNull: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
    }
}

/// `WATERMARK FOR column AS expression`
public struct WatermarkDefinition: Sendable {
    public var column: Identifier
    public var expression: Expr
    public var span: Span
    public init(column: Identifier, expression: Expr, span: Span) {
        self.column = column
        self.expression = expression
        self.span = span
    }
}

/// One `'key' = 'value'` of a WITH clause.
public struct OptionEntry: Sendable {
    public var key: StringLiteral
    public var value: StringLiteral
    public init(key: StringLiteral, value: StringLiteral) {
        self.key = key
        self.value = value
    }
}

public struct CreateSource: Sendable {
    /// A `TABLE` is a bounded reference table; a `SOURCE` is a stream.
    public enum Kind: String, Sendable { case source = "SOURCE", table = "TABLE" }
    public var kind: Kind
    public var name: Identifier
    public var ifNotExists: Bool
    public var columns: [ColumnDefinition]
    public var watermark: WatermarkDefinition?
    /// `PRIMARY KEY (a, b) [NOT ENFORCED]`
    public var primaryKey: [Identifier]
    public var options: [OptionEntry]

    public init(
        kind: Kind, name: Identifier, ifNotExists: Bool = false, columns: [ColumnDefinition],
        watermark: WatermarkDefinition?, primaryKey: [Identifier] = [], options: [OptionEntry]
    ) {
        self.kind = kind
        self.name = name
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.watermark = watermark
        self.primaryKey = primaryKey
        self.options = options
    }
}

public struct CreateView: Sendable {
    public var name: Identifier
    public var materialized: Bool
    public var ifNotExists: Bool
    /// `CREATE VIEW v (a, b) AS ...` renames the query's columns.
    public var columnNames: [Identifier]
    public var query: Query

    public init(name: Identifier, materialized: Bool, ifNotExists: Bool = false, columnNames: [Identifier] = [], query: Query) {
        self.name = name
        self.materialized = materialized
        self.ifNotExists = ifNotExists
        self.columnNames = columnNames
        self.query = query
    }
}

public struct CreateSink: Sendable {
    public enum Input: Sendable {
        /// Rows arrive by `INSERT INTO`.
        case none
        /// `FROM view_or_source`
        case relation(Identifier)
        /// `AS query`
        case query(Query)
    }
    public var name: Identifier
    public var ifNotExists: Bool
    /// Declared columns, if any (`CREATE SINK s (a BIGINT, ...)`).
    public var columns: [ColumnDefinition]
    public var primaryKey: [Identifier]
    public var input: Input
    public var options: [OptionEntry]

    public init(
        name: Identifier, ifNotExists: Bool = false, columns: [ColumnDefinition] = [], primaryKey: [Identifier] = [],
        input: Input, options: [OptionEntry]
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.primaryKey = primaryKey
        self.input = input
        self.options = options
    }
}

public struct Insert: Sendable {
    public var target: Identifier
    public var query: Query
    public init(target: Identifier, query: Query) {
        self.target = target
        self.query = query
    }
}

public struct Explain: Sendable {
    public enum Mode: String, Sendable { case `default` = "", logical = "LOGICAL", physical = "PHYSICAL", analyze = "ANALYZE" }
    public var mode: Mode
    public var verbose: Bool
    /// The explained statement: a query or an INSERT.
    public indirect enum Target: Sendable {
        case query(Query)
        case insert(Insert)
    }
    public var target: Target

    public init(mode: Mode, verbose: Bool = false, target: Target) {
        self.mode = mode
        self.verbose = verbose
        self.target = target
    }
}
