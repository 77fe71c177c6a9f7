import EddyCore

/// EXTRACT, FLOOR/CEIL to a unit, TIMESTAMPDIFF, TIMESTAMPADD, DATE_FORMAT and TO_TIMESTAMP.
/// Units and literal patterns are read once, when the expression is compiled.
enum TimeKernels {
    /// `EXTRACT(unit, ts)`, the unit a literal.
    static func extract(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let unit = RowWise.literalString(args[0]).flatMap(TimeUnit.init(rawValue:))
        let input = kernels[1]
        return { batch in
            let ts = input(batch)
            let v = ts.ints
            return RowWise.ints([ts], rowCount: batch.rowCount) { i in
                unit.map { Timestamps.extract($0, from: v[i]) }
            }
        }
    }

    /// `FLOOR(ts, unit)` or `CEIL(ts, unit)`.
    static func round(_ f: ScalarFunction, _ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let unit = RowWise.literalString(args[1]).flatMap(TimeUnit.init(rawValue:))
        let input = kernels[0]
        let up = f == .ceil
        return { batch in
            let ts = input(batch)
            let v = ts.ints
            return RowWise.ints([ts], rowCount: batch.rowCount, type: .timestamp) { i in
                guard let unit else { return nil }
                return up ? Timestamps.ceil(v[i], to: unit) : Timestamps.floor(v[i], to: unit)
            }
        }
    }

    /// `TIMESTAMPDIFF(unit, from, to)`.
    static func diff(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let unit = RowWise.literalString(args[0]).flatMap(TimeUnit.init(rawValue:))
        return { batch in
            let a = kernels[1](batch), b = kernels[2](batch)
            let from = a.ints, to = b.ints
            return RowWise.ints([a, b], rowCount: batch.rowCount) { i in
                unit.flatMap { Timestamps.diff($0, from: from[i], to: to[i]) }
            }
        }
    }

    /// `TIMESTAMPADD(unit, count, ts)`.
    static func add(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let unit = RowWise.literalString(args[0]).flatMap(TimeUnit.init(rawValue:))
        return { batch in
            let n = kernels[1](batch), ts = kernels[2](batch)
            let counts = n.ints, v = ts.ints
            return RowWise.ints([n, ts], rowCount: batch.rowCount, type: .timestamp) { i in
                unit.flatMap { Timestamps.add(counts[i], $0, to: v[i]) }
            }
        }
    }

    /// `DATE_FORMAT(ts, pattern)`; a pattern that does not compile gives NULL.
    static func format(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let fixed = RowWise.literalString(args[1]).map { try? DateTimePattern($0) }
        return { batch in
            let ts = kernels[0](batch), p = kernels[1](batch)
            let v = ts.ints, texts = p.strings
            var patterns = PatternCache()
            return RowWise.strings([ts, p], rowCount: batch.rowCount) { i in
                let pattern = fixed ?? patterns.pattern(texts[i])
                return pattern?.format(v[i])
            }
        }
    }

    /// `TO_TIMESTAMP(text [, pattern])`. As in Flink, text that does not fit the pattern is
    /// read once more as `yyyy-M-d[ H:m:s[.f]]` before giving NULL.
    static func parse(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let fixed = args.count > 1 ? RowWise.literalString(args[1]).map { try? DateTimePattern($0) } : nil
        return { batch in
            let s = kernels[0](batch)
            let texts = s.strings
            guard kernels.count > 1 else {
                return RowWise.ints([s], rowCount: batch.rowCount, type: .timestamp) { i in
                    DateTimePattern.parseDefault(texts[i])
                }
            }
            let p = kernels[1](batch)
            let patterns = p.strings
            var cache = PatternCache()
            return RowWise.ints([s, p], rowCount: batch.rowCount, type: .timestamp) { i in
                guard let pattern = fixed ?? cache.pattern(patterns[i]), pattern.parseLimitation == nil else { return nil }
                return pattern.parse(texts[i]) ?? DateTimePattern.parseDefault(texts[i].trimmingWhitespace())
            }
        }
    }

    /// The values of `kernel` outside TIMESTAMP(3)'s range (years 0000 to 9999) become NULL.
    static func withinTimestampRange(_ kernel: @escaping Kernel) -> Kernel {
        return { batch in
            var column = kernel(batch)
            guard case .ints(let values) = column.values, !values.allSatisfy(Timestamps.isInRange) else { return column }
            var valid = column.validity ?? [Bool](repeating: true, count: values.count)
            for (i, v) in values.enumerated() where !Timestamps.isInRange(v) { valid[i] = false }
            column.validity = valid
            return column
        }
    }
}

/// Patterns that arrive as data, compiled once per batch each.
struct PatternCache {
    private var compiled: [String: DateTimePattern?] = [:]

    mutating func pattern(_ text: String) -> DateTimePattern? {
        if let hit = compiled[text] { return hit }
        let p = try? DateTimePattern(text)
        compiled[text] = .some(p)
        return p
    }

}
