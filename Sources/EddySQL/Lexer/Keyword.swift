/// A word with a meaning in Eddy's SQL, recognised in any case.
///
/// The lexer marks an unquoted identifier that spells a keyword but keeps it an identifier:
/// only the reserved words (the structure of a query: SELECT, FROM, JOIN, AND, ...) need
/// quotes to be used as names. Every other keyword (`source`, `key`, `date`, `session`,
/// `timestamp`, ...) is a keyword only where the grammar expects it and a name elsewhere.
public enum Keyword: String, Sendable, CaseIterable {
    // Reserved: these can never be unquoted names.
    case select = "SELECT", from = "FROM", `where` = "WHERE", group = "GROUP", by = "BY", having = "HAVING"
    case order = "ORDER", limit = "LIMIT", union = "UNION", join = "JOIN", on = "ON"
    case and = "AND", or = "OR", not = "NOT", `as` = "AS", `is` = "IS", null = "NULL", `in` = "IN"
    case like = "LIKE", between = "BETWEEN", `case` = "CASE", when = "WHEN", then = "THEN", `else` = "ELSE"
    case end = "END", with = "WITH", insert = "INSERT", into = "INTO", create = "CREATE"
    case distinct = "DISTINCT", all = "ALL", `true` = "TRUE", `false` = "FALSE", table = "TABLE"
    case except = "EXCEPT", intersect = "INTERSECT"

    // Joins: names elsewhere, but never an alias without AS (`FROM a LEFT JOIN b`).
    case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL", outer = "OUTER"
    case cross = "CROSS", natural = "NATURAL", using = "USING", over = "OVER"

    // Statements and DDL.
    case source = "SOURCE", sources = "SOURCES", tables = "TABLES", view = "VIEW", views = "VIEWS"
    case sink = "SINK", sinks = "SINKS", materialized = "MATERIALIZED", `if` = "IF", exists = "EXISTS"
    case watermark = "WATERMARK", `for` = "FOR", primary = "PRIMARY", key = "KEY", enforced = "ENFORCED"
    case explain = "EXPLAIN", logical = "LOGICAL", physical = "PHYSICAL", analyze = "ANALYZE"
    case verbose = "VERBOSE", show = "SHOW", describe = "DESCRIBE", desc = "DESC", asc = "ASC"
    case set = "SET", reset = "RESET", drop = "DROP", nulls = "NULLS", first = "FIRST", last = "LAST"
    case local = "LOCAL", time = "TIME", zone = "ZONE"

    // Expressions and window functions.
    case partition = "PARTITION", cast = "CAST", tryCast = "TRY_CAST", interval = "INTERVAL"
    case timestamp = "TIMESTAMP", date = "DATE", to = "TO", both = "BOTH", leading = "LEADING"
    case trailing = "TRAILING", descriptor = "DESCRIPTOR", tumble = "TUMBLE", hop = "HOP"
    case session = "SESSION", cumulate = "CUMULATE", systemTime = "SYSTEM_TIME", of = "OF"

    /// The words that need quotes to be used as names.
    public static let reserved: Set<Keyword> = [
        .select, .from, .where, .group, .by, .having, .order, .limit, .union, .join, .on, .and, .or, .not, .as,
        .is, .null, .in, .like, .between, .case, .when, .then, .else, .end, .with, .insert, .into, .create,
        .distinct, .all, .true, .false, .table, .except, .intersect,
    ]

    /// Whether the word needs quotes to be used as a name.
    public var isReserved: Bool { Self.reserved.contains(self) }

    /// Whether the word can follow a table or an expression as an alias without AS: not
    /// the reserved words, the words that continue a FROM clause or a call, nor the words
    /// that start a statement (so that a missing `;` before one is noticed).
    var canBeImplicitAlias: Bool {
        switch self {
        case .inner, .left, .right, .full, .outer, .cross, .natural, .using, .over: return false
        case .show, .describe, .set, .reset, .drop, .explain: return false
        default: return !isReserved
        }
    }

    private static let byUppercasedName: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The longest keyword: a longer word is not looked up.
    private static let maximumLength = allCases.map(\.rawValue.utf8.count).max() ?? 0

    /// The keyword spelled by `bytes` in any case (ASCII letters and `_` only), if any.
    static func lookUp<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Keyword? {
        guard bytes.count <= maximumLength else { return nil }
        var upper: [UInt8] = []
        upper.reserveCapacity(bytes.count)
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): upper.append(b - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): upper.append(b)
            default: return nil
            }
        }
        return byUppercasedName[String(decoding: upper, as: UTF8.self)]
    }
}
