import EddyCore
import EddySQL

/// The built-in functions: which are aggregates, and the signature of each scalar one.
/// Scalar functions are bound by family: this file holds the dispatch and the basic ones;
/// math, string and time functions are in `FunctionCatalog+Math/Strings/Time.swift`.
enum FunctionCatalog {
    /// The aggregate names, read from the aggregate registry (`AggregateFunction`).
    static let aggregateNames = AggregateFunction.allCases.map(\.rawValue)

    static let scalarNames = [
        "UPPER", "LOWER", "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH", "SUBSTRING", "SUBSTR", "ABS", "ROUND",
        "FLOOR", "CEIL", "CEILING", "COALESCE",
    ] + mathNames + stringNames + timeNames

    static func isAggregate(_ name: String) -> Bool { aggregateFunction(name) != nil }

    static func aggregateFunction(_ name: String) -> AggregateFunction? {
        AggregateFunction(rawValue: name.uppercased())
    }

    /// Binds a call of a scalar function to typed arguments. Keyword arguments (`MINUTE` in
    /// `FLOOR(ts TO MINUTE)`, `BOTH` in TRIM) arrive as upper-cased string literals.
    static func bindScalar(_ name: Identifier, _ args: [ScalarExpr], span: Span, argSpans: [Span]) throws -> ScalarExpr {
        let call = FunctionArguments(name: name.name.uppercased(), args: args, span: span, argSpans: argSpans)
        if let bound = try bindBasic(call) ?? bindMath(call) ?? bindString(call) ?? bindTime(call) {
            return bound
        }
        throw Diagnostic.error(
            "unknown function '\(name.name)'", at: name.span,
            help: Suggestions.nearest(to: call.name, in: scalarNames + aggregateNames).map { "did you mean \($0)?" })
    }

    /// UPPER, LOWER, CHAR_LENGTH, SUBSTRING, ABS, ROUND, numeric FLOOR and CEIL, COALESCE;
    /// nil for any other name.
    private static func bindBasic(_ call: FunctionArguments) throws -> ScalarExpr? {
        let upper = call.name, args = call.args
        switch upper {
        case "UPPER", "LOWER":
            try call.arity(1...1, "\(upper)(text)")
            return .call(upper == "UPPER" ? .upper : .lower, args: [try call.string(0)], type: .varchar)
        case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH":
            try call.arity(1...1, "CHAR_LENGTH(text)")
            return .call(.charLength, args: [try call.string(0)], type: .bigint)
        case "SUBSTRING", "SUBSTR":
            try call.arity(2...3, "SUBSTRING(text FROM start [FOR length])")
            var bound = [try call.string(0), try call.integer(1)]
            if args.count == 3 { bound.append(try call.integer(2)) }
            return .call(.substring, args: bound, type: .varchar)
        case "ABS":
            try call.arity(1...1, "ABS(number)")
            let x = try call.number(0)
            return .call(.abs, args: [x], type: x.type)
        case "ROUND":
            try call.arity(1...2, "ROUND(number [, digits])")
            let x = try call.number(0)
            var bound = [x]
            if args.count == 2 { bound.append(try call.integer(1)) }
            return .call(.round, args: bound, type: x.type)
        case "FLOOR", "CEIL", "CEILING":
            if args.count == 2 && (args[0].type == .timestamp || call.literalText(1) != nil) {
                return try bindTimeRounding(call)
            }
            try call.arity(1...1, "\(upper)(number) or \(upper)(timestamp TO unit)")
            let x = try call.number(0)
            return .call(upper == "FLOOR" ? .floor : .ceil, args: [x], type: x.type)
        case "COALESCE":
            guard !args.isEmpty else { try call.arity(1...64, "COALESCE(a, b, ...)"); return args[0] }
            var type = DataType.null
            for (i, a) in args.enumerated() {
                guard let t = DataType.common(type, a.type) else {
                    throw Diagnostic.error(
                        "COALESCE arguments have different types: \(type.sqlName) and \(a.type.sqlName)", at: call.argSpans[i])
                }
                type = t
            }
            return .call(.coalesce, args: args.map { ExpressionBinder.coerce($0, to: type) }, type: type)
        default:
            return nil
        }
    }
}

/// The arguments of one call being bound, with the checks every signature uses; each
/// mistake is a diagnostic at the argument's span.
struct FunctionArguments {
    /// The function's name, upper-cased.
    let name: String
    let args: [ScalarExpr]
    let span: Span
    let argSpans: [Span]

    var count: Int { args.count }

    func arity(_ range: ClosedRange<Int>, _ usage: String) throws {
        guard range.contains(args.count) else {
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw Diagnostic.error(
                "\(name) takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), found \(args.count)", at: span,
                help: "usage: \(usage)")
        }
    }

    /// At least `minimum` arguments, any number more.
    func atLeast(_ minimum: Int, _ usage: String) throws {
        guard args.count >= minimum else {
            throw Diagnostic.error(
                "\(name) takes at least \(minimum) argument\(minimum == 1 ? "" : "s"), found \(args.count)", at: span,
                help: "usage: \(usage)")
        }
    }

    /// Argument `i`, if its type is one of `allowed` (a NULL literal takes the first).
    func expect(_ i: Int, _ allowed: [DataType], _ what: String, help: String? = nil) throws -> ScalarExpr {
        let a = args[i]
        if allowed.contains(a.type) { return a }
        if a.type == .null, let first = allowed.first { return ExpressionBinder.coerce(a, to: first) }
        throw Diagnostic.error("argument \(i + 1) of \(name) must be \(what), found \(a.type.sqlName)", at: argSpans[i], help: help)
    }

    func string(_ i: Int) throws -> ScalarExpr {
        try expect(i, [.varchar], "VARCHAR", help: args[i].type.isNumeric ? "convert it with CAST(... AS VARCHAR)" : nil)
    }

    func integer(_ i: Int) throws -> ScalarExpr { try expect(i, [.bigint], "BIGINT") }

    func number(_ i: Int) throws -> ScalarExpr { try expect(i, [.bigint, .double], "a number") }

    /// A number, converted to DOUBLE.
    func double(_ i: Int) throws -> ScalarExpr { ExpressionBinder.coerce(try number(i), to: .double) }

    /// A timestamp; a string literal that reads as one is converted (`'2024-01-01 10:00:00'`).
    func timestamp(_ i: Int) throws -> ScalarExpr {
        if case .literal(.string(let s), _) = args[i], let ms = Timestamps.parse(s.trimmingWhitespace()) {
            return .literal(.timestamp(ms), type: .timestamp)
        }
        return try expect(
            i, [.timestamp], "TIMESTAMP(3)",
            help: args[i].type == .varchar ? "convert the text with TO_TIMESTAMP(text [, pattern])" : nil)
    }

    /// The value of argument `i` if it is a string literal (a pattern, a keyword).
    func literalText(_ i: Int) -> String? {
        if case .literal(.string(let s), _) = args[i] { return s }
        return nil
    }

    /// Argument `i` as one of the time units `allowed`, written as a keyword.
    func unit(_ i: Int, _ allowed: [TimeUnit]) throws -> ScalarExpr {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        guard let word = literalText(i) else {
            throw Diagnostic.error("argument \(i + 1) of \(name) must be a time unit", at: argSpans[i], help: "units are \(names)")
        }
        guard let unit = TimeUnit(rawValue: word), allowed.contains(unit) else {
            throw Diagnostic.error("\(word) is not a unit of \(name)", at: argSpans[i], help: "units are \(names)")
        }
        return .literal(.string(unit.rawValue), type: .varchar)
    }
}
