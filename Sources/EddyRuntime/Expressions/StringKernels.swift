import EddyCore

/// String operators and functions: `||`, LIKE, UPPER, LOWER, CHAR_LENGTH, SUBSTRING.
enum StringKernels {
    /// Applies `transform` to every non-NULL string.
    static func map(_ input: @escaping Kernel, _ transform: @escaping (String) -> String) -> Kernel {
        return { batch in
            let a = input(batch)
            return Column(type: .varchar, values: .strings(a.strings.map(transform)), validity: a.validity)
        }
    }

    static func concat(_ inputs: [Kernel]) -> Kernel {
        return { batch in
            let columns = inputs.map { $0(batch) }
            let strings = columns.map(\.strings)
            var out = [String](repeating: "", count: batch.rowCount)
            for i in 0..<batch.rowCount {
                var s = ""
                for c in strings { s += c[i] }
                out[i] = s
            }
            return Column(type: .varchar, values: .strings(out), validity: Validity.and(columns.map(\.validity)))
        }
    }

    static func charLength(_ input: @escaping Kernel) -> Kernel {
        return { batch in
            let a = input(batch)
            return Column(type: .bigint, values: .ints(a.strings.map { Int64($0.count) }), validity: a.validity)
        }
    }

    /// `SUBSTRING(s, start [, length])`, 1-based, by Flink's rule: a start of 0 is 1, a
    /// negative start counts from the end (`SUBSTRING('c194', -2, 2)` is `'94'`), a start
    /// before the beginning or past the end gives `''`, a negative length NULL. Positions
    /// count Unicode scalars (Flink's code points).
    static func substring(_ inputs: [Kernel]) -> Kernel {
        return { batch in
            let s = inputs[0](batch)
            let start = inputs[1](batch)
            let length = inputs.count > 2 ? inputs[2](batch) : nil
            let strings = s.strings, starts = start.ints, lengths = length?.ints
            var out = [String](repeating: "", count: batch.rowCount)
            var valid = [Bool](repeating: true, count: batch.rowCount)
            for i in 0..<batch.rowCount {
                if s.isNull(i) || start.isNull(i) || (length?.isNull(i) ?? false) {
                    valid[i] = false
                    continue
                }
                if let lengths, lengths[i] < 0 {
                    valid[i] = false
                    continue
                }
                out[i] = flinkSubstring(strings[i], start: starts[i], length: lengths?[i])
            }
            return Column(type: .varchar, values: .strings(out), validity: Validity.normalized(valid))
        }
    }

    /// Flink's `BinaryStringDataUtil.substringSQL` for a non-negative (or absent) length.
    static func flinkSubstring(_ string: String, start pos: Int64, length: Int64?) -> String {
        let scalars = Array(string.unicodeScalars)
        let count = Int64(scalars.count)
        let first: Int64
        if pos > 0 {
            first = pos - 1
            if first >= count { return "" }
        } else if pos < 0 {
            first = count + pos
            if first < 0 { return "" }
        } else {
            first = 0
        }
        let end = length.map { count - first < $0 ? count : first + $0 } ?? count
        guard first < end else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[Int(first)..<Int(end)])
        return String(result)
    }

    static func like(_ input: @escaping Kernel, pattern: ScalarExpr, patternKernel: @escaping Kernel) -> Kernel {
        if case .literal(.string(let p), _) = pattern {
            let matcher = LikePattern(p)
            return { batch in
                let a = input(batch)
                return Column(type: .boolean, values: .bools(a.strings.map(matcher.matches)), validity: a.validity)
            }
        }
        return { batch in
            let a = input(batch)
            let p = patternKernel(batch)
            let strings = a.strings, patterns = p.strings
            let out = (0..<batch.rowCount).map { LikePattern(patterns[$0]).matches(strings[$0]) }
            return Column(type: .boolean, values: .bools(out), validity: Validity.and(a.validity, p.validity))
        }
    }
}

/// A compiled LIKE pattern: `%` matches any run of characters, `_` exactly one.
struct LikePattern {
    private enum Shape {
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case contains([UInt8])
        case general([Unicode.Scalar])
    }
    private let shape: Shape

    init(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        let percents = scalars.filter { $0 == "%" }.count
        let hasUnderscore = scalars.contains("_")
        let core = Array(pattern.utf8.filter { $0 != 37 })
        if hasUnderscore {
            shape = .general(scalars)
        } else if percents == 0 {
            shape = .exact(core)
        } else if percents == 1 && scalars.last == "%" {
            shape = .prefix(core)
        } else if percents == 1 && scalars.first == "%" {
            shape = .suffix(core)
        } else if percents == 2 && scalars.first == "%" && scalars.last == "%" && scalars.count >= 2 {
            shape = .contains(core)
        } else {
            shape = .general(scalars)
        }
    }

    func matches(_ s: String) -> Bool {
        switch shape {
        case .exact(let p): return s.utf8.elementsEqual(p)
        case .prefix(let p): return s.utf8.starts(with: p)
        case .suffix(let p): return s.utf8.count >= p.count && s.utf8.suffix(p.count).elementsEqual(p)
        case .contains(let p): return Self.containsBytes(Array(s.utf8), p)
        case .general(let p): return Self.matchGeneral(Array(s.unicodeScalars), p)
        }
    }

    private static func containsBytes(_ s: [UInt8], _ p: [UInt8]) -> Bool {
        if p.isEmpty { return true }
        if p.count > s.count { return false }
        for i in 0...(s.count - p.count) where s[i] == p[0] {
            var j = 1
            while j < p.count && s[i + j] == p[j] { j += 1 }
            if j == p.count { return true }
        }
        return false
    }

    /// Greedy matching with backtracking to the last `%`: linear for most patterns.
    private static func matchGeneral(_ s: [Unicode.Scalar], _ p: [Unicode.Scalar]) -> Bool {
        var si = 0, pi = 0
        var starP = -1, starS = 0
        while si < s.count {
            if pi < p.count && (p[pi] == "_" || (p[pi] != "%" && p[pi] == s[si])) {
                si += 1
                pi += 1
            } else if pi < p.count && p[pi] == "%" {
                starP = pi
                starS = si
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starS += 1
                si = starS
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "%" { pi += 1 }
        return pi == p.count
    }
}
