import EddyCore

/// Rows moving between operators as columns. A filter narrows `selection` instead of
/// copying; a changelog carries a row kind per row (`nil` means every row is `+I`).
public struct Batch: Sendable {
    public var columns: [Column]
    /// Physical rows in every column.
    public var rowCount: Int
    /// The live rows, ascending; nil means all `rowCount` rows.
    public var selection: [Int32]?
    public var rowKinds: [RowKind]?

    public init(columns: [Column], rowCount: Int, selection: [Int32]? = nil, rowKinds: [RowKind]? = nil) {
        self.columns = columns
        self.rowCount = rowCount
        self.selection = selection
        self.rowKinds = rowKinds
    }

    /// The number of live rows.
    public var count: Int { selection?.count ?? rowCount }
    public var isEmpty: Bool { count == 0 }

    /// Calls `body` with the physical index of every live row, in order.
    @inline(__always)
    public func forEachRow(_ body: (Int) -> Void) {
        if let sel = selection {
            for i in sel { body(Int(i)) }
        } else {
            for i in 0..<rowCount { body(i) }
        }
    }

    /// The physical indices of the live rows.
    public var liveRows: [Int32] { selection ?? (0..<Int32(rowCount)).map { $0 } }

    public func kind(at row: Int) -> RowKind { rowKinds?[row] ?? .insert }

    /// A copy holding only the live rows, without a selection vector.
    public func compacted() -> Batch {
        guard let sel = selection else { return self }
        return Batch(
            columns: columns.map { $0.gather(sel) }, rowCount: sel.count, selection: nil,
            rowKinds: rowKinds.map { kinds in sel.map { kinds[Int($0)] } })
    }

    /// The live rows as boxed values (tests, the REPL, stdout).
    public func rows() -> [[Value]] {
        var out: [[Value]] = []
        out.reserveCapacity(count)
        forEachRow { r in out.append(columns.map { $0.value(at: r) }) }
        return out
    }

    /// A batch built from boxed rows, for tests and small outputs.
    public static func fromRows(_ rows: [[Value]], types: [DataType], kinds: [RowKind]? = nil) -> Batch {
        var builders = types.map { ColumnBuilder(type: $0, capacity: rows.count) }
        for row in rows {
            for (i, v) in row.enumerated() where i < builders.count { builders[i].append(v) }
        }
        return Batch(columns: builders.indices.map { builders[$0].finish() }, rowCount: rows.count, rowKinds: kinds)
    }
}
