import EddyCore

/// A changelog applied to a table: `+I`/`+U` add a row, `-U`/`-D` remove one equal row.
/// What a snapshot of a view or an updating query shows.
public struct MaterializedTable: Sendable {
    public private(set) var rows: [[Value]] = []

    public init() {}

    public mutating func apply(_ row: [Value], kind: RowKind) {
        if kind.isAccumulate {
            rows.append(row)
        } else if let i = rows.firstIndex(of: row) {
            rows.remove(at: i)
        }
    }

    public mutating func apply(rows newRows: [[Value]], kinds: [RowKind]) {
        for (row, kind) in zip(newRows, kinds) { apply(row, kind: kind) }
    }
}
