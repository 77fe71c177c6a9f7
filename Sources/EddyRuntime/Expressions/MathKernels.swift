#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import EddyCore

/// LN, LOG10, LOG2, LOG, EXP, SQRT, POWER, SIGN and PI. As Java's Math (which Flink calls),
/// a value outside a function's domain gives NaN or an infinity, not an error:
/// `SQRT(-1)` is NaN, `LN(0)` is -Infinity.
enum MathKernels {
    /// A DOUBLE function of one DOUBLE argument.
    static func unary(_ f: ScalarFunction, _ input: @escaping Kernel) -> Kernel {
        let op: (Double) -> Double
        switch f {
        case .ln: op = { log($0) }
        case .log10: op = { log10($0) }
        // Flink divides natural logarithms; so does Eddy, for the same last digit.
        case .log2: op = { log($0) / log(2.0) }
        case .exp: op = { exp($0) }
        default: op = { $0.squareRoot() }
        }
        return { batch in
            let a = input(batch)
            return Column(type: .double, values: .doubles(a.doubles.map(op)), validity: a.validity)
        }
    }

    /// `LOG(base, x)`: ln(x) / ln(base).
    static func logarithm(base: @escaping Kernel, _ x: @escaping Kernel) -> Kernel {
        binary(base, x) { b, v in log(v) / log(b) }
    }

    /// `POWER(x, y)`.
    static func power(_ x: @escaping Kernel, _ y: @escaping Kernel) -> Kernel {
        binary(x, y) { pow($0, $1) }
    }

    private static func binary(_ lhs: @escaping Kernel, _ rhs: @escaping Kernel, _ op: @escaping (Double, Double) -> Double) -> Kernel {
        return { batch in
            let a = lhs(batch), b = rhs(batch)
            let x = a.doubles, y = b.doubles
            var out = [Double](repeating: 0, count: x.count)
            for i in 0..<x.count { out[i] = op(x[i], y[i]) }
            return Column(type: .double, values: .doubles(out), validity: Validity.and(a.validity, b.validity))
        }
    }

    /// `SIGN(x)`: -1, 0 or 1 of x's type; NaN stays NaN and -0.0 stays -0.0 (Math.signum).
    static func sign(_ input: @escaping Kernel) -> Kernel {
        return { batch in
            let a = input(batch)
            switch a.values {
            case .ints(let v):
                return Column(type: .bigint, values: .ints(v.map { $0.signum() }), validity: a.validity)
            default:
                let v = a.doubles.map { d -> Double in d.isNaN || d == 0 ? d : (d > 0 ? 1 : -1) }
                return Column(type: .double, values: .doubles(v), validity: a.validity)
            }
        }
    }

    static func pi() -> Kernel {
        return { batch in Column(type: .double, values: .doubles([Double](repeating: .pi, count: batch.rowCount))) }
    }
}
