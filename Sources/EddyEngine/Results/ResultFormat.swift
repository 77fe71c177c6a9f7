import EddyCore
import EddyRuntime

/// How query rows are printed: an aligned table (on a terminal), JSON lines (piped), CSV.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

/// Turns result rows into text in each output format.
public enum ResultFormatter {
    /// An aligned table with a row count; changelog rows get an `op` column first.
    public static func table(names: [String], types: [DataType], rows: [[Value]], kinds: [RowKind]?) -> String {
        var headers = names
        var aligned = types.map { $0.isNumeric || $0 == .interval }
        var cells = rows.map { $0.map(\.displayText) }
        if let kinds {
            headers.insert("op", at: 0)
            aligned.insert(false, at: 0)
            cells = zip(kinds, cells).map { [$0.symbol] + $1 }
        }
        let n = rows.count
        return TableFormatter(headers: headers, rightAligned: aligned).render(cells) + "\(n) row\(n == 1 ? "" : "s")\n"
    }

    public static func csvHeader(names: [String], changelog: Bool) -> String {
        ((changelog ? ["op"] : []) + names).map(CSVText.field).joined(separator: ",") + "\n"
    }
}
