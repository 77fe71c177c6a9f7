import EddyCore

/// Appends batch rows as CSV lines (RFC 4180; NULL is an empty field; a changelog's rows
/// start with their op) to a byte buffer straight from the typed columns: the write path
/// of `--format csv`.
public struct CSVRowEncoder {
    public init() {}

    public func append(_ batch: Batch, changelog: Bool, to out: inout [UInt8]) {
        let rows = batch.liveRows
        let n = rows.count
        let columnCount = batch.columns.count
        guard n > 0 else { return }
        var cells: [UInt8] = []
        cells.reserveCapacity(n * columnCount * 10)
        var bounds = [Int](repeating: 0, count: n * columnCount + 1)
        for c in 0..<columnCount {
            RowCells.render(batch.columns[c], rows: rows, style: .csv, into: &cells, bounds: &bounds, base: c * n)
        }
        out.reserveCapacity(out.count + cells.count + n * (columnCount + 4))
        cells.withUnsafeBufferPointer { cellBytes in
            for j in 0..<n {
                if changelog {
                    out.append(contentsOf: batch.kind(at: Int(rows[j])).symbol.utf8)
                    if columnCount > 0 { out.append(44) }
                }
                for c in 0..<columnCount {
                    if c > 0 { out.append(44) }
                    let i = c * n + j
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: cellBytes[bounds[i]..<bounds[i + 1]]))
                }
                out.append(10)
            }
        }
    }
}

/// CSV text outside the columns: header fields.
public enum CSVText {
    /// A field as RFC 4180 writes it: quoted (with `""` for `"`) when it holds a comma, a
    /// quote or a line break.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
}
