extension ScalarFunction {
    /// How many arguments a call takes, in the typed form the analyzer produces (keyword
    /// arguments such as TRIM's mode or EXTRACT's unit included). A plan file with another
    /// count is refused before anything runs.
    public var argumentCount: ClosedRange<Int> {
        switch self {
        case .pi: return 0...0
        case .currentWatermark: return 0...1
        case .negate, .not, .isNull, .isNotNull, .upper, .lower, .charLength, .abs, .ln, .log10, .log2, .exp, .sqrt,
            .sign, .initcap, .reverse:
            return 1...1
        case .round, .log, .toTimestamp, .ltrim, .rtrim, .floor, .ceil: return 1...2
        case .add, .subtract, .multiply, .divide, .modulo, .equal, .notEqual, .less, .lessOrEqual, .greater,
            .greaterOrEqual, .and, .or, .like, .power, .position, .repeatText, .regexp, .extract, .dateFormat:
            return 2...2
        case .substring, .locate, .regexpExtract: return 2...3
        case .replace, .trim, .splitIndex, .lpad, .rpad, .regexpReplace, .timestampDiff, .timestampAdd: return 3...3
        case .inList, .concat: return 2...Int.max
        case .concatWs: return 2...Int.max
        case .concatFunction, .coalesce: return 1...Int.max
        }
    }
}
