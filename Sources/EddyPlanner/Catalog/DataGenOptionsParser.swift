import EddyCore
import EddySQL

/// The WITH options of a `'connector' = 'datagen'` source, with Flink's names:
/// `'rows-per-second'`, `'number-of-rows'`, and per column `'fields.NAME.kind'` (`random`
/// or `sequence`), `.min`, `.max`, `.start`, `.end`, `.length`, `.max-past`,
/// `.null-rate`; and Eddy's `'seed'`.
enum DataGenOptionsParser {
    static let tableKeys = ["connector", "rows-per-second", "number-of-rows", "seed"]
    static let fieldKeys = ["kind", "min", "max", "start", "end", "length", "max-past", "null-rate"]

    static func parse(_ options: [OptionEntry], columns: [String]) throws -> ConnectorOptions {
        var spec = DataGenSpec()
        var fields: [String: DataGenField] = [:]
        var seen = Set<String>()
        for entry in options {
            let key = entry.key.value.lowercased(), text = entry.value.value
            guard seen.insert(key).inserted else { throw Diagnostic.error("option '\(entry.key.value)' is given twice", at: entry.key.span) }
            func number() throws -> Double {
                guard let n = Double(text.trimmingWhitespace()), n.isFinite else {
                    throw Diagnostic.error("'\(entry.key.value)' must be a number, found '\(text)'", at: entry.value.span)
                }
                return n
            }
            func whole(_ range: ClosedRange<Int64>) throws -> Int64 {
                guard let n = Int64(text.trimmingWhitespace()), range.contains(n) else {
                    throw Diagnostic.error("'\(entry.key.value)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'", at: entry.value.span)
                }
                return n
            }
            switch key {
            case "connector": continue
            case "rows-per-second":
                let rate = try number()
                guard rate > 0 else { throw Diagnostic.error("'rows-per-second' must be positive", at: entry.value.span) }
                spec.rowsPerSecond = rate
            case "number-of-rows": spec.numberOfRows = try whole(0...Int64.max)
            case "seed": spec.seed = UInt64(bitPattern: try whole(Int64.min...Int64.max))
            default:
                let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, parts[0] == "fields", fieldKeys.contains(parts[2]) else {
                    let candidates = tableKeys + columns.flatMap { c in fieldKeys.map { "fields.\(c).\($0)" } }
                    throw Diagnostic.error(
                        "unknown option '\(entry.key.value)' of connector 'datagen'", at: entry.key.span,
                        help: Suggestions.nearest(to: key, in: candidates).map { "did you mean '\($0)'?" }
                            ?? "options: 'rows-per-second', 'number-of-rows', 'seed', 'fields.COLUMN.kind' and the like")
                }
                guard let column = columns.first(where: { $0.lowercased() == parts[1] }) else {
                    throw Diagnostic.error(
                        "'\(entry.key.value)' names no column", at: entry.key.span,
                        help: Suggestions.nearest(to: parts[1], in: columns).map { "did you mean 'fields.\($0).\(parts[2])'?" })
                }
                var field = fields[column.lowercased()] ?? DataGenField()
                switch parts[2] {
                case "kind":
                    guard let kind = DataGenField.Kind(rawValue: text.lowercased()) else {
                        throw Diagnostic.error("'\(entry.key.value)' must be 'random' or 'sequence', found '\(text)'", at: entry.value.span)
                    }
                    field.kind = kind
                case "min": field.min = try number()
                case "max": field.max = try number()
                case "start": field.start = try whole(Int64.min...Int64.max)
                case "end": field.end = try whole(Int64.min...Int64.max)
                case "length": field.length = Int(try whole(0...1_000_000))
                case "max-past":
                    guard let ms = Intervals.parseDuration(text), ms >= 0 else {
                        throw Diagnostic.error("'\(entry.key.value)' must be a duration such as '5s', found '\(text)'", at: entry.value.span)
                    }
                    field.maxPastMillis = ms
                default:  // null-rate
                    let rate = try number()
                    guard (0...1).contains(rate) else { throw Diagnostic.error("'\(entry.key.value)' must be from 0 to 1", at: entry.value.span) }
                    field.nullRate = rate
                }
                fields[column.lowercased()] = field
            }
        }
        for (name, field) in fields where field.kind == .sequence && (field.start == nil || field.end == nil) {
            let span = options.first { $0.key.value.lowercased().hasPrefix("fields.\(name).") }?.key.span ?? options[0].key.span
            throw Diagnostic.error("a sequence needs 'fields.\(name).start' and 'fields.\(name).end'", at: span)
        }
        var result = ConnectorOptions(connector: "datagen", path: "", displayPath: "datagen")
        result.datagen = spec
        result.datagenFields = fields
        return result
    }
}
