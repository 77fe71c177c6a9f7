import EddyCore
import EddySQL

/// Writes an expression of a checked script in Flink SQL, keeping Eddy's meaning where
/// the two spell it differently:
/// - a division or modulo by zero is NULL in Eddy and an error in Flink: the divisor is
///   wrapped in `NULLIF(d, 0)`;
/// - a CAST that fails is NULL in Eddy: casts to anything but STRING are `TRY_CAST`;
/// - a decimal literal is a DOUBLE in Eddy and a DECIMAL in Flink: it is written `2.5E0`;
/// - VAR_POP and its kin are DOUBLE in Eddy and of their argument's type in Flink: the
///   argument is cast to DOUBLE;
/// - special forms (`EXTRACT(YEAR FROM ts)`, `FLOOR(ts TO MINUTE)`, `TRIM(BOTH 'x' FROM
///   s)`, `POSITION(a IN b)`) in their SQL spelling; `YEAR(ts)` and its kin as `EXTRACT`.
struct FlinkExpressionWriter {
    var names: FlinkNames
    /// Column names to write under another name (a source's timestamp column inside its
    /// raw table).
    var renamed: [String: String] = [:]
    /// The lowercased names of reference tables (`CREATE TABLE`): a join with one is a
    /// lookup join in Eddy.
    var referenceTables: Set<String> = []
    /// Comments for the statement being written (what Flink does differently).
    var notes: [String] = []

    init(names: FlinkNames) { self.names = names }

    mutating func write(_ e: Expr) throws(Diagnostic) -> String {
        switch e {
        case .identifier(let parts):
            if parts.count == 1, let to = renamed[parts[0].name.lowercased()] { return FlinkNames.quote(to) }
            return parts.map { names.quoted($0.name) }.joined(separator: ".")
        case .literal(let value, _):
            return Self.literal(value)
        case .interval(let value, let unit, let span):
            return try Self.interval(value, unit: unit, span: span)
        case .timestamp(let text, _):
            return "TIMESTAMP " + FlinkNames.string(text.replacingAll("T", with: " "))
        case .unary(let op, let x, _):
            let inner = try operand(x, parentPrecedence: 7)
            return op == .not ? "NOT " + inner : op.rawValue + inner
        case .binary(let op, let l, let r, _):
            let p = Self.precedence(op)
            let left = try operand(l, parentPrecedence: p)
            let right = try operand(r, parentPrecedence: p + 1)
            switch op {
            case .divide where !Self.isNonZeroNumber(r): return "\(left) / NULLIF(\(try write(r)), 0)"
            case .modulo where !Self.isNonZeroNumber(r): return "MOD(\(try write(l)), NULLIF(\(try write(r)), 0))"
            case .modulo: return "MOD(\(try write(l)), \(right))"
            default: return "\(left) \(op.rawValue) \(right)"
            }
        case .isNull(let x, let negated, _):
            return "\(try operand(x, parentPrecedence: 4)) IS \(negated ? "NOT " : "")NULL"
        case .between(let x, let low, let high, let negated, _):
            return "\(try operand(x, parentPrecedence: 4)) \(negated ? "NOT " : "")BETWEEN "
                + "\(try operand(low, parentPrecedence: 4)) AND \(try operand(high, parentPrecedence: 4))"
        case .inList(let x, let items, let negated, _):
            var list: [String] = []
            for item in items { list.append(try write(item)) }
            return "\(try operand(x, parentPrecedence: 4)) \(negated ? "NOT " : "")IN (\(list.joined(separator: ", ")))"
        case .like(let x, let pattern, let negated, _):
            return "\(try operand(x, parentPrecedence: 4)) \(negated ? "NOT " : "")LIKE \(try operand(pattern, parentPrecedence: 4))"
        case .caseWhen(let operand, let branches, let otherwise, _):
            var text = "CASE"
            if let operand { text += " " + (try write(operand)) }
            for b in branches { text += " WHEN \(try write(b.condition)) THEN \(try write(b.result))" }
            if let otherwise { text += " ELSE " + (try write(otherwise)) }
            return text + " END"
        case .cast(let x, let type, _):
            let target = FlinkNames.type(type)
            return "\(target == "STRING" ? "CAST" : "TRY_CAST")(\(try write(x)) AS \(target))"
        case .function(let name, let args, let distinct, let star, let over, let span):
            return try function(name, args, distinct: distinct, star: star, over: over, span: span)
        case .keyword(let word, _):
            return word.uppercased()
        }
    }

    /// A number literal other than 0: a divisor that needs no `NULLIF`.
    static func isNonZeroNumber(_ e: Expr) -> Bool {
        if case .literal(.number(let digits), _) = e, let v = Double(digits), v != 0 { return true }
        return false
    }

    /// `x` in parentheses when its operator binds looser than the one around it.
    private mutating func operand(_ x: Expr, parentPrecedence: Int) throws(Diagnostic) -> String {
        let text = try write(x)
        let own: Int
        switch x {
        case .binary(let op, _, _, _): own = Self.precedence(op)
        case .isNull, .between, .inList, .like: own = 4
        case .unary(.not, _, _): own = 3
        default: own = 10
        }
        return own < parentPrecedence ? "(\(text))" : text
    }

    private static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .add, .subtract, .concat: return 5
        case .multiply, .divide, .modulo: return 6
        }
    }

    static func literal(_ value: LiteralValue) -> String {
        switch value {
        case .number(let digits):
            let isDecimal = digits.contains(".") || digits.lowercased().contains("e")
            guard isDecimal else { return digits }
            return digits.lowercased().contains("e") ? digits : digits + "E0"
        case .string(let s): return FlinkNames.string(s)
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .null: return "NULL"
        }
    }

    /// `INTERVAL '10' SECOND`; Flink has no MILLISECOND interval, so `INTERVAL '250'
    /// MILLISECOND` is `INTERVAL '0.250' SECOND`.
    static func interval(_ value: String, unit: Identifier, span: Span) throws(Diagnostic) -> String {
        var u = unit.name.uppercased()
        if u.hasSuffix("S") { u.removeLast() }
        if u == "MILLISECOND" {
            guard let ms = Int64(value.trimmingWhitespace()), ms >= 0 else {
                throw Diagnostic.error("INTERVAL '\(value)' MILLISECOND has no Flink spelling", at: span, help: "write whole milliseconds")
            }
            let fraction = String(ms % 1000)
            return "INTERVAL '\(ms / 1000).\(String(repeating: "0", count: 3 - fraction.count) + fraction)' SECOND"
        }
        return "INTERVAL \(FlinkNames.string(value.trimmingWhitespace())) \(u)"
    }

    /// Eddy's time-part functions, as the EXTRACT unit Flink has for each.
    static let extractUnits: [String: String] = [
        "YEAR": "YEAR", "QUARTER": "QUARTER", "MONTH": "MONTH", "WEEK": "WEEK", "DAYOFYEAR": "DOY",
        "DAYOFMONTH": "DAY", "DAYOFWEEK": "DOW", "HOUR": "HOUR", "MINUTE": "MINUTE", "SECOND": "SECOND",
    ]

    private mutating func function(
        _ name: Identifier, _ args: [Expr], distinct: Bool, star: Bool, over: OverClause?, span: Span
    ) throws(Diagnostic) -> String {
        let upper = name.name.uppercased()
        var a: [String] = []
        for arg in args { a.append(try write(arg)) }
        func keyword(_ i: Int) -> Bool { if i < args.count, case .keyword = args[i] { return true } else { return false } }
        switch upper {
        case "SUBSTRING", "SUBSTR":
            return "SUBSTRING(\(a[0]) FROM \(a[1])\(a.count > 2 ? " FOR \(a[2])" : ""))"
        case "POSITION" where a.count == 2:
            return "POSITION(\(a[0]) IN \(a[1]))"
        case "EXTRACT" where a.count == 2:
            return "EXTRACT(\(a[0]) FROM \(a[1]))"
        case "FLOOR", "CEIL", "CEILING":
            let f = upper == "FLOOR" ? "FLOOR" : "CEIL"
            if a.count == 2 && keyword(1) { return "\(f)(\(a[0]) TO \(a[1]))" }
            return "\(f)(\(a.joined(separator: ", ")))"
        case "TRIM":
            // TRIM(BOTH, 'x', s), TRIM(LEADING, s), TRIM(s)
            guard a.count > 1 else { return "TRIM(\(a.joined()))" }
            return "TRIM(\(a.dropLast().joined(separator: " ")) FROM \(a[a.count - 1]))"
        case "CHARACTER_LENGTH", "LENGTH":
            return "CHAR_LENGTH(\(a.joined(separator: ", ")))"
        case "MOD" where a.count == 2:
            return "MOD(\(a[0]), NULLIF(\(a[1]), 0))"
        case "LPAD", "RPAD", "REPEAT" where a.count >= 2:
            // Flink's take an INT length (a BIGINT one fails its code generation).
            var b = a
            b[1] = "CAST(\(a[1]) AS INT)"
            return "\(upper)(\(b.joined(separator: ", ")))"
        case "VAR_POP", "VAR_SAMP", "STDDEV_POP", "STDDEV_SAMP" where a.count == 1 && over == nil:
            // Flink's are of the argument's type (BIGINT for BIGINT); Eddy's are DOUBLE.
            return "\(upper)(\(distinct ? "DISTINCT " : "")CAST(\(a[0]) AS DOUBLE))"
        default:
            break
        }
        if let unit = Self.extractUnits[upper], a.count == 1, over == nil {
            return "EXTRACT(\(unit) FROM \(a[0]))"
        }
        var text = upper + "("
        if star { text += "*" } else { text += (distinct ? "DISTINCT " : "") + a.joined(separator: ", ") }
        text += ")"
        if let over {
            var parts: [String] = []
            if !over.partitionBy.isEmpty {
                var keys: [String] = []
                for k in over.partitionBy { keys.append(try write(k)) }
                parts.append("PARTITION BY " + keys.joined(separator: ", "))
            }
            if !over.orderBy.isEmpty { parts.append("ORDER BY " + (try orderItems(over.orderBy))) }
            text += " OVER (" + parts.joined(separator: " ") + ")"
        }
        return text
    }

    mutating func orderItems(_ items: [OrderItem]) throws(Diagnostic) -> String {
        var out: [String] = []
        for item in items {
            var t = try write(item.expression)
            if item.descending { t += " DESC" }
            if let first = item.nullsFirst { t += first ? " NULLS FIRST" : " NULLS LAST" }
            out.append(t)
        }
        return out.joined(separator: ", ")
    }
}
