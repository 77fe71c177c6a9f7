import EddyCore

/// REGEXP_EXTRACT, REGEXP_REPLACE and REGEXP over Swift's `Regex`, whose syntax is close to
/// Java's for the patterns people write; matching is by Unicode scalar, as Java matches by
/// character rather than by grapheme. A literal pattern is compiled once, with the
/// expression; a pattern that arrives as data is compiled once per batch, and when it does
/// not compile the result is what Flink gives after catching the error (NULL, or FALSE for
/// REGEXP). The analyzer rejects an invalid literal pattern before the job runs.
enum RegexKernels {
    typealias Pattern = Regex<AnyRegexOutput>

    /// The compiled pattern, or nil when it is not a valid regular expression.
    static func compile(_ text: String) -> Pattern? {
        (try? Regex(text))?.matchingSemantics(.unicodeScalar)
    }

    /// `REGEXP_EXTRACT(text, regex [, group])`: the group (0 = the whole match, the default)
    /// of the first match; NULL when nothing matches, the group did not take part, or there
    /// is no such group.
    static func extract(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let fixed = RowWise.literalString(args[1]).map(compile)
        return { batch in
            let columns = kernels.map { $0(batch) }
            let texts = columns[0].strings, patterns = columns[1].strings
            let groups = columns.count > 2 ? columns[2].ints : nil
            var cache = RegexCache()
            return RowWise.strings(columns, rowCount: batch.rowCount) { i in
                guard let regex = fixed ?? cache.regex(patterns[i]) else { return nil }
                let group = groups?[i] ?? 0
                guard group >= 0, let match = texts[i].firstMatch(of: regex), group < match.output.count else { return nil }
                return match.output[Int(group)].substring.map(String.init)
            }
        }
    }

    /// `REGEXP_REPLACE(text, regex, replacement)`: every match replaced by the replacement
    /// taken literally (Flink quotes it, so `$1` is not a group reference).
    static func replace(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let fixed = RowWise.literalString(args[1]).map(compile)
        return { batch in
            let columns = kernels.map { $0(batch) }
            let texts = columns[0].strings, patterns = columns[1].strings, replacements = columns[2].strings
            var cache = RegexCache()
            return RowWise.strings(columns, rowCount: batch.rowCount) { i in
                guard let regex = fixed ?? cache.regex(patterns[i]) else { return nil }
                let text = texts[i], replacement = replacements[i]
                // Every scalar boundary could match: count the matches before building a
                // result that might not fit in memory.
                if !fits(text, matches: text.unicodeScalars.count + 1, of: replacement),
                    !fits(text, matches: text.matches(of: regex).count, of: replacement)
                {
                    return nil
                }
                return text.replacing(regex, with: replacement)
            }
        }
    }

    private static func fits(_ text: String, matches: Int, of replacement: String) -> Bool {
        let (added, overflow) = matches.multipliedReportingOverflow(by: replacement.utf8.count)
        return !overflow && added <= StringFunctionKernels.maxResultBytes - text.utf8.count
    }

    /// `REGEXP(text, regex)`: TRUE when some substring matches; FALSE for an empty or
    /// invalid pattern (as Flink).
    static func matches(_ args: [ScalarExpr], _ kernels: [Kernel]) -> Kernel {
        let fixed = RowWise.literalString(args[1]).map(compile)
        return { batch in
            let columns = kernels.map { $0(batch) }
            let texts = columns[0].strings, patterns = columns[1].strings
            var cache = RegexCache()
            return RowWise.bools(columns, rowCount: batch.rowCount) { i in
                guard !patterns[i].isEmpty, let regex = fixed ?? cache.regex(patterns[i]) else { return false }
                return texts[i].contains(regex)
            }
        }
    }
}

/// Regular expressions that arrive as data, compiled once per batch each.
struct RegexCache {
    private var compiled: [String: RegexKernels.Pattern?] = [:]

    mutating func regex(_ text: String) -> RegexKernels.Pattern? {
        if let hit = compiled[text] { return hit }
        let r = RegexKernels.compile(text)
        compiled[text] = .some(r)
        return r
    }
}
