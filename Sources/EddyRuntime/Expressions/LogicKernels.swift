import EddyCore

/// AND, OR, NOT and IS [NOT] NULL with SQL's three-valued logic.
enum LogicKernels {
    static func and(_ lhs: @escaping Kernel, _ rhs: @escaping Kernel) -> Kernel {
        return { batch in
            let a = lhs(batch)
            let b = rhs(batch)
            let x = a.bools, y = b.bools
            if a.validity == nil && b.validity == nil {
                return Column(type: .boolean, values: .bools(zip(x, y).map { $0 && $1 }))
            }
            var out = [Bool](repeating: false, count: x.count)
            var valid = [Bool](repeating: true, count: x.count)
            for i in 0..<x.count {
                let an = a.isNull(i), bn = b.isNull(i)
                // FALSE wins over NULL; otherwise NULL is contagious.
                if (!an && !x[i]) || (!bn && !y[i]) {
                    out[i] = false
                } else if an || bn {
                    valid[i] = false
                } else {
                    out[i] = true
                }
            }
            return Column(type: .boolean, values: .bools(out), validity: Validity.normalized(valid))
        }
    }

    static func or(_ lhs: @escaping Kernel, _ rhs: @escaping Kernel) -> Kernel {
        return { batch in
            let a = lhs(batch)
            let b = rhs(batch)
            let x = a.bools, y = b.bools
            if a.validity == nil && b.validity == nil {
                return Column(type: .boolean, values: .bools(zip(x, y).map { $0 || $1 }))
            }
            var out = [Bool](repeating: false, count: x.count)
            var valid = [Bool](repeating: true, count: x.count)
            for i in 0..<x.count {
                let an = a.isNull(i), bn = b.isNull(i)
                // TRUE wins over NULL.
                if (!an && x[i]) || (!bn && y[i]) {
                    out[i] = true
                } else if an || bn {
                    valid[i] = false
                }
            }
            return Column(type: .boolean, values: .bools(out), validity: Validity.normalized(valid))
        }
    }

    static func not(_ input: @escaping Kernel) -> Kernel {
        return { batch in
            let a = input(batch)
            return Column(type: .boolean, values: .bools(a.bools.map { !$0 }), validity: a.validity)
        }
    }

    static func isNull(_ input: @escaping Kernel, negated: Bool) -> Kernel {
        return { batch in
            let a = input(batch)
            guard let v = a.validity else {
                return Column(type: .boolean, values: .bools([Bool](repeating: negated, count: a.count)))
            }
            return Column(type: .boolean, values: .bools(negated ? v : v.map { !$0 }))
        }
    }
}
