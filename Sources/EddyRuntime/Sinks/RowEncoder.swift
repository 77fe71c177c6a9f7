import EddyCore

/// Appends batch rows as JSON objects to a byte buffer straight from the typed columns,
/// without boxing each value: the write path of file sinks and JSON output.
public struct JSONRowEncoder {
    /// Every field's `"name": ` text, back to back; field c spans `keyBounds[c]..<keyBounds[c + 1]`.
    private let keyBytes: [UInt8]
    private let keyBounds: [Int]
    /// `"op": "+I", ` and the like, by RowKind's raw value.
    private let opTexts: [[UInt8]] = [RowKind.insert, .updateBefore, .updateAfter, .delete].map {
        Array("\"op\": \"\($0.symbol)\", ".utf8)
    }

    /// `names` are the output field names; rows carry an `op` field when `changelog`.
    public init(names: [String]) {
        var bytes: [UInt8] = []
        var bounds = [0]
        for (i, name) in names.enumerated() {
            bytes += Array(((i == 0 ? "" : ", ") + JSONText.quote(name) + ": ").utf8)
            bounds.append(bytes.count)
        }
        keyBytes = bytes
        keyBounds = bounds
    }

    /// Renders the batch column by column into one buffer of cells (one switch per
    /// column, no per-value boxing or reference counting), then stitches the rows.
    public func append(_ batch: Batch, changelog: Bool, to out: inout [UInt8]) {
        let rows = batch.liveRows
        let n = rows.count
        guard n > 0 else { return }
        let columnCount = min(batch.columns.count, keyBounds.count - 1)
        var cells: [UInt8] = []
        cells.reserveCapacity(n * columnCount * 12)
        var bounds = [Int](repeating: 0, count: n * columnCount + 1)
        for c in 0..<columnCount {
            RowCells.render(batch.columns[c], rows: rows, style: .json, into: &cells, bounds: &bounds, base: c * n)
        }
        // Stitch the rows into `out`, sized once: `{`, the op, each key and cell, `}\n`.
        var size = cells.count + n * (keyBounds[columnCount] + 3)
        if changelog { for r in rows { size += opTexts[Int(batch.kind(at: Int(r)).rawValue)].count } }
        cells.withUnsafeBufferPointer { cellBytes in
            keyBytes.withUnsafeBufferPointer { keyText in
                RowCells.append(count: size, to: &out) { out in
                    for j in 0..<n {
                        out.put(UInt8(ascii: "{"))
                        if changelog {
                            opTexts[Int(batch.kind(at: Int(rows[j])).rawValue)].withUnsafeBufferPointer { out.put($0, 0, $0.count) }
                        }
                        for c in 0..<columnCount {
                            out.put(keyText, keyBounds[c], keyBounds[c + 1])
                            let i = c * n + j
                            out.put(cellBytes, bounds[i], bounds[i + 1])
                        }
                        out.put(UInt8(ascii: "}"))
                        out.put(10)
                    }
                }
            }
        }
    }
}
