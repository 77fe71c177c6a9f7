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
        let quote = style == .json
        @inline(__always) func writeNull(_ p: UnsafeMutablePointer<UInt8>) -> Int {
            guard quote else { return 0 }
            p[0] = 110; p[1] = 117; p[2] = 108; p[3] = 108
            return 4
        }
        switch column.values {
        case .ints(let v) where column.type == .timestamp:
            guard rows.allSatisfy({ Timestamps.isInRange(v[Int($0)]) || validity?[Int($0)] == false }) else {
                // Out of the TIMESTAMP(3) range (only a window's end at the very end of
                // time): the text of `format`, which has no fixed width.
                renderText(rows, into: &cells, bounds: &bounds, base: base) { row in
                    if let validity, !validity[row] { return null }
                    let text = Array(Timestamps.format(v[row]).utf8)
                    return quote ? [34] + text + [34] : text
                }
                return
            }
            // Rows of one window share its bounds: a value equal to the previous one
            // copies that one's text.
            var days = Timestamps.DayCache()
            var previous: (value: Int64, text: UnsafeMutablePointer<UInt8>, count: Int)? = nil
            renderCells(rows, room: rows.count * (Timestamps.maxWrittenBytes + 2), into: &cells, bounds: &bounds, base: base) { row, p in
                if let validity, !validity[row] { return writeNull(p) }
                let value = v[row]
                if let previous, previous.value == value {
                    copy(previous.text, previous.count, to: p)
                    return previous.count
                }
                var n = 0
                if quote { p[0] = 34; n = 1 }
                n += Timestamps.write(value, to: p + n, cache: &days) ?? 0
                if quote { p[n] = 34; n += 1 }
                previous = (value, p, n)  // the cell stays where it is until the column is done
                return n
            }
        case .ints(let v) where column.type == .interval && style == .csv:
            renderText(rows, into: &cells, bounds: &bounds, base: base) { row in
                if let validity, !validity[row] { return null }
                return Array(Value.interval(v[row]).displayText.utf8)
            }
        case .ints(let v):
            renderCells(rows, room: rows.count * 20, into: &cells, bounds: &bounds, base: base) { row, p in
                if let validity, !validity[row] { return writeNull(p) }
                return writeInt(v[row], to: p)
            }
        case .bools(let v):
            renderCells(rows, room: rows.count * 5, into: &cells, bounds: &bounds, base: base) { row, p in
                if let validity, !validity[row] { return writeNull(p) }
                if v[row] {
                    p[0] = 116; p[1] = 114; p[2] = 117; p[3] = 101
                    return 4
                }
                p[0] = 102; p[1] = 97; p[2] = 108; p[3] = 115; p[4] = 101
                return 5
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
        case .strings(let v):
            // Most columns hold nothing to escape or quote: their text is copied as it is,
            // into room measured beforehand.
            var size = 0
            var plain = true
            for r in rows {
                let row = Int(r)
                if let validity, !validity[row] {
                    size += 4
                } else {
                    size += v[row].utf8.count + 2
                    if plain { plain = !needsEscape(v[row], style: style) }
                }
            }
            guard plain else {
                for (j, r) in rows.enumerated() {
                    let row = Int(r)
                    if let validity, !validity[row] {
                        cells.append(contentsOf: null)
                    } else if style == .json {
                        cells.append(contentsOf: JSONText.quote(v[row]).utf8)
                    } else {
                        appendCSVField(v[row], to: &cells)
                    }
                    bounds[base + j + 1] = cells.count
                }
                return
            }
            renderCells(rows, room: size, into: &cells, bounds: &bounds, base: base) { row, p in
                if let validity, !validity[row] { return writeNull(p) }
                var n = 0
                if quote { p[0] = 34; n = 1 }
                n += write(v[row], to: p + n)
                if quote { p[n] = 34; n += 1 }
                return n
            }
        }
    }

    /// Whether `s` needs escaping as a JSON string or quoting as a CSV field.
    @inline(__always)
    static func needsEscape(_ s: String, style: Style) -> Bool {
        @inline(__always) func special(_ b: UInt8) -> Bool {
            style == .json ? (b < 0x20 || b == 34 || b == 92) : (b == 44 || b == 34 || b == 10 || b == 13)
        }
        return s.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? s.utf8.contains(where: special)
    }

    /// Writes the UTF-8 of `s` at `p` and returns its length.
    @inline(__always)
    static func write(_ s: String, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let copied: Int? = s.utf8.withContiguousStorageIfAvailable { bytes in
            if let base = bytes.baseAddress { copy(base, bytes.count, to: p) }
            return bytes.count
        }
        if let copied { return copied }
        var n = 0
        for b in s.utf8 {
            p[n] = b
            n += 1
        }
        return n
    }

    /// Renders cells through a pointer into `room` bytes, enough for all of them:
    /// `write(row, at)` writes one and returns its length. `cells` grows once for the
    /// column rather than checking its uniqueness for every byte appended.
    @inline(__always)
    private static func renderCells(
        _ rows: [Int32], room: Int, into cells: inout [UInt8], bounds: inout [Int], base: Int,
        _ write: (Int, UnsafeMutablePointer<UInt8>) -> Int
    ) {
        let start = cells.count
        cells.append(contentsOf: repeatElement(0, count: room))
        var end = start
        cells.withUnsafeMutableBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            bounds.withUnsafeMutableBufferPointer { ends in
                for (j, r) in rows.enumerated() {
                    end += write(Int(r), p + end)
                    ends[base + j + 1] = end
                }
            }
        }
        cells.removeLast(cells.count - end)
    }

    /// Renders cells whose text has no bound: one array of bytes a row (the rare paths).
    private static func renderText(
        _ rows: [Int32], into cells: inout [UInt8], bounds: inout [Int], base: Int, _ text: (Int) -> [UInt8]
    ) {
        for (j, r) in rows.enumerated() {
            cells.append(contentsOf: text(Int(r)))
            bounds[base + j + 1] = cells.count
        }
    }

    /// Writes the decimal text of `value` at `p` (at most 20 bytes) and returns its length.
    @inline(__always)
    static func writeInt(_ value: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if value < 0 {
            p[0] = 45
            n = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 10
        while digits < 19 && magnitude >= scale {  // 2^63 has 19 digits
            digits += 1
            scale &*= 10
        }
        n += digits
        var at = n
        repeat {
            at -= 1
            p[at] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
            magnitude /= 10
        } while magnitude > 0
        return n
    }

    /// A write position in a buffer that was sized beforehand.
    struct Cursor {
        var at: UnsafeMutablePointer<UInt8>

        @inline(__always) mutating func put(_ byte: UInt8) {
            at.pointee = byte
            at += 1
        }

        @inline(__always) mutating func put(_ bytes: UnsafePointer<UInt8>, count: Int) {
            RowCells.copy(bytes, count, to: at)
            at += count
        }

        /// `bytes[range]`.
        @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
            guard let base = bytes.baseAddress else { return }
            put(base + start, count: end - start)
        }
    }

    /// Grows `out` by exactly `count` bytes, which `body` writes through a cursor: one
    /// growth for a whole batch instead of a uniqueness check for every piece appended.
    static func append(count: Int, to out: inout [UInt8], _ body: (inout Cursor) -> Void) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor = Cursor(at: base + start)
            body(&cursor)
            precondition(cursor.at == base + start + count, "the encoder's size estimate is exact")
        }
    }

    /// Copies `count` bytes; a short copy (a cell) is a few overlapping word moves, not a
    /// call to memcpy.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
        if count > 16 && count <= 32 {
            let head = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = UnsafeRawPointer(source + count - 16).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(target).storeBytes(of: head, as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(target + count - 16).storeBytes(of: tail, as: SIMD16<UInt8>.self)
        } else if count >= 8 && count <= 16 {
            let head = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
            let tail = UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
            UnsafeMutableRawPointer(target + count - 8).storeBytes(of: tail, as: UInt64.self)
        } else if count < 8 {
            for i in 0..<count { target[i] = source[i] }
        } else {
            target.update(from: source, count: count)
        }
    }

    @inline(__always)
    static func appendCSVField(_ s: String, to out: inout [UInt8]) {
        guard needsEscape(s, style: .csv) else {
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
