/// The FROM clause: names, subqueries, window functions and joins.
extension Parser {
    /// `primary {join_kind JOIN primary ON condition}`, left-associative.
    mutating func tableReference() throws(Diagnostic) -> TableRef {
        let start = current.span.start
        var table = try tablePrimary()
        while true {
            if at(.comma) {
                throw Diagnostic.error(
                    "a ',' between tables (a cross join) is not supported", at: current.span,
                    help: "join on a condition: FROM a JOIN b ON a.key = b.key")
            }
            guard let kind = try joinKind() else { break }
            try countStatementLink()
            let right = try tablePrimary()
            if at(.using) {
                throw Diagnostic.error(
                    "JOIN ... USING is not supported", at: current.span, help: "write the condition: ON a.key = b.key")
            }
            try expect(.on, "and the join condition", help: "write JOIN b ON a.key = b.key")
            let condition = try expression()
            table = .join(table, right, kind: kind, on: condition, span: span(from: start))
        }
        return table
    }

    /// `JOIN`, `INNER JOIN`, `LEFT|RIGHT|FULL [OUTER] JOIN`, consumed; nil if no join follows.
    private mutating func joinKind() throws(Diagnostic) -> JoinKind? {
        let kind: JoinKind
        switch current.keywordKind {
        case .join:
            advance()
            return .inner
        case .inner: kind = .inner
        case .left: kind = .left
        case .right: kind = .right
        case .full: kind = .full
        case .cross, .natural:
            throw Diagnostic.error(
                "\(current.text.uppercased()) JOIN is not supported", at: current.span,
                help: "join on a condition: JOIN b ON a.key = b.key")
        default:
            return nil
        }
        let word = advance()
        if kind != .inner { _ = accept(.outer) }
        try expect(.join, "after \(quote(previous ?? word))")
        return kind
    }

    /// A name, `(query)` or a window function, each with an optional alias.
    private mutating func tablePrimary() throws(Diagnostic) -> TableRef {
        try enterNesting()
        defer { depth -= 1 }
        let start = current.span.start
        if at(.table) && peek().is(.leftParenthesis) {
            return try flinkWindow()
        }
        if let kind = Self.windowKind(current), peek().is(.leftParenthesis) {
            let call = try windowCall(kind, flinkForm: false)
            return .window(call, alias: try alias())
        }
        if at(.leftParenthesis) {
            let open = advance()
            guard atQueryStart else {
                throw expected("a query after '('", help: "a subquery in FROM is written (SELECT ...) AS name")
            }
            let query = try query()
            try expectClosing(open)
            let alias = try alias()
            return .subquery(query, alias: alias, span: span(from: start))
        }
        let after = previous.map { " after \(quote($0))" } ?? ""
        let name = try name("a source or view name\(after)")
        if at(.leftParenthesis) {
            let near = Suggestions.nearest(to: name.name, in: Self.windowNames)
            throw Diagnostic.error(
                "unknown table function '\(name.name)'", at: name.span,
                help: near.map { "did you mean '\($0)'?" } ?? "the table functions are \(WindowKind.listed("and"))")
        }
        if at(.for) && peek().is(.systemTime) { try skipSystemTime() }
        return .named(name, alias: try alias())
    }

    /// Flink's lookup-join form `dim FOR SYSTEM_TIME AS OF o.proc_time`: a table is always
    /// looked up as it is now, so the time is parsed and not kept.
    private mutating func skipSystemTime() throws(Diagnostic) {
        advance()
        advance()
        let usage = "write FOR SYSTEM_TIME AS OF o.proc_time"
        try expect(.as, "after 'FOR SYSTEM_TIME'", help: usage)
        try expect(.of, "after 'FOR SYSTEM_TIME AS'", help: usage)
        _ = try expression()
    }

    static let windowNames = WindowKind.allCases.map(\.rawValue)

    static func windowKind(_ token: Token) -> WindowKind? {
        token.keywordKind.flatMap { WindowKind(rawValue: $0.rawValue) }
    }

    /// `TABLE(KIND(TABLE t, DESCRIPTOR(ts), ...)) [[AS] alias]`
    private mutating func flinkWindow() throws(Diagnostic) -> TableRef {
        let start = advance().span.start
        let open = advance()
        guard let kind = Self.windowKind(current), peek().is(.leftParenthesis) else {
            let near = current.kind == .word ? Suggestions.nearest(to: current.text, in: Self.windowNames) : nil
            throw expected(
                "a window function (\(WindowKind.listed("or"))) in TABLE(...)", help: near.map { "did you mean '\($0)'?" })
        }
        var call = try windowCall(kind, flinkForm: true)
        try expectClosing(open)
        call.span = span(from: start)
        return .window(call, alias: try alias())
    }
}
