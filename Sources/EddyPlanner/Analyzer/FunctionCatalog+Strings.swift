import EddyCore
import EddySQL

/// CONCAT, CONCAT_WS, REPLACE, TRIM, LTRIM, RTRIM, SPLIT_INDEX, POSITION, LOCATE, INITCAP,
/// LPAD, RPAD, REVERSE, REPEAT and the regular-expression functions, with Flink's
/// signatures. A literal regular expression is compiled here, so that a bad one is an
/// error before the job runs.
extension FunctionCatalog {
    static let stringNames = [
        "CONCAT", "CONCAT_WS", "REPLACE", "TRIM", "LTRIM", "RTRIM", "SPLIT_INDEX", "POSITION", "LOCATE", "INITCAP",
        "LPAD", "RPAD", "REVERSE", "REPEAT", "REGEXP_EXTRACT", "REGEXP_REPLACE", "REGEXP",
    ]

    /// Nil when `call` is not a string function.
    static func bindString(_ call: FunctionArguments) throws -> ScalarExpr? {
        let name = call.name
        func strings(_ f: ScalarFunction, _ usage: String, count: Int, type: DataType = .varchar) throws -> ScalarExpr {
            try call.arity(count...count, usage)
            return .call(f, args: try (0..<count).map { try call.string($0) }, type: type)
        }
        switch name {
        case "CONCAT":
            try call.atLeast(1, "CONCAT(text, text, ...)")
            return .call(.concatFunction, args: try (0..<call.count).map { try call.string($0) }, type: .varchar)
        case "CONCAT_WS":
            try call.atLeast(1, "CONCAT_WS(separator, text, text, ...)")
            return .call(.concatWs, args: try (0..<call.count).map { try call.string($0) }, type: .varchar)
        case "REPLACE":
            return try strings(.replace, "REPLACE(text, search, replacement)", count: 3)
        case "TRIM":
            if call.count == 1 {
                let space = ScalarExpr.literal(.string(" "), type: .varchar)
                return .call(.trim, args: [.literal(.string("BOTH"), type: .varchar), space, try call.string(0)], type: .varchar)
            }
            try call.arity(3...3, "TRIM([BOTH | LEADING | TRAILING] [characters] FROM text)")
            guard let mode = call.literalText(0), ["BOTH", "LEADING", "TRAILING"].contains(mode) else {
                throw Diagnostic.error("TRIM needs BOTH, LEADING or TRAILING", at: call.argSpans[0])
            }
            return .call(.trim, args: [call.args[0], try call.string(1), try call.string(2)], type: .varchar)
        case "LTRIM", "RTRIM":
            try call.arity(1...2, "\(name)(text [, characters])")
            return .call(name == "LTRIM" ? .ltrim : .rtrim, args: try (0..<call.count).map { try call.string($0) }, type: .varchar)
        case "SPLIT_INDEX":
            try call.arity(3...3, "SPLIT_INDEX(text, delimiter, index)")
            return .call(.splitIndex, args: [try call.string(0), try call.string(1), try call.integer(2)], type: .varchar)
        case "POSITION":
            return try strings(.position, "POSITION(search IN text)", count: 2, type: .bigint)
        case "LOCATE":
            try call.arity(2...3, "LOCATE(search, text [, from])")
            var bound = [try call.string(0), try call.string(1)]
            if call.count == 3 { bound.append(try call.integer(2)) }
            return .call(.locate, args: bound, type: .bigint)
        case "INITCAP", "REVERSE":
            return try strings(name == "INITCAP" ? .initcap : .reverse, "\(name)(text)", count: 1)
        case "LPAD", "RPAD":
            try call.arity(3...3, "\(name)(text, length, padding)")
            return .call(
                name == "LPAD" ? .lpad : .rpad, args: [try call.string(0), try call.integer(1), try call.string(2)], type: .varchar)
        case "REPEAT":
            try call.arity(2...2, "REPEAT(text, times)")
            return .call(.repeatText, args: [try call.string(0), try call.integer(1)], type: .varchar)
        case "REGEXP_EXTRACT":
            try call.arity(2...3, "REGEXP_EXTRACT(text, regex [, group])")
            var bound = [try call.string(0), try regex(call, 1)]
            if call.count == 3 { bound.append(try call.integer(2)) }
            return .call(.regexpExtract, args: bound, type: .varchar)
        case "REGEXP_REPLACE":
            try call.arity(3...3, "REGEXP_REPLACE(text, regex, replacement)")
            return .call(.regexpReplace, args: [try call.string(0), try regex(call, 1), try call.string(2)], type: .varchar)
        case "REGEXP":
            try call.arity(2...2, "REGEXP(text, regex)")
            return .call(.regexp, args: [try call.string(0), try regex(call, 1)], type: .boolean)
        default:
            return nil
        }
    }

    /// A VARCHAR regular expression; a literal one must compile.
    private static func regex(_ call: FunctionArguments, _ i: Int) throws -> ScalarExpr {
        let e = try call.string(i)
        if let pattern = call.literalText(i) {
            do {
                _ = try Regex(pattern)
            } catch {
                throw Diagnostic.error(
                    "invalid regular expression '\(pattern)': \(error)", at: call.argSpans[i],
                    help: "the syntax is Java's: escape a special character with a backslash, as in '\\.'")
            }
        }
        return e
    }
}
