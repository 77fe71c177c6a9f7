import EddyCore
import EddySQL

/// Names and types in Flink's spelling. Flink's names are case-sensitive where Eddy's are
/// not, so every spelling of one name is written as its first one (`Clicks`, `clicks` →
/// `Clicks`), and words Flink reserves are quoted with backticks.
struct FlinkNames {
    private var spellings: [String: String] = [:]

    /// The first spelling seen of `name` (case-insensitively); records it if new.
    mutating func canonical(_ name: String) -> String {
        let key = name.lowercased()
        if let known = spellings[key] { return known }
        spellings[key] = name
        return name
    }

    /// A name as Flink reads it: `` `user` ``, `` `my col` ``, `page`.
    mutating func quoted(_ name: String) -> String {
        Self.quote(canonical(name))
    }

    static func quote(_ name: String) -> String {
        let simple = name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
        if simple && !reserved.contains(name.uppercased()) { return name }
        return "`" + name.replacingAll("`", with: "``") + "`"
    }

    /// A string literal: `'it''s'`.
    static func string(_ s: String) -> String { "'" + s.replacingAll("'", with: "''") + "'" }

    /// Eddy's types in Flink: VARCHAR is STRING (Flink's bare VARCHAR is VARCHAR(1)), and
    /// Eddy's INT is 64 bits, so BIGINT.
    static func type(_ t: DataType) -> String {
        switch t {
        case .boolean: return "BOOLEAN"
        case .bigint: return "BIGINT"
        case .double: return "DOUBLE"
        case .varchar: return "STRING"
        case .timestamp: return "TIMESTAMP(3)"
        case .interval: return "INTERVAL DAY TO SECOND(3)"
        case .null: return "STRING"
        }
    }

    /// A written type name (of a CAST) in Flink's spelling.
    static func type(_ name: TypeName) -> String {
        switch name.name.uppercased() {
        case "BOOLEAN", "BOOL": return "BOOLEAN"
        case "BIGINT", "INT", "INTEGER", "SMALLINT", "TINYINT": return "BIGINT"
        case "DOUBLE", "FLOAT", "REAL": return "DOUBLE"
        case "VARCHAR", "STRING", "CHAR", "TEXT": return "STRING"
        case "TIMESTAMP": return "TIMESTAMP(3)"
        default: return name.name.uppercased()
        }
    }

    /// Words Flink's parser (Calcite) reserves, which must be quoted as names.
    static let reserved: Set<String> = [
        "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE", "ARRAY", "AS", "ASYMMETRIC", "AT", "AUTHORIZATION", "AVG",
        "BEGIN", "BETWEEN", "BIGINT", "BINARY", "BIT", "BLOB", "BOOLEAN", "BOTH", "BY", "BYTES", "CALL", "CALLED",
        "CARDINALITY", "CASCADED", "CASE", "CAST", "CEIL", "CEILING", "CHAR", "CHARACTER", "CHARACTER_LENGTH",
        "CHAR_LENGTH", "CHECK", "CLOB", "CLOSE", "COALESCE", "COLLATE", "COLLECT", "COLUMN", "COMMIT", "CONDITION",
        "CONNECT", "CONSTRAINT", "CONVERT", "CORR", "CORRESPONDING", "COUNT", "COVAR_POP", "COVAR_SAMP", "CREATE",
        "CROSS", "CUBE", "CUME_DIST", "CURRENT", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE",
        "CURRENT_ROW", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "CYCLE",
        "DATE", "DAY", "DEALLOCATE", "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DELETE", "DENSE_RANK", "DEREF",
        "DESCRIBE", "DESCRIPTOR", "DETERMINISTIC", "DISALLOW", "DISCONNECT", "DISTINCT", "DOUBLE", "DROP", "DYNAMIC",
        "EACH", "ELEMENT", "ELSE", "END", "EQUALS", "ESCAPE", "EVERY", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXP",
        "EXPLAIN", "EXTEND", "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FILTER", "FIRST_VALUE", "FLOAT", "FLOOR",
        "FOR", "FOREIGN", "FREE", "FROM", "FULL", "FUNCTION", "FUSION", "GET", "GLOBAL", "GRANT", "GROUP",
        "GROUPING", "GROUPS", "HAVING", "HOLD", "HOUR", "IDENTITY", "IMPORT", "IN", "INDICATOR", "INNER", "INOUT",
        "INSENSITIVE", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERSECTION", "INTERVAL", "INTO", "IS", "JOIN",
        "LAG", "LANGUAGE", "LARGE", "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEFT", "LIKE", "LIMIT", "LN",
        "LOCAL", "LOCALTIME", "LOCALTIMESTAMP", "LOWER", "MATCH", "MATCH_RECOGNIZE", "MAX", "MEASURES", "MEMBER",
        "MERGE", "METHOD", "MIN", "MINUS", "MINUTE", "MOD", "MODIFIES", "MODULE", "MONTH", "MULTISET", "NATIONAL",
        "NATURAL", "NCHAR", "NCLOB", "NEW", "NEXT", "NO", "NONE", "NORMALIZE", "NOT", "NTH_VALUE", "NTILE", "NULL",
        "NULLIF", "NUMERIC", "OCCURRENCES_REGEX", "OCTET_LENGTH", "OF", "OFFSET", "OLD", "OMIT", "ON", "ONE",
        "ONLY", "OPEN", "OR", "ORDER", "OUT", "OUTER", "OVER", "OVERLAPS", "OVERLAY", "PARAMETER", "PARTITION",
        "PATTERN", "PER", "PERCENT", "PERCENTILE_CONT", "PERCENTILE_DISC", "PERCENT_RANK", "PERIOD", "PERMUTE",
        "PORTION", "POSITION", "POSITION_REGEX", "POWER", "PRECEDES", "PRECISION", "PREPARE", "PREV", "PRIMARY",
        "PROCEDURE", "RANGE", "RANK", "RAW", "READS", "REAL", "RECURSIVE", "REF", "REFERENCES", "REFERENCING",
        "REGR_AVGX", "REGR_COUNT", "RELEASE", "RESET", "RESULT", "RETURN", "RETURNS", "REVOKE", "RIGHT", "ROLLBACK",
        "ROLLUP", "ROW", "ROWS", "ROW_NUMBER", "RUNNING", "SAVEPOINT", "SCOPE", "SCROLL", "SEARCH", "SECOND", "SEEK",
        "SELECT", "SENSITIVE", "SESSION_USER", "SET", "SHOW", "SIMILAR", "SKIP", "SMALLINT", "SOME", "SPECIFIC",
        "SPECIFICTYPE", "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQRT", "START", "STATEMENT", "STATIC",
        "STDDEV_POP", "STDDEV_SAMP", "STREAM", "STRING", "SUBMULTISET", "SUBSET", "SUBSTRING", "SUCCEEDS", "SUM",
        "SYMMETRIC", "SYSTEM", "SYSTEM_TIME", "SYSTEM_USER", "TABLE", "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP",
        "TIMEZONE_HOUR", "TIMEZONE_MINUTE", "TINYINT", "TO", "TRAILING", "TRANSLATE", "TRANSLATION", "TREAT",
        "TRIGGER", "TRIM", "TRUE", "TRUNCATE", "UESCAPE", "UNION", "UNIQUE", "UNKNOWN", "UNNEST", "UPDATE", "UPPER",
        "UPSERT", "USER", "USING", "VALUE", "VALUES", "VAR_POP", "VAR_SAMP", "VARBINARY", "VARCHAR", "VARYING",
        "VERSIONING", "WATERMARK", "WHEN", "WHENEVER", "WHERE", "WIDTH_BUCKET", "WINDOW", "WITH", "WITHIN",
        "WITHOUT", "YEAR",
        // Flink's own keywords (its SQL client's statements)
        "CATALOGS", "CHANGELOG_MODE", "COMPILE", "DATABASES", "ENFORCED", "ESTIMATED_COST", "EXTENDED",
        "FUNCTIONS", "IF", "JSON_EXECUTION_PLAN", "JARS", "JOBS", "METADATA", "MODULES", "OVERWRITE",
        "OVERWRITING", "PARTITIONED", "PARTITIONS", "PLAN", "PYTHON", "SCALA", "TABLES", "USE", "VIEWS", "VIRTUAL",
        "WATERMARKS", "MATERIALIZED", "INITIAL", "FINAL", "FRESHNESS", "REFRESH_MODE",
    ]
}
