/// Window table-valued functions: TUMBLE, HOP, SESSION and CUMULATE.
extension Parser {
    /// `KIND(input [PARTITION BY keys], time, interval {, interval})`. In Flink's form the
    /// input is `TABLE t` and the time column `DESCRIPTOR(ts)`; the short form also takes a
    /// bare name for each. Either form takes a subquery as input.
    mutating func windowCall(_ kind: WindowKind, flinkForm: Bool) throws(Diagnostic) -> WindowFunctionCall {
        let start = advance().span.start
        let open = advance()
        let input = try windowInput(kind, flinkForm: flinkForm)
        var partitionBy: [Identifier] = []
        if at(.partition) { partitionBy = try windowPartition() }
        var usage = Self.windowUsage(kind, flinkForm: flinkForm, input: input, time: "ts")
        try expect(.comma, "and the time column after the windowed table", help: "write \(usage)")
        let timeColumn = try windowTimeColumn(flinkForm: flinkForm, usage: usage)
        usage = Self.windowUsage(kind, flinkForm: flinkForm, input: input, time: timeColumn.name)
        var arguments: [Expr] = []
        while accept(.comma) { arguments.append(try expression()) }
        let close = current
        try expectClosing(open, list: "the arguments of \(kind.rawValue)")
        let (expectedCount, what) = Self.windowParameters(kind)
        if arguments.count != expectedCount {
            let found = arguments.isEmpty ? "none" : "\(arguments.count) argument\(arguments.count == 1 ? "" : "s")"
            let at = arguments.count > expectedCount ? arguments[expectedCount].span : close.span
            throw Diagnostic.error("\(kind.rawValue) takes \(what), found \(found)", at: at, help: "write \(usage)")
        }
        return WindowFunctionCall(
            kind: kind, input: input, timeColumn: timeColumn, partitionBy: partitionBy, arguments: arguments,
            flinkForm: flinkForm, span: span(from: start))
    }

    /// `TABLE name`, `(query)`, or (short form) a bare name.
    private mutating func windowInput(_ kind: WindowKind, flinkForm: Bool) throws(Diagnostic) -> TableRef {
        if accept(.table) {
            return .named(try name("the name of the windowed table after 'TABLE'"), alias: nil)
        }
        if at(.leftParenthesis) {
            let open = advance()
            guard atQueryStart else { throw expected("a query after '('") }
            let query = try query()
            try expectClosing(open)
            return .subquery(query, alias: nil, span: span(from: open.span.start))
        }
        if flinkForm {
            throw expected(
                "'TABLE' and the windowed table", help: "write \(kind.rawValue)(TABLE \(atName ? current.text : "bids"), ...)")
        }
        return .named(try name("the windowed table, a source or view name"), alias: nil)
    }

    /// `PARTITION BY k`, `PARTITION BY (k1, k2)`, or before `DESCRIPTOR`: `PARTITION BY k1, k2`.
    /// (Only SESSION takes one; the analyzer says so for the others.)
    private mutating func windowPartition() throws(Diagnostic) -> [Identifier] {
        advance()
        try expect(.by, "after 'PARTITION'")
        if at(.leftParenthesis) { return try parenthesizedNames("a partition column", list: "the partition columns") }
        var keys = [try name("a partition column after 'PARTITION BY'")]
        // Unparenthesized keys run up to DESCRIPTOR(...); in the short form the name after
        // the first key's comma is the time column.
        while at(.comma) && descriptorFollowsNames() {
            advance()
            keys.append(try name("a partition column"))
        }
        return keys
    }

    /// Whether `, name {, name} , DESCRIPTOR` starts at the current comma.
    private func descriptorFollowsNames() -> Bool {
        var i = position
        while i + 1 < tokens.count && tokens[i].is(.comma) {
            let next = tokens[i + 1]
            if next.is(.descriptor) && i + 2 < tokens.count && tokens[i + 2].is(.leftParenthesis) { return i > position }
            guard next.kind == .quotedIdentifier || (next.kind == .word && !(next.keywordKind?.isReserved ?? false)) else {
                return false
            }
            i += 2
        }
        return false
    }

    /// `DESCRIPTOR(ts)`, or (short form) `ts`, which may be a column named `descriptor`.
    private mutating func windowTimeColumn(flinkForm: Bool, usage: String) throws(Diagnostic) -> Identifier {
        if at(.descriptor) && (flinkForm || peek().is(.leftParenthesis)) {
            advance()
            let open = try expect(.leftParenthesis, "after 'DESCRIPTOR'", help: "write DESCRIPTOR(ts)")
            let column = try name("the time column in DESCRIPTOR(...)")
            try expectClosing(open)
            return column
        }
        if flinkForm {
            throw expected("DESCRIPTOR(time column)", help: "write \(usage)")
        }
        return try name("the time column")
    }

    /// How many interval arguments a window takes, and what they are.
    private static func windowParameters(_ kind: WindowKind) -> (count: Int, description: String) {
        switch kind {
        case .tumble: return (1, "a size")
        case .hop: return (2, "a slide and a size")
        case .session: return (1, "a gap")
        case .cumulate: return (2, "a step and a maximum size")
        }
    }

    /// A correct call of the window, with the user's names, for help texts.
    private static func windowUsage(_ kind: WindowKind, flinkForm: Bool, input: TableRef, time: String) -> String {
        let intervals: String
        switch kind {
        case .tumble: intervals = "INTERVAL '10' SECOND"
        case .hop: intervals = "INTERVAL '2' SECOND, INTERVAL '10' SECOND"
        case .session: intervals = "INTERVAL '5' MINUTE"
        case .cumulate: intervals = "INTERVAL '1' MINUTE, INTERVAL '1' HOUR"
        }
        var table = "(SELECT ...)"
        if case .named(let name, _) = input { table = name.name }
        if flinkForm {
            return "TABLE(\(kind.rawValue)(TABLE \(table), DESCRIPTOR(\(time)), \(intervals)))"
        }
        return "\(kind.rawValue)(\(table), \(time), \(intervals))"
    }
}
