import EddyPlanner
import EddySQL

/// What to complete at the cursor: the words the shell offers (keywords, names of sources,
/// views and sinks, columns of the relations the statement reads), or file names.
public enum CompletionResult: Equatable, Sendable {
    case words([String])
    /// Let readline complete a file name (`\i FILE`, a quoted path).
    case fileNames
}

/// Completion in context, independent of readline: given the unfinished statement before
/// the cursor and the whole statement, which words fit where the cursor is.
public struct Completer: Sendable {
    let catalog: Catalog

    /// Completion over what `session` has declared so far.
    public init(session: Session) { catalog = session.catalog }

    init(catalog: Catalog) { self.catalog = catalog }

    /// Every declared name (sources, tables, views, sinks), in declaration order.
    public var declaredNames: [String] { catalog.allNames }

    static let statementKeywords = ["SELECT", "CREATE", "INSERT INTO", "EXPLAIN", "SHOW", "DESCRIBE", "SET", "RESET", "DROP", "WITH"]
    static let clauseKeywords = [
        "SELECT", "FROM", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "AS", "AND", "OR", "NOT", "NULL", "IS",
        "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "JOIN", "LEFT JOIN", "INNER JOIN",
        "ON", "UNION", "ALL", "CAST", "INTERVAL", "TIMESTAMP", "TRUE", "FALSE", "OVER", "PARTITION BY", "TABLE",
        "DESCRIPTOR", "SECOND", "MINUTE", "HOUR", "DAY",
    ]
    /// Every built-in function, from the registries (a new one is offered without an edit here).
    static let functions = BuiltinFunctions.allNames
    static let windowFunctions = Set(BuiltinFunctions.windowNames)
    static let windowColumns = ["window_start", "window_end", "window_time"]
    static let types = ["BIGINT", "INT", "INTEGER", "DOUBLE", "VARCHAR", "STRING", "BOOLEAN", "TIMESTAMP(3)", "INTERVAL"]

    /// Candidates for the word `prefix` that starts after `before` (the statement's text up
    /// to the word); `statement` is the whole statement, text after the cursor included.
    public func complete(prefix: String, before: String, statement: String) -> CompletionResult {
        var scan = StatementBuffer()
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            _ = scan.append(line: String(line), terminated: i < lines.count - 1)
        }
        if scan.isInsideQuoteOrComment { return .fileNames }
        let tokens = Lexer.tokenize(SourceText(name: "", text: scan.pendingText)).tokens.filter { $0.kind != .endOfInput }
        let words = tokens.map { $0.kind == .word ? $0.keyword : ($0.kind == .symbol ? $0.text : "") }
        let last = words.last ?? ""
        let secondLast = words.count >= 2 ? words[words.count - 2] : ""

        func keywords(_ list: [String]) -> CompletionResult { .words(Self.matching(prefix, list, keyword: true)) }
        func names(_ list: [String]) -> CompletionResult { .words(Self.matching(prefix, list, keyword: false)) }

        if before.last == "." {
            let qualifier = tokens.dropLast().last.map(\.text) ?? ""
            return names(columns(of: qualifier, in: statement))
        }
        if words.first == "DROP" && ["SOURCE", "TABLE", "VIEW", "SINK", "EXISTS"].contains(last) {
            return names(last == "EXISTS" ? catalog.allNames : catalogNames(ofKind: last))
        }
        switch last {
        case "": return keywords(Self.statementKeywords)
        case "FROM", "JOIN":
            let relations = Self.matching(prefix, catalog.relationNames, keyword: false)
            return .words(relations + Self.matching(prefix, ["TABLE"] + Self.windowFunctions.sorted(), keyword: true))
        case "TABLE" where secondLast == "(": return names(catalog.relationNames)
        case "(" where Self.windowFunctions.contains(secondLast): return names(catalog.relationNames)
        case "INTO": return names(Array(catalog.sinks.values.map(\.name)).sorted())
        case "DESCRIBE", "DESC": return names(catalog.allNames)
        case "SHOW": return keywords(["SOURCES", "VIEWS", "SINKS", "TABLES"])
        case "CREATE": return keywords(["SOURCE", "TABLE", "VIEW", "MATERIALIZED VIEW", "SINK"])
        case "MATERIALIZED": return keywords(["VIEW"])
        case "DROP": return keywords(["SOURCE", "TABLE", "VIEW", "SINK"])
        case "EXPLAIN": return keywords(["SELECT", "INSERT INTO", "LOGICAL", "PHYSICAL", "ANALYZE", "VERBOSE", "WITH"])
        case "GROUP", "ORDER", "PARTITION": return keywords(["BY"])
        default: break
        }
        if words.first == "CREATE" && words.contains("(") && !words.contains("AS") && !words.contains("WITH") {
            // Column definitions: a type after a column's name.
            if tokens.last?.kind == .word { return keywords(Self.types + ["NOT NULL", "WATERMARK FOR", "PRIMARY KEY"]) }
        }
        let columns = columnsInContext(statement)
        let vocabulary = Self.matching(prefix, Self.clauseKeywords + Self.functions, keyword: true)
        return .words(Self.matching(prefix, columns, keyword: false) + vocabulary)
    }

    /// Names of one kind for DROP.
    private func catalogNames(ofKind kind: String) -> [String] {
        catalog.allNames.filter {
            switch catalog.lookup($0) {
            case .source(let s): return (kind == "SOURCE" && s.kind == .source) || (kind == "TABLE" && s.kind == .table)
            case .view: return kind == "VIEW"
            case .sink: return kind == "SINK"
            case nil: return false
            }
        }
    }

    /// Columns of every relation the statement names (window columns with a window
    /// function); all known columns when it names none yet.
    func columnsInContext(_ statement: String) -> [String] {
        let tokens = Lexer.tokenize(SourceText(name: "", text: statement)).tokens
        var result: [String] = []
        var named = false
        for t in tokens where t.kind == .word || t.kind == .quotedIdentifier {
            if Self.windowFunctions.contains(t.keyword) { result += Self.windowColumns }
            if let cols = relationColumns(t.text) {
                named = true
                result += cols
            }
        }
        if !named {
            for name in catalog.relationNames { result += relationColumns(name) ?? [] }
        }
        return Self.unique(result)
    }

    /// Columns of `qualifier`: a relation, or an alias given to one in the statement.
    func columns(of qualifier: String, in statement: String) -> [String] {
        if let cols = relationColumns(qualifier) { return cols }
        let tokens = Lexer.tokenize(SourceText(name: "", text: statement)).tokens
        for (i, t) in tokens.enumerated() where t.text.lowercased() == qualifier.lowercased() && i > 0 {
            var j = i - 1
            if tokens[j].isKeyword("AS") && j > 0 { j -= 1 }
            if let cols = relationColumns(tokens[j].text) { return cols }
        }
        return []
    }

    private func relationColumns(_ name: String) -> [String]? {
        switch catalog.lookup(name) {
        case .source(let s): return s.schema.names
        case .view(let v): return v.schema.names
        case .sink, nil: return nil
        }
    }

    /// The candidates that start with `prefix`, ignoring case; keywords follow the case
    /// the user types in (`sel` gives `select`).
    public static func matching(_ prefix: String, _ candidates: [String], keyword: Bool) -> [String] {
        let p = prefix.lowercased()
        let lower = keyword && !prefix.isEmpty && prefix == prefix.lowercased() && prefix != prefix.uppercased()
        return unique(candidates.filter { $0.lowercased().hasPrefix(p) }.map { lower ? $0.lowercased() : $0 })
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0.lowercased()).inserted }
    }
}
