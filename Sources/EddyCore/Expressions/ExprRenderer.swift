/// Prints typed expressions as SQL a user recognizes, with the input's real column names.
public struct ExprRenderer: Sendable {
    public var columnNames: [String]

    public init(columnNames: [String]) { self.columnNames = columnNames }

    public func render(_ e: ScalarExpr) -> String { render(e, parentPrecedence: 0) }

    private func render(_ e: ScalarExpr, parentPrecedence: Int) -> String {
        switch e {
        case .column(let i, _):
            return i < columnNames.count ? columnNames[i] : "$\(i)"
        case .literal(let v, _):
            return Self.literalText(v)
        case .cast(let inner, let t):
            return "CAST(\(render(inner)) AS \(t.sqlName))"
        case .caseWhen(let branches, let otherwise, _):
            var s = "CASE"
            for b in branches { s += " WHEN \(render(b.condition)) THEN \(render(b.result))" }
            if let o = otherwise { s += " ELSE \(render(o))" }
            return s + " END"
        case .call(let f, let args, _):
            let p = f.precedence
            let text: String
            switch f {
            case .negate: text = "-" + render(args[0], parentPrecedence: p)
            case .not: text = "NOT " + render(args[0], parentPrecedence: p)
            case .isNull: text = render(args[0], parentPrecedence: p) + " IS NULL"
            case .isNotNull: text = render(args[0], parentPrecedence: p) + " IS NOT NULL"
            case .inList:
                text = render(args[0], parentPrecedence: p) + " IN ("
                    + args.dropFirst().map { render($0) }.joined(separator: ", ") + ")"
            case .floor where args.count == 2, .ceil where args.count == 2:
                return "\(f.rawValue)(\(render(args[0])) TO \(keyword(args[1])))"
            case .extract where args.count == 2:
                return "EXTRACT(\(keyword(args[0])) FROM \(render(args[1])))"
            case .trim where args.count == 3:
                return "TRIM(\(keyword(args[0])) \(render(args[1])) FROM \(render(args[2])))"
            case .position where args.count == 2:
                return "POSITION(\(render(args[0])) IN \(render(args[1])))"
            case .timestampDiff where args.count == 3, .timestampAdd where args.count == 3:
                return "\(f.rawValue)(\(keyword(args[0])), \(render(args[1])), \(render(args[2])))"
            case _ where f.isInfix && args.count == 2:
                // Left-associative: the right operand needs parentheses at equal precedence.
                text = render(args[0], parentPrecedence: p) + " \(f.rawValue) "
                    + render(args[1], parentPrecedence: p + 1)
            default:
                return f.rawValue + "(" + args.map { render($0) }.joined(separator: ", ") + ")"
            }
            return p < parentPrecedence ? "(" + text + ")" : text
        }
    }

    /// A keyword argument (a unit, a TRIM mode) as the bare word it was written as.
    private func keyword(_ e: ScalarExpr) -> String {
        if case .literal(.string(let word), _) = e { return word }
        return render(e)
    }

    /// A literal as SQL text: strings quoted, timestamps and intervals as SQL literals.
    public static func literalText(_ v: Value) -> String {
        switch v {
        case .string(let s): return "'" + s.replacingAll("'", with: "''") + "'"
        case .timestamp(let t): return "TIMESTAMP '\(Timestamps.format(t))'"
        case .interval(let ms): return Intervals.format(ms)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        default: return v.displayText
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    /// The range of the first occurrence of `target`, by characters.
    func range(of target: String) -> Range<Substring.Index>? {
        guard let first = target.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i] == first, self[i...].hasPrefix(target) {
                return i..<(index(i, offsetBy: target.count))
            }
            i = index(after: i)
        }
        return nil
    }
}
