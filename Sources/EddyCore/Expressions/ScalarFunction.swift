/// Every scalar operation a typed expression can apply: operators and built-in functions.
/// The raw value is the name shown in plans and written in compiled JobGraphs.
public enum ScalarFunction: String, Codable, Sendable, CaseIterable {
    // arithmetic
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case negate = "NEGATE"
    // comparison
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    // logic, three-valued
    case and = "AND"
    case or = "OR"
    case not = "NOT"
    case isNull = "IS NULL"
    case isNotNull = "IS NOT NULL"
    /// `args[0] IN (args[1], ...)`
    case inList = "IN"
    /// `args[0] LIKE args[1]`, with `%` and `_`
    case like = "LIKE"
    // strings
    case concat = "||"
    case upper = "UPPER"
    case lower = "LOWER"
    case charLength = "CHAR_LENGTH"
    case substring = "SUBSTRING"
    // numbers
    case abs = "ABS"
    case round = "ROUND"
    case floor = "FLOOR"
    case ceil = "CEIL"
    /// `LN`, `LOG10`, `LOG2`, `EXP`, `SQRT`: DOUBLE, NaN or an infinity outside the domain
    /// (as Java's Math in Flink).
    case ln = "LN"
    case log10 = "LOG10"
    case log2 = "LOG2"
    /// `LOG(x)` is LN; `LOG(base, x)`.
    case log = "LOG"
    case exp = "EXP"
    case sqrt = "SQRT"
    case power = "POWER"
    /// -1, 0 or 1, of the argument's type.
    case sign = "SIGN"
    case pi = "PI"
    /// The watermark of the operator evaluating it (NULL before there is one); its argument
    /// names the time attribute and is not read.
    case currentWatermark = "CURRENT_WATERMARK"
    // more strings
    /// `CONCAT(a, b, ...)`: NULL if any argument is NULL.
    case concatFunction = "CONCAT"
    /// `CONCAT_WS(separator, a, b, ...)`: skips NULL arguments; NULL only for a NULL separator.
    case concatWs = "CONCAT_WS"
    case replace = "REPLACE"
    /// `TRIM(mode, characters, text)`, mode a literal 'BOTH', 'LEADING' or 'TRAILING'.
    case trim = "TRIM"
    case ltrim = "LTRIM"
    case rtrim = "RTRIM"
    /// `SPLIT_INDEX(text, delimiter, index)`, 0-based.
    case splitIndex = "SPLIT_INDEX"
    /// `POSITION(needle IN text)`, 1-based, 0 when absent.
    case position = "POSITION"
    /// `LOCATE(needle, text [, from])`.
    case locate = "LOCATE"
    case initcap = "INITCAP"
    case lpad = "LPAD"
    case rpad = "RPAD"
    case reverse = "REVERSE"
    case repeatText = "REPEAT"
    // regular expressions
    /// `REGEXP_EXTRACT(text, regex [, group])`
    case regexpExtract = "REGEXP_EXTRACT"
    /// `REGEXP_REPLACE(text, regex, replacement)`; the replacement is literal text.
    case regexpReplace = "REGEXP_REPLACE"
    /// `REGEXP(text, regex)`: TRUE when some substring matches.
    case regexp = "REGEXP"
    // time
    /// `EXTRACT(unit, timestamp)`, unit a literal such as 'YEAR'. `FLOOR` and `CEIL` with
    /// a timestamp and a unit literal round to that unit.
    case extract = "EXTRACT"
    /// `DATE_FORMAT(timestamp, pattern)`, pattern as Java's DateTimeFormatter.
    case dateFormat = "DATE_FORMAT"
    /// `TO_TIMESTAMP(text [, pattern])`
    case toTimestamp = "TO_TIMESTAMP"
    /// `TIMESTAMPDIFF(unit, from, to)`: whole units from `from` to `to`, toward zero.
    case timestampDiff = "TIMESTAMPDIFF"
    /// `TIMESTAMPADD(unit, count, timestamp)`
    case timestampAdd = "TIMESTAMPADD"
    // nulls
    case coalesce = "COALESCE"

    /// Operators written between their operands (`a + b`), as opposed to calls (`ABS(a)`).
    public var isInfix: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .modulo, .equal, .notEqual, .less,
            .lessOrEqual, .greater, .greaterOrEqual, .and, .or, .concat, .like:
            return true
        default:
            return false
        }
    }

    /// Binding strength used to print the fewest parentheses that keep the meaning.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .not: return 3
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .like, .inList,
            .isNull, .isNotNull:
            return 4
        case .concat: return 5
        case .add, .subtract: return 6
        case .multiply, .divide, .modulo: return 7
        case .negate: return 8
        default: return 9
        }
    }

    /// The comparison with its operands swapped (`a < b` is `b > a`).
    public var flipped: ScalarFunction? {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return nil
        }
    }
}
