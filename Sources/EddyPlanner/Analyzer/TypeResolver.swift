import EddyCore
import EddySQL

/// Maps written type names to Eddy's types, accepting Flink's spellings.
enum TypeResolver {
    static func resolve(_ t: TypeName) throws -> DataType {
        switch t.name.uppercased() {
        case "BOOLEAN", "BOOL": return .boolean
        case "BIGINT", "INT", "INTEGER", "SMALLINT", "TINYINT": return .bigint
        case "DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC": return .double
        case "VARCHAR", "STRING", "CHAR", "TEXT": return .varchar
        case "TIMESTAMP", "TIMESTAMP_LTZ":
            if let p = t.parameters.first, p != 3 {
                throw Diagnostic.error(
                    "TIMESTAMP(\(p)) is not supported", at: t.span,
                    help: "Eddy keeps milliseconds: write TIMESTAMP(3)")
            }
            return .timestamp
        case "INTERVAL": return .interval
        default:
            let known = ["BOOLEAN", "BIGINT", "INT", "DOUBLE", "VARCHAR", "STRING", "TIMESTAMP"]
            throw Diagnostic.error(
                "unknown type '\(t.name)'", at: t.span,
                help: Suggestions.nearest(to: t.name, in: known).map { "did you mean \($0)?" }
                    ?? "types are BOOLEAN, BIGINT, DOUBLE, VARCHAR, TIMESTAMP(3)")
        }
    }
}
