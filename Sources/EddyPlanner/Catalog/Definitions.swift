import EddyCore
import EddySQL

/// A source or reference table declared by `CREATE SOURCE` / `CREATE TABLE`.
public struct SourceDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable { case source = "SOURCE", table = "TABLE" }

    public var name: String
    public var kind: Kind
    public var schema: Schema
    /// The event-time column and bounded out-of-orderness of its WATERMARK clause.
    public var watermark: WatermarkSpec?
    public var primaryKey: [Int]
    public var connector: ConnectorOptions?

    public init(name: String, kind: Kind, schema: Schema, watermark: WatermarkSpec?, primaryKey: [Int] = [], connector: ConnectorOptions?) {
        self.name = name
        self.kind = kind
        self.schema = schema
        self.watermark = watermark
        self.primaryKey = primaryKey
        self.connector = connector
    }
}

/// The validated WITH options of a file source or sink.
public struct ConnectorOptions: Sendable, Hashable {
    public var connector: String
    /// Absolute, resolved against the script's folder. For a PostgreSQL sink, what names
    /// its database: `postgresql://host:port/database`, without user or password.
    public var path: String
    /// The path as the user wrote it, for plans and messages (a URL without its password).
    public var displayPath: String
    public var format: String
    public var onError: SourceSpec.ErrorPolicy
    public var deadLetterPath: String?
    public var follow: Bool
    public var lateOutputPath: String?
    /// `'json.max-line-bytes'`: longer lines are malformed (nil: 64 MiB).
    public var maxLineBytes: Int?
    /// The CSV dialect when `format` is `csv`.
    public var csv: CSVFormat?
    /// `'source.idle-timeout'`, in milliseconds.
    public var idleTimeoutMillis: Int64?
    /// A datagen source's options, and its columns' by lowercased name.
    public var datagen: DataGenSpec?
    public var datagenFields: [String: DataGenField] = [:]
    /// What a sink claims as its own: its file, or for a database its table in the file
    /// (several tables of one SQLite file are written by several sinks).
    var claimedPath: String { table.map { path + "#" + $0 } ?? path }

    /// A database sink's table, and its primary key (upsert mode) if it has one.
    public var table: String?
    public var primaryKey: [String] = []
    /// A PostgreSQL sink's connection URL, with the password if one was given.
    public var url: String?
    /// `'sink.max-retries'` of a PostgreSQL sink.
    public var maxRetries: Int?
    /// `'sink.query-timeout'` of a PostgreSQL sink, in milliseconds.
    public var queryTimeoutMillis: Int64?
    /// The largest `'json.max-line-bytes'` accepted: 1 GiB.
    public static let maxLineBytesLimit = 1 << 30

    public init(
        connector: String = "file", path: String, displayPath: String, format: String = "json",
        onError: SourceSpec.ErrorPolicy = .fail, deadLetterPath: String? = nil, follow: Bool = false,
        lateOutputPath: String? = nil
    ) {
        self.connector = connector
        self.path = path
        self.displayPath = displayPath
        self.format = format
        self.onError = onError
        self.deadLetterPath = deadLetterPath
        self.follow = follow
        self.lateOutputPath = lateOutputPath
    }
}

/// A named query from `CREATE [MATERIALIZED] VIEW`, re-planned wherever it is used.
public struct ViewDefinition: Sendable {
    public var name: String
    public var materialized: Bool
    public var query: Query
    /// The source text the query was written in (for diagnostics inside the view).
    public var source: SourceText
    public var columnNames: [String]
    public var schema: Schema
    public var changelog: ChangelogMode
}

/// A sink declared by `CREATE SINK`.
public struct SinkDefinition: Sendable {
    public var name: String
    public var connector: ConnectorOptions
    /// Declared columns, if any; otherwise the sink takes the columns of what is inserted.
    public var schema: Schema?
    public var primaryKey: [String]

    /// The columns a database sink upserts by: its `'primary-key'` option, or the PRIMARY
    /// KEY of its column list (as Flink's JDBC tables declare it).
    public var upsertKey: [String] { connector.primaryKey.isEmpty ? primaryKey : connector.primaryKey }
}
