import EddyCore
import EddySQL

/// The built-in functions: which are aggregates, and the signature of each scalar one.
enum FunctionCatalog {
    static let aggregates: Set<String> = ["COUNT", "SUM", "MIN", "MAX", "AVG"]

    static let scalarNames = [
        "UPPER", "LOWER", "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH", "SUBSTRING", "SUBSTR", "ABS", "ROUND",
        "FLOOR", "CEIL", "CEILING", "COALESCE",
    ]

    static func isAggregate(_ name: String) -> Bool { aggregates.contains(name.uppercased()) }

    static func aggregateFunction(_ name: String) -> AggregateFunction? {
        AggregateFunction(rawValue: name.uppercased())
    }

    /// Binds a call of a scalar function to typed arguments.
    static func bindScalar(_ name: Identifier, _ args: [ScalarExpr], span: Span, argSpans: [Span]) throws -> ScalarExpr {
        let upper = name.name.uppercased()
        func arity(_ range: ClosedRange<Int>, _ usage: String) throws {
            guard range.contains(args.count) else {
                throw Diagnostic.error(
                    "\(upper) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"), found \(args.count)",
                    at: span, help: "usage: \(usage)")
            }
        }
        func expect(_ i: Int, _ allowed: [DataType], _ what: String) throws -> ScalarExpr {
            let a = args[i]
            if allowed.contains(a.type) { return a }
            if a.type == .null, let first = allowed.first { return ExpressionBinder.coerce(a, to: first) }
            throw Diagnostic.error(
                "argument \(i + 1) of \(upper) must be \(what), found \(a.type.sqlName)", at: argSpans[i])
        }
        switch upper {
        case "UPPER", "LOWER":
            try arity(1...1, "\(upper)(text)")
            return .call(upper == "UPPER" ? .upper : .lower, args: [try expect(0, [.varchar], "VARCHAR")], type: .varchar)
        case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH":
            try arity(1...1, "CHAR_LENGTH(text)")
            return .call(.charLength, args: [try expect(0, [.varchar], "VARCHAR")], type: .bigint)
        case "SUBSTRING", "SUBSTR":
            try arity(2...3, "SUBSTRING(text FROM start [FOR length])")
            var bound = [try expect(0, [.varchar], "VARCHAR"), try expect(1, [.bigint], "BIGINT")]
            if args.count == 3 { bound.append(try expect(2, [.bigint], "BIGINT")) }
            return .call(.substring, args: bound, type: .varchar)
        case "ABS":
            try arity(1...1, "ABS(number)")
            let x = try expect(0, [.bigint, .double], "a number")
            return .call(.abs, args: [x], type: x.type)
        case "ROUND":
            try arity(1...2, "ROUND(number [, digits])")
            let x = try expect(0, [.bigint, .double], "a number")
            var bound = [x]
            if args.count == 2 { bound.append(try expect(1, [.bigint], "BIGINT")) }
            return .call(.round, args: bound, type: x.type)
        case "FLOOR", "CEIL", "CEILING":
            if args.count == 2, args[0].type == .timestamp {
                throw Diagnostic.error("\(upper)(timestamp TO unit) is not supported yet", at: span)
            }
            try arity(1...1, "\(upper)(number)")
            let x = try expect(0, [.bigint, .double], "a number")
            return .call(upper == "FLOOR" ? .floor : .ceil, args: [x], type: x.type)
        case "COALESCE":
            guard !args.isEmpty else { try arity(1...64, "COALESCE(a, b, ...)"); return args[0] }
            var type = DataType.null
            for (i, a) in args.enumerated() {
                guard let t = DataType.common(type, a.type) else {
                    throw Diagnostic.error(
                        "COALESCE arguments have different types: \(type.sqlName) and \(a.type.sqlName)", at: argSpans[i])
                }
                type = t
            }
            return .call(.coalesce, args: args.map { ExpressionBinder.coerce($0, to: type) }, type: type)
        default:
            throw Diagnostic.error(
                "unknown function '\(name.name)'", at: name.span,
                help: Suggestions.nearest(to: upper, in: scalarNames + Array(aggregates)).map { "did you mean \($0)?" })
        }
    }
}
