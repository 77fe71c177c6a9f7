import EddyCore
import EddySQL

/// EXTRACT and its shorthands (YEAR, MONTH, ...), FLOOR/CEIL to a unit, TIMESTAMPDIFF,
/// TIMESTAMPADD, DATE_FORMAT, TO_TIMESTAMP and CURRENT_WATERMARK, with Flink's signatures. A literal pattern
/// is compiled here, so that a bad one is an error before the job runs.
extension FunctionCatalog {
    static let timeNames = [
        "EXTRACT", "YEAR", "QUARTER", "MONTH", "WEEK", "DAYOFYEAR", "DAYOFMONTH", "DAYOFWEEK", "HOUR", "MINUTE", "SECOND",
        "TIMESTAMPDIFF", "TIMESTAMPADD", "DATE_FORMAT", "TO_TIMESTAMP", "CURRENT_WATERMARK",
    ]

    /// The functions that are `EXTRACT(unit FROM ts)` by another name.
    static let extractShorthands: [String: TimeUnit] = [
        "YEAR": .year, "QUARTER": .quarter, "MONTH": .month, "WEEK": .week, "DAYOFYEAR": .dayOfYear,
        "DAYOFMONTH": .day, "DAYOFWEEK": .dayOfWeek, "HOUR": .hour, "MINUTE": .minute, "SECOND": .second,
    ]

    /// Nil when `call` is not a time function.
    static func bindTime(_ call: FunctionArguments) throws -> ScalarExpr? {
        let name = call.name
        if let unit = extractShorthands[name] {
            try call.arity(1...1, "\(name)(timestamp)")
            return .call(.extract, args: [.literal(.string(unit.rawValue), type: .varchar), try call.timestamp(0)], type: .bigint)
        }
        switch name {
        case "EXTRACT":
            try call.arity(2...2, "EXTRACT(unit FROM timestamp)")
            return .call(.extract, args: [try call.unit(0, TimeUnit.extractable), try call.timestamp(1)], type: .bigint)
        case "TIMESTAMPDIFF":
            try call.arity(3...3, "TIMESTAMPDIFF(unit, from, to)")
            let unit = try call.unit(0, TimeUnit.countable)
            return .call(.timestampDiff, args: [unit, try call.timestamp(1), try call.timestamp(2)], type: .bigint)
        case "TIMESTAMPADD":
            try call.arity(3...3, "TIMESTAMPADD(unit, count, timestamp)")
            let unit = try call.unit(0, TimeUnit.countable)
            return .call(.timestampAdd, args: [unit, try call.integer(1), try call.timestamp(2)], type: .timestamp)
        case "DATE_FORMAT":
            try call.arity(2...2, "DATE_FORMAT(timestamp, 'yyyy-MM-dd HH:mm:ss')")
            let ts = try call.timestamp(0)
            return .call(.dateFormat, args: [ts, try pattern(call, 1, parsing: false)], type: .varchar)
        case "TO_TIMESTAMP":
            try call.arity(1...2, "TO_TIMESTAMP(text [, 'yyyy-MM-dd HH:mm:ss'])")
            var bound = [try call.string(0)]
            if call.count == 2 { bound.append(try pattern(call, 1, parsing: true)) }
            return .call(.toTimestamp, args: bound, type: .timestamp)
        case "CURRENT_WATERMARK":
            try call.arity(1...1, "CURRENT_WATERMARK(time_column)")
            guard case .column = call.args[0], call.args[0].type == .timestamp else {
                throw Diagnostic.error(
                    "the argument of CURRENT_WATERMARK must be a TIMESTAMP column", at: call.argSpans[0],
                    help: "name the event-time column, as in CURRENT_WATERMARK(ts)")
            }
            return .call(.currentWatermark, args: [call.args[0]], type: .timestamp)
        default:
            return nil
        }
    }

    /// `FLOOR(ts TO unit)` and `CEIL(ts TO unit)`, which arrive as two arguments.
    static func bindTimeRounding(_ call: FunctionArguments) throws -> ScalarExpr {
        let f: ScalarFunction = call.name == "FLOOR" ? .floor : .ceil
        let ts = try call.timestamp(0)
        return .call(f, args: [ts, try call.unit(1, TimeUnit.roundable)], type: .timestamp)
    }

    /// A VARCHAR date-time pattern; a literal one must compile (and parse, for TO_TIMESTAMP).
    private static func pattern(_ call: FunctionArguments, _ i: Int, parsing: Bool) throws -> ScalarExpr {
        let e = try call.string(i)
        guard let text = call.literalText(i) else { return e }
        let help = "patterns use Java's letters, as in 'yyyy-MM-dd HH:mm:ss.SSS'; quote other text: 'T'"
        do {
            let compiled = try DateTimePattern(text)
            if parsing, let limitation = compiled.parseLimitation {
                throw Diagnostic.error("invalid pattern '\(text)' for \(call.name): \(limitation)", at: call.argSpans[i], help: help)
            }
        } catch let error as DateTimePatternError {
            throw Diagnostic.error("invalid pattern '\(text)': \(error.message)", at: call.argSpans[i], help: help)
        }
        return e
    }
}
