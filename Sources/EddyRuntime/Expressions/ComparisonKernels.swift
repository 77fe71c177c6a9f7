import EddyCore

/// `= <> < <= > >=` and `IN (...)`, with NULL for any NULL operand.
enum ComparisonKernels {
    static func compare(_ f: ScalarFunction, _ lhs: @escaping Kernel, _ rhs: @escaping Kernel) -> Kernel {
        return { batch in
            let a = lhs(batch)
            let b = rhs(batch)
            let validity = Validity.and(a.validity, b.validity)
            let out: [Bool]
            switch (a.values, b.values) {
            case (.ints(let x), .ints(let y)): out = apply(f, x, y)
            case (.strings(let x), .strings(let y)): out = apply(f, x, y)
            case (.bools(let x), .bools(let y)): out = apply(f, x.map { $0 ? 1 : 0 }, y.map { $0 ? 1 : 0 } as [Int])
            default: out = apply(f, a.doubles, b.doubles)
            }
            return Column(type: .boolean, values: .bools(out), validity: validity)
        }
    }

    @inline(__always)
    private static func apply<T: Comparable>(_ f: ScalarFunction, _ x: [T], _ y: [T]) -> [Bool] {
        let n = x.count
        var out = [Bool](repeating: false, count: n)
        switch f {
        case .equal: for i in 0..<n { out[i] = x[i] == y[i] }
        case .notEqual: for i in 0..<n { out[i] = x[i] != y[i] }
        case .less: for i in 0..<n { out[i] = x[i] < y[i] }
        case .lessOrEqual: for i in 0..<n { out[i] = x[i] <= y[i] }
        case .greater: for i in 0..<n { out[i] = x[i] > y[i] }
        case .greaterOrEqual: for i in 0..<n { out[i] = x[i] >= y[i] }
        default: break
        }
        return out
    }

    /// `x IN (items)`: TRUE on a match; otherwise NULL if x or any item is NULL, else FALSE.
    static func inList(_ input: @escaping Kernel, items: [ScalarExpr], itemKernels: [Kernel]) -> Kernel {
        let allLiterals = items.allSatisfy { if case .literal = $0 { return true } else { return false } }
        if allLiterals {
            let values = items.compactMap { e -> Value? in if case .literal(let v, _) = e { return v } else { return nil } }
            let listHasNull = values.contains { $0.isNull }
            let set = Set(values.filter { !$0.isNull }.map(normalize))
            return { batch in
                let x = input(batch)
                var out = [Bool](repeating: false, count: batch.rowCount)
                var valid = [Bool](repeating: true, count: batch.rowCount)
                for i in 0..<batch.rowCount {
                    if x.isNull(i) {
                        valid[i] = false
                    } else if set.contains(normalize(x.value(at: i))) {
                        out[i] = true
                    } else if listHasNull {
                        valid[i] = false
                    }
                }
                return Column(type: .boolean, values: .bools(out), validity: Validity.normalized(valid))
            }
        }
        return { batch in
            let x = input(batch)
            let columns = itemKernels.map { $0(batch) }
            var out = [Bool](repeating: false, count: batch.rowCount)
            var valid = [Bool](repeating: true, count: batch.rowCount)
            for i in 0..<batch.rowCount {
                if x.isNull(i) {
                    valid[i] = false
                    continue
                }
                let v = normalize(x.value(at: i))
                var sawNull = false
                for c in columns {
                    if c.isNull(i) {
                        sawNull = true
                    } else if normalize(c.value(at: i)) == v {
                        out[i] = true
                        break
                    }
                }
                if !out[i] && sawNull { valid[i] = false }
            }
            return Column(type: .boolean, values: .bools(out), validity: Validity.normalized(valid))
        }
    }

    /// Numbers compare by value whatever their type.
    private static func normalize(_ v: Value) -> Value {
        if case .int(let i) = v { return .double(Double(i)) }
        return v
    }
}
