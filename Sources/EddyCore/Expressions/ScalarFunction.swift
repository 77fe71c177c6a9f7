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
