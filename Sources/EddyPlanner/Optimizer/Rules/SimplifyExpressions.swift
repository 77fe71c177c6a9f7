import EddyCore

/// Folds constants and simplifies predicates: `1 + 2` is `3`, `x + 0` is `x`,
/// `NOT NOT p` is `p`, `p AND TRUE` is `p`, `p OR TRUE` is `TRUE`, `1 < 2` is `TRUE`.
public struct SimplifyExpressions: OptimizerRule {
    public init() {}
    public var name: String { "SimplifyExpressions" }

    public func rewrite(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case .filter(let p, let input): return .filter(Self.simplify(p), input: input)
            case .project(let exprs, let names, let input): return .project(exprs.map(Self.simplify), names: names, input: input)
            default: return node
            }
        }
    }

    public static func simplify(_ e: ScalarExpr) -> ScalarExpr {
        e.rewrite(simplifyNode)
    }

    private static func simplifyNode(_ e: ScalarExpr) -> ScalarExpr {
        guard case .call(let f, let args, let type) = e else {
            if case .cast(.literal(let v, _), let t) = e, let folded = ConstantFolder.cast(v, to: t) {
                return .literal(folded, type: t)
            }
            return e
        }
        if let folded = ConstantFolder.fold(f, args, type: type) { return .literal(folded, type: type) }
        let t = ScalarExpr.trueLiteral, fl = ScalarExpr.falseLiteral
        switch f {
        case .and:
            if args[0] == t { return args[1] }
            if args[1] == t { return args[0] }
            if args[0] == fl || args[1] == fl { return fl }
        case .or:
            if args[0] == fl { return args[1] }
            if args[1] == fl { return args[0] }
            if args[0] == t || args[1] == t { return t }
        case .not:
            if case .call(.not, let inner, _) = args[0] { return inner[0] }
        case .add:
            if isZero(args[1]) { return args[0] }
            if isZero(args[0]) { return args[1] }
        case .subtract:
            if isZero(args[1]) { return args[0] }
        case .multiply:
            if isOne(args[1]) { return args[0] }
            if isOne(args[0]) { return args[1] }
        default:
            break
        }
        return e
    }

    private static func isZero(_ e: ScalarExpr) -> Bool {
        switch e {
        case .literal(.int(0), _), .literal(.interval(0), _): return true
        case .literal(.double(let d), _): return d == 0
        default: return false
        }
    }

    private static func isOne(_ e: ScalarExpr) -> Bool {
        switch e {
        case .literal(.int(1), _): return true
        case .literal(.double(let d), _): return d == 1
        default: return false
        }
    }
}

/// Evaluates operators over literal operands at plan time. Only the cases whose result
/// is certain are folded; everything else is left for the runtime.
enum ConstantFolder {
    static func fold(_ f: ScalarFunction, _ args: [ScalarExpr], type: DataType) -> Value? {
        var values: [Value] = []
        for a in args {
            guard case .literal(let v, _) = a else { return nil }
            values.append(v)
        }
        switch (f, values.count) {
        case (.add, 2), (.subtract, 2), (.multiply, 2):
            switch (values[0], values[1]) {
            case (.int(let a), .int(let b)):
                return .int(f == .add ? a &+ b : f == .subtract ? a &- b : a &* b)
            case (.double(let a), .double(let b)):
                return .double(f == .add ? a + b : f == .subtract ? a - b : a * b)
            case (.timestamp(let a), .interval(let b)) where f != .multiply:
                let (t, overflow) = f == .add ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
                return overflow || !Timestamps.isInRange(t) ? .null : .timestamp(t)
            case (.interval(let a), .interval(let b)) where f != .multiply:
                return .interval(f == .add ? a &+ b : a &- b)
            default: return nil
            }
        case (.equal, 2), (.notEqual, 2), (.less, 2), (.lessOrEqual, 2), (.greater, 2), (.greaterOrEqual, 2):
            if values[0].isNull || values[1].isNull { return .null }
            guard values[0].type == values[1].type else { return nil }
            let c = Value.compare(values[0], values[1])
            switch f {
            case .equal: return .bool(c == 0)
            case .notEqual: return .bool(c != 0)
            case .less: return .bool(c < 0)
            case .lessOrEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case (.not, 1):
            if case .bool(let b) = values[0] { return .bool(!b) }
            return values[0].isNull ? .null : nil
        case (.negate, 1):
            switch values[0] {
            case .int(let i): return .int(0 &- i)
            case .double(let d): return .double(-d)
            case .interval(let i): return .interval(0 &- i)
            default: return nil
            }
        case (.isNull, 1): return .bool(values[0].isNull)
        case (.isNotNull, 1): return .bool(!values[0].isNull)
        case (.concat, 2):
            if case .string(let a) = values[0], case .string(let b) = values[1] { return .string(a + b) }
            return nil
        default:
            return nil
        }
    }

    static func cast(_ v: Value, to t: DataType) -> Value? {
        switch (v, t) {
        case (.null, _): return .null
        case (.int(let i), .double): return .double(Double(i))
        case (.int(let i), .varchar): return .string(String(i))
        default: return nil
        }
    }
}
