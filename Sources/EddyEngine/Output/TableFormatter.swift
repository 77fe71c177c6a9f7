import EddyCore

/// Draws rows as an aligned table with box-drawing borders, numbers right-aligned:
///
///     ┌─────────┬──────┐
///     │ auction │ bids │
///     ├─────────┼──────┤
///     │    1001 │    3 │
///     └─────────┴──────┘
public struct TableFormatter {
    public var headers: [String]
    public var rightAligned: [Bool]
    /// Longer cells are cut with `…`.
    public var maxCellWidth = 48

    public init(headers: [String], rightAligned: [Bool]) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    /// A table for typed columns: numbers right-aligned.
    public init(headers: [String], types: [DataType]) {
        self.init(headers: headers, rightAligned: types.map { $0.isNumeric || $0 == .interval })
    }

    public func render(_ rows: [[String]]) -> String {
        let cells = rows.map { $0.map(clip) }
        var widths = headers.map { displayWidth($0) }
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        func line(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right
        }
        func row(_ values: [String], header: Bool) -> String {
            "│" + values.enumerated().map { i, v in
                let pad = String(repeating: " ", count: max(0, widths[i] - displayWidth(v)))
                let alignRight = !header && i < rightAligned.count && rightAligned[i]
                return " " + (alignRight ? pad + v : v + pad) + " "
            }.joined(separator: "│") + "│"
        }
        var out = [line("┌", "┬", "┐"), row(headers, header: true), line("├", "┼", "┤")]
        for r in cells { out.append(row(r + Array(repeating: "", count: max(0, headers.count - r.count)), header: false)) }
        out.append(line("└", "┴", "┘"))
        return out.joined(separator: "\n") + "\n"
    }

    private func clip(_ s: String) -> String {
        let oneLine = s.contains("\n") ? s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "↵") : s
        guard oneLine.count > maxCellWidth else { return oneLine }
        return String(oneLine.prefix(maxCellWidth - 1)) + "…"
    }

    /// Characters a terminal shows (wide East Asian characters count twice).
    func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            if v >= 0x1100 && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0x1F300 && v <= 0x1FAFF)) {
                return w + 2
            }
            if (0x0300...0x036F).contains(v) || v == 0x200D || (0xFE00...0xFE0F).contains(v) { return w }
            return w + 1
        }
    }
}

/// A plain aligned listing without borders, for SHOW and DESCRIBE:
///
///     name    type          null
///     price   BIGINT        yes
public enum PlainTable {
    public static func render(headers: [String], rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (i, c) in cells.enumerated() {
                s += i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
            }
            while s.last == " " { s.removeLast() }
            return s
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
