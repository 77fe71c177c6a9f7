import EddyCore

/// Appends batch rows as CSV lines (RFC 4180; NULL is an empty field; a changelog's rows
/// start with their op) to a byte buffer straight from the typed columns: the write path
/// of `--format csv`.
public struct CSVRowEncoder {
    public init() {}

    /// `+I`, `-U`, `+U`, `-D` by RowKind's raw value.
    private static let opTexts: [(UInt8, UInt8)] = [(43, 73), (45, 85), (43, 85), (45, 68)]

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
        // Stitch the rows into `out`, sized once: the op, cells between commas, `\n`.
        var size = cells.count + n * max(columnCount, 1)  // a comma between cells, and the newline
        if changelog { size += n * (columnCount > 0 ? 3 : 2) }
        cells.withUnsafeBufferPointer { cellBytes in
            RowCells.append(count: size, to: &out) { out in
                for j in 0..<n {
                    if changelog {
                        let op = Self.opTexts[Int(batch.kind(at: Int(rows[j])).rawValue)]
                        out.put(op.0)
                        out.put(op.1)
                        if columnCount > 0 { out.put(44) }
                    }
                    for c in 0..<columnCount {
                        if c > 0 { out.put(44) }
                        let i = c * n + j
                        out.put(cellBytes, bounds[i], bounds[i + 1])
                    }
                    out.put(10)
                }
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
