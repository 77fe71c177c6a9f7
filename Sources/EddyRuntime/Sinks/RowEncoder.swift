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
            Self.render(batch.columns[c], rows: rows, into: &cells, bounds: &bounds, base: c * n)
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

    /// Appends the JSON text of `rows` of one column; `bounds[base + j + 1]` is where the
    /// text of row j ends.
    private static func render(_ column: Column, rows: [Int32], into cells: inout [UInt8], bounds: inout [Int], base: Int) {
        let validity = column.validity
        switch column.values {
        case .ints(let v):
            let isTimestamp = column.type == .timestamp
            var days = Timestamps.DayCache()
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: [110, 117, 108, 108])  // null
                } else if isTimestamp {
                    cells.append(34)
                    Timestamps.append(v[row], to: &cells, cache: &days)
                    cells.append(34)
                } else {
                    appendInt(v[row], to: &cells)
                }
                bounds[base + j + 1] = cells.count
            }
        case .doubles(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if (validity.map { !$0[row] } ?? false) || !v[row].isFinite {
                    cells.append(contentsOf: [110, 117, 108, 108])
                } else {
                    cells.append(contentsOf: Value.formatDouble(v[row]).utf8)
                }
                bounds[base + j + 1] = cells.count
            }
        case .bools(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: [110, 117, 108, 108])
                } else {
                    cells.append(contentsOf: (v[row] ? "true" : "false").utf8)
                }
                bounds[base + j + 1] = cells.count
            }
        case .strings(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: [110, 117, 108, 108])
                } else {
                    appendString(v[row], to: &cells)
                }
                bounds[base + j + 1] = cells.count
            }
        }
    }

    @inline(__always)
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value == .min {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var v = value < 0 ? -value : value
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[n] = UInt8(v % 10) + 48
                v /= 10
                n += 1
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            while n > 0 {
                n -= 1
                out.append(buf[n])
            }
        }
    }

    @inline(__always)
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 34 || b == 92 {
            needsEscape = true
            break
        }
        if needsEscape {
            let quoted = JSONText.quote(s)
            out.append(contentsOf: quoted.utf8.dropFirst().dropLast())
        } else {
            out.append(contentsOf: s.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }
}
