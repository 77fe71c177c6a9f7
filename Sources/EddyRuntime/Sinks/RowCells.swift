import EddyCore

/// The text of column values, rendered straight from the typed arrays into one byte
/// buffer (no boxing, no reference counting per value), for the row encoders.
enum RowCells {
    enum Style {
        /// JSON values: `null`, quoted and escaped strings and timestamps.
        case json
        /// CSV fields (RFC 4180): NULL is empty, a field holding `,`, `"` or a line break
        /// is quoted with `""` for `"`.
        case csv
    }

    /// Appends the text of `rows` of one column; `bounds[base + j + 1]` is where the text
    /// of row j ends.
    static func render(
        _ column: Column, rows: [Int32], style: Style, into cells: inout [UInt8], bounds: inout [Int], base: Int
    ) {
        let validity = column.validity
        let null: [UInt8] = style == .json ? [110, 117, 108, 108] : []
        switch column.values {
        case .ints(let v):
            let isTimestamp = column.type == .timestamp
            let quote = style == .json
            var days = Timestamps.DayCache()
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: null)
                } else if isTimestamp {
                    if quote { cells.append(34) }
                    Timestamps.append(v[row], to: &cells, cache: &days)
                    if quote { cells.append(34) }
                } else if column.type == .interval && style == .csv {
                    cells.append(contentsOf: Value.interval(v[row]).displayText.utf8)
                } else {
                    appendInt(v[row], to: &cells)
                }
                bounds[base + j + 1] = cells.count
            }
        case .doubles(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: null)
                } else if !v[row].isFinite && style == .json {
                    // JSON numbers have no NaN or infinity: written as strings, as Flink's
                    // JSON format (Jackson) writes them, and read back by Eddy's decoder.
                    cells.append(34)
                    cells.append(contentsOf: Value.formatDouble(v[row]).utf8)
                    cells.append(34)
                } else {
                    cells.append(contentsOf: Value.formatDouble(v[row]).utf8)
                }
                bounds[base + j + 1] = cells.count
            }
        case .bools(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: null)
                } else {
                    cells.append(contentsOf: (v[row] ? "true" : "false").utf8)
                }
                bounds[base + j + 1] = cells.count
            }
        case .strings(let v):
            for (j, r) in rows.enumerated() {
                let row = Int(r)
                if let validity, !validity[row] {
                    cells.append(contentsOf: null)
                } else if style == .json {
                    appendJSONString(v[row], to: &cells)
                } else {
                    appendCSVField(v[row], to: &cells)
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
    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
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

    @inline(__always)
    static func appendCSVField(_ s: String, to out: inout [UInt8]) {
        var needsQuotes = false
        for b in s.utf8 where b == 44 || b == 34 || b == 10 || b == 13 {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(34)
        for b in s.utf8 {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }
}
