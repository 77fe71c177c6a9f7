/// A source as the runtime reads it: where, in what format, which fields to decode.
public struct SourceSpec: Codable, Sendable, Hashable {
    public enum ErrorPolicy: String, Codable, Sendable { case fail = "fail", skip = "skip" }

    /// The source's name in the script (`bids`).
    public var name: String
    public var connector: String
    /// An absolute path, resolved against the script's folder by the planner.
    public var path: String
    public var format: String
    public var onError: ErrorPolicy
    /// Where skipped malformed lines are written, if anywhere.
    public var deadLetterPath: String?
    /// Keep reading what is appended to the file instead of ending at its end.
    public var follow: Bool
    /// The fields decoded from each record: the source's columns that the plan uses, in
    /// the order of this operator's output schema.
    public var fields: [Field]
    /// The event-time column and its bounded out-of-orderness, if the source has a
    /// WATERMARK clause.
    public var watermark: WatermarkSpec?
    /// A reference table (`CREATE TABLE`): read in full before the streams start, then
    /// followed for changes if `follow` is set.
    public var isTable: Bool = false
    /// `'json.max-line-bytes'`: a longer line is malformed (nil: the default, 64 MiB).
    public var maxLineBytes: Int?
    /// The CSV dialect of a source of format `csv`.
    public var csv: CSVFormat?
    /// How a `datagen` source makes its rows.
    public var datagen: DataGenSpec?
    /// `'source.idle-timeout'`: after this long without new events (wall clock) the
    /// source stops holding back the watermark of what it feeds (Flink's idleness).
    public var idleTimeoutMillis: Int64?
    /// Where each field sits among the source's declared columns (a CSV file without a
    /// header is read by position); nil: in declaration order.
    public var declaredPositions: [Int]?

    public init(
        name: String, connector: String = "file", path: String, format: String = "json",
        onError: ErrorPolicy = .fail, deadLetterPath: String? = nil, follow: Bool = false,
        fields: [Field], watermark: WatermarkSpec?
    ) {
        self.name = name
        self.connector = connector
        self.path = path
        self.format = format
        self.onError = onError
        self.deadLetterPath = deadLetterPath
        self.follow = follow
        self.fields = fields
        self.watermark = watermark
    }
}

/// `WATERMARK FOR column AS column - delay`: the watermark trails the largest event time
/// seen by `delayMillis`.
public struct WatermarkSpec: Codable, Sendable, Hashable {
    /// Index of the event-time column in the source operator's output.
    public var column: Int
    public var delayMillis: Int64

    public init(column: Int, delayMillis: Int64) {
        self.column = column
        self.delayMillis = delayMillis
    }
}

/// Where a query's rows go.
public struct SinkSpec: Codable, Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// The rows of a bare SELECT, printed by the CLI; `query` numbers them in the script.
        case stdout(query: Int)
        /// A JSON-lines file (with an `op` field when the input is a changelog).
        case file(path: String, format: String)
        /// Rows kept in memory by the host (tests, the REPL), under this name.
        case collect(name: String)
        /// A table of a database (a read model): rows appended, or, with a primary key,
        /// a changelog applied as upserts and deletes.
        case database(DatabaseTable)
    }

    public var name: String
    public var target: Target
    /// The CSV options of a file sink of format `csv`.
    public var csv: CSVFormat?

    public init(name: String, target: Target) {
        self.name = name
        self.target = target
    }
}

/// A database table a sink keeps current.
public struct DatabaseTable: Codable, Sendable, Hashable {
    public enum System: String, Codable, Sendable { case sqlite = "sqlite", postgres = "postgres" }

    public var system: System
    /// The SQLite file (absolute), or the PostgreSQL connection URL.
    public var location: String
    public var table: String
    /// Upsert mode when not empty: the columns that identify a row.
    public var primaryKey: [String]
    /// How often a write that lost its connection is tried again (nil: the default).
    public var maxRetries: Int?
    /// How often a lost connection is tried again when the sink does not say.
    public static let defaultMaxRetries = 3
    /// How long a statement may go unanswered before its connection counts as lost (nil:
    /// the default).
    public var queryTimeoutMillis: Int64?
    /// The query timeout when the sink does not say: 60 s.
    public static let defaultQueryTimeoutMillis: Int64 = 60_000

    public init(
        system: System, location: String, table: String, primaryKey: [String], maxRetries: Int? = nil, queryTimeoutMillis: Int64? = nil
    ) {
        self.system = system
        self.location = location
        self.table = table
        self.primaryKey = primaryKey
        self.maxRetries = maxRetries
        self.queryTimeoutMillis = queryTimeoutMillis
    }
}

/// Database locations as plans and messages show them.
public enum DatabaseText {
    /// `postgresql://user:secret@host/db` as `postgresql://user@host/db`, and without a
    /// `password=` parameter.
    public static func withoutPassword(_ url: String) -> String {
        var text = url
        if let q = text.firstIndex(of: "?") {
            let kept = text[text.index(after: q)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
            text = String(text[..<q]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        let chars = Array(text)
        let end = chars.firstIndex(of: "?") ?? chars.count
        guard let schemeEnd = (0..<max(0, chars.count - 2)).first(where: { chars[$0] == ":" && chars[$0 + 1] == "/" && chars[$0 + 2] == "/" }),
            schemeEnd + 3 <= end,
            let at = chars[(schemeEnd + 3)..<end].lastIndex(of: "@"),
            let colon = chars[(schemeEnd + 3)..<at].firstIndex(of: ":")
        else { return text }
        return String(chars[..<colon]) + String(chars[at...])
    }
}
