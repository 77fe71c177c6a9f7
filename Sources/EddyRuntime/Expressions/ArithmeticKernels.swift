import EddyCore

/// `+ - * / %`, unary minus and the numeric functions. Integer arithmetic wraps on
/// overflow (as Java's long in Flink); division or modulo by zero gives NULL.
enum ArithmeticKernels {
    static func binary(_ f: ScalarFunction, _ lhs: @escaping Kernel, _ rhs: @escaping Kernel, type: DataType) -> Kernel {
        return { batch in
            let a = lhs(batch)
            let b = rhs(batch)
            let validity = Validity.and(a.validity, b.validity)
            if type == .double {
                return doubleOp(f, a.doubles, b.doubles, validity)
            }
            return intOp(f, a.ints, b.ints, validity, type: type)
        }
    }

    private static func doubleOp(_ f: ScalarFunction, _ x: [Double], _ y: [Double], _ validity: [Bool]?) -> Column {
        let n = x.count
        var out = [Double](repeating: 0, count: n)
        var valid = validity
        switch f {
        case .add: for i in 0..<n { out[i] = x[i] + y[i] }
        case .subtract: for i in 0..<n { out[i] = x[i] - y[i] }
        case .multiply: for i in 0..<n { out[i] = x[i] * y[i] }
        case .divide, .modulo:
            var v = validity ?? [Bool](repeating: true, count: n)
            for i in 0..<n {
                if y[i] == 0 {
                    v[i] = false
                } else {
                    out[i] = f == .divide ? x[i] / y[i] : x[i].truncatingRemainder(dividingBy: y[i])
                }
            }
            valid = Validity.normalized(v)
        default: break
        }
        return Column(type: .double, values: .doubles(out), validity: valid)
    }

    private static func intOp(_ f: ScalarFunction, _ x: [Int64], _ y: [Int64], _ validity: [Bool]?, type: DataType) -> Column {
        let n = x.count
        var out = [Int64](repeating: 0, count: n)
        var valid = validity
        switch f {
        case .add: for i in 0..<n { out[i] = x[i] &+ y[i] }
        case .subtract: for i in 0..<n { out[i] = x[i] &- y[i] }
        case .multiply: for i in 0..<n { out[i] = x[i] &* y[i] }
        case .divide, .modulo:
            var v = validity ?? [Bool](repeating: true, count: n)
            for i in 0..<n {
                if y[i] == 0 {
                    v[i] = false
                } else if y[i] == -1 {
                    out[i] = f == .divide ? 0 &- x[i] : 0
                } else {
                    out[i] = f == .divide ? x[i] / y[i] : x[i] % y[i]
                }
            }
            valid = Validity.normalized(v)
        default: break
        }
        return Column(type: type, values: .ints(out), validity: valid)
    }

    static func negate(_ input: @escaping Kernel) -> Kernel {
        return { batch in
            let a = input(batch)
            switch a.values {
            case .doubles(let v): return Column(type: a.type, values: .doubles(v.map { -$0 }), validity: a.validity)
            case .ints(let v): return Column(type: a.type, values: .ints(v.map { 0 &- $0 }), validity: a.validity)
            default: return a
            }
        }
    }

    /// ABS, ROUND(x [, digits]), FLOOR, CEIL.
    static func unaryMath(_ f: ScalarFunction, _ args: [Kernel], type: DataType) -> Kernel {
        return { batch in
            let a = args[0](batch)
            if case .ints(let v) = a.values, a.type == .bigint {
                let out: [Int64]
                switch f {
                case .abs: out = v.map { $0 < 0 ? 0 &- $0 : $0 }
                case .round where args.count > 1:
                    let digits = args[1](batch).ints
                    out = v.indices.map { i in roundInt(v[i], digits: digits[i]) }
                default: out = v
                }
                return Column(type: .bigint, values: .ints(out), validity: a.validity)
            }
            let v = a.doubles
            var out = [Double](repeating: 0, count: v.count)
            switch f {
            case .abs: for i in v.indices { out[i] = Swift.abs(v[i]) }
            case .floor: for i in v.indices { out[i] = v[i].rounded(.down) }
            case .ceil: for i in v.indices { out[i] = v[i].rounded(.up) }
            case .round:
                let digits = args.count > 1 ? args[1](batch).ints : [Int64](repeating: 0, count: v.count)
                for i in v.indices { out[i] = roundDouble(v[i], digits: digits[i]) }
            default: break
            }
            let validity = args.count > 1 ? Validity.and(a.validity, args[1](batch).validity) : a.validity
            return Column(type: .double, values: .doubles(out), validity: validity)
        }
    }

    /// Rounds half away from zero, as SQL's ROUND does.
    static func roundDouble(_ x: Double, digits: Int64) -> Double {
        let d = Int(max(-15, min(15, digits)))
        var scale = 1.0
        for _ in 0..<Swift.abs(d) { scale *= 10 }
        if d >= 0 { return (x * scale).rounded(.toNearestOrAwayFromZero) / scale }
        return (x / scale).rounded(.toNearestOrAwayFromZero) * scale
    }

    static func roundInt(_ x: Int64, digits: Int64) -> Int64 {
        guard digits < 0 else { return x }
        var scale: Int64 = 1
        for _ in 0..<min(18, -digits) { scale *= 10 }
        let q = x / scale
        let r = x % scale
        if Swift.abs(r) * 2 >= scale { return (q + (x < 0 ? -1 : 1)) &* scale }
        return q &* scale
    }
}
