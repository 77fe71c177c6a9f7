import EddyCore
import EddyRuntime

/// What a change does to a query's result (Flink's row kinds): `+I` inserts a row, `-U`
/// and `+U` replace one, `-D` deletes one.
public enum ChangeKind: String, Sendable, CaseIterable {
    case insert = "+I", updateBefore = "-U", updateAfter = "+U", delete = "-D"

    init(_ kind: RowKind) {
        switch kind {
        case .insert: self = .insert
        case .updateBefore: self = .updateBefore
        case .updateAfter: self = .updateAfter
        case .delete: self = .delete
        }
    }

    /// Whether the row adds to the result (`+I`, `+U`) rather than retracting one.
    public var isAccumulate: Bool { self == .insert || self == .updateAfter }
}

/// One value of a result row: what it prints as, whether it is NULL. Equal values are
/// equal cells (a retraction finds the row it retracts).
public struct ResultCell: Hashable, Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }

    /// As tables and changelogs print it: `2024-01-01T00:00:00`, `NULL`, `1.5`.
    public var text: String { value.displayText }
    public var isNull: Bool { value.isNull }
}

/// The columns of a query's result.
public struct ResultColumns: Sendable, Equatable {
    public let names: [String]
    let types: [DataType]

    init(names: [String], types: [DataType]) {
        self.names = names
        self.types = types
    }

    /// Numbers and intervals are aligned right in tables.
    public var alignsRight: [Bool] { types.map { $0.isNumeric || $0 == .interval } }
}

/// Rows of a running query as one batch of them leaves it.
public struct ResultBatch {
    let batch: Batch

    init(_ batch: Batch) { self.batch = batch }

    /// How many rows (changes) it holds.
    public var count: Int { batch.selection?.count ?? batch.rowCount }

    /// Each row, with what it does to the result.
    public func forEachChange(_ body: ([ResultCell], ChangeKind) -> Void) {
        batch.forEachRow { r in body(batch.columns.map { ResultCell($0.value(at: r)) }, ChangeKind(batch.kind(at: r))) }
    }
}

/// Writes result batches as JSON lines or CSV, straight from the columns (a changelog
/// with its `op` first).
public final class ResultEncoder {
    private let json: JSONRowEncoder?
    private let changelog: Bool
    private let names: [String]

    /// `format` is `.json` or `.csv` (a table is not streamed).
    public init(names: [String], changelog: Bool, format: OutputFormat) {
        self.names = names
        self.changelog = changelog
        json = format == .json ? JSONRowEncoder(names: names) : nil
    }

    /// The CSV header line (empty for JSON).
    public var header: String { json == nil ? ResultFormatter.csvHeader(names: names, changelog: changelog) : "" }

    public func append(_ rows: ResultBatch, to out: inout [UInt8]) {
        if let json {
            json.append(rows.batch, changelog: changelog, to: &out)
        } else {
            CSVRowEncoder().append(rows.batch, changelog: changelog, to: &out)
        }
    }
}
