import EddyCore
import EddySQL

/// MOD, POWER, SQRT, LN, LOG10, LOG2, LOG, EXP, SIGN and PI, with Flink's signatures.
extension FunctionCatalog {
    static let mathNames = ["MOD", "POWER", "SQRT", "LN", "LOG10", "LOG2", "LOG", "EXP", "SIGN", "PI"]

    /// Nil when `call` is not a math function.
    static func bindMath(_ call: FunctionArguments) throws -> ScalarExpr? {
        let name = call.name
        switch name {
        case "MOD":
            // Flink's MOD takes exact numbers only; `%` is the same operation.
            try call.arity(2...2, "MOD(integer, integer)")
            return .call(.modulo, args: [try call.integer(0), try call.integer(1)], type: .bigint)
        case "POWER":
            try call.arity(2...2, "POWER(base, exponent)")
            return .call(.power, args: [try call.double(0), try call.double(1)], type: .double)
        case "SQRT", "LN", "LOG10", "LOG2", "EXP":
            try call.arity(1...1, "\(name)(number)")
            let f: ScalarFunction = name == "SQRT" ? .sqrt : name == "LN" ? .ln : name == "LOG10" ? .log10 : name == "LOG2" ? .log2 : .exp
            return .call(f, args: [try call.double(0)], type: .double)
        case "LOG":
            try call.arity(1...2, "LOG(number) or LOG(base, number)")
            return .call(.log, args: try (0..<call.count).map { try call.double($0) }, type: .double)
        case "SIGN":
            try call.arity(1...1, "SIGN(number)")
            let x = try call.number(0)
            return .call(.sign, args: [x], type: x.type)
        case "PI":
            try call.arity(0...0, "PI()")
            return .call(.pi, args: [], type: .double)
        default:
            return nil
        }
    }
}
