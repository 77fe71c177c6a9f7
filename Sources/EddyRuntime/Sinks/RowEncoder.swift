import EddyCore

/// Appends batch rows as JSON objects to a byte buffer straight from the typed columns,
/// without boxing each value: the write path of file sinks and JSON output.
public struct JSONRowEncoder {
    /// Every field's `"name": ` text, back to back; field c spans `keyBounds[c]..<keyBounds[c + 1]`.
    private let keyBytes: [UInt8]
    private let keyBounds: [Int]
    private let opPrefix: [UInt8] = Array("\"op\": \"".utf8)

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
        // Stitch rows through raw pointers: no reference counting per cell.
        let kinds = changelog ? rows.map { batch.kind(at: Int($0)).symbol } : []
        out.reserveCapacity(out.count + cells.count + n * (keyBytes.count + 4))
        cells.withUnsafeBufferPointer { cellBytes in
            keyBytes.withUnsafeBufferPointer { keyText in
                bounds.withUnsafeBufferPointer { cellBounds in
                    keyBounds.withUnsafeBufferPointer { keyEnds in
                        for j in 0..<n {
                            out.append(UInt8(ascii: "{"))
                            if changelog {
                                out.append(contentsOf: opPrefix)
                                out.append(contentsOf: kinds[j].utf8)
                                out.append(contentsOf: "\", ".utf8)
                            }
                            for c in 0..<columnCount {
                                out.append(contentsOf: UnsafeBufferPointer(rebasing: keyText[keyEnds[c]..<keyEnds[c + 1]]))
                                let i = c * n + j
                                out.append(contentsOf: UnsafeBufferPointer(rebasing: cellBytes[cellBounds[i]..<cellBounds[i + 1]]))
                            }
                            out.append(UInt8(ascii: "}"))
                            out.append(10)
                        }
                    }
                }
            }
        }
    }
}
