import EddyCore
import EddyRuntime

/// One change of a sink's input: a row, and whether it adds to the result (`+I`, `+U`:
/// insert or upsert) or takes a row back (`-U`, `-D`: delete).
struct ChangeRow {
    var values: [Value]
    var accumulate: Bool

    /// The changes of a batch, in order.
    static func of(_ batch: Batch) -> [ChangeRow] {
        var rows: [ChangeRow] = []
        rows.reserveCapacity(batch.count)
        batch.forEachRow { r in
            rows.append(ChangeRow(values: batch.columns.map { $0.value(at: r) }, accumulate: batch.kind(at: r).isAccumulate))
        }
        return rows
    }
}

/// The columns of a database table a sink writes, and how its values are stored.
struct TableShape {
    let table: String
    let names: [String]
    let types: [DataType]
    /// Indices of the primary key's columns (empty: append mode).
    let key: [Int]

    /// `"name"`, quoted for SQL.
    static func quote(_ name: String) -> String { "\"" + name.replacingAll("\"", with: "\"\"") + "\"" }

    var quotedTable: String { Self.quote(table) }
    var quotedColumns: [String] { names.map(Self.quote) }
}
