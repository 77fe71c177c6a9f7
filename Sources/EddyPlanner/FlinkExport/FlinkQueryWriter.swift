import EddyCore
import EddySQL

/// Queries in Flink SQL: SELECT, UNION, WITH, subqueries, joins and the window
/// table-valued functions, always in Flink's `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ...))`
/// form (a subquery as window input is `TUMBLE((SELECT ...), ...)`, the form Flink parses).
extension FlinkExpressionWriter {
    mutating func write(_ q: Query) throws(Diagnostic) -> String {
        if let first = q.orderBy.first {
            throw Diagnostic.error("ORDER BY on a stream has no Flink equivalent", at: first.expression.span)
        }
        if let limit = q.limit { throw Diagnostic.error("LIMIT on a stream has no Flink equivalent", at: limit.span) }
        var text = ""
        if !q.with.isEmpty {
            var ctes: [String] = []
            for cte in q.with {
                var head = names.quoted(cte.name.name)
                if !cte.columnNames.isEmpty { head += " (" + cte.columnNames.map { names.quoted($0.name) }.joined(separator: ", ") + ")" }
                ctes.append(head + " AS (\n" + indent(try write(cte.query)) + "\n)")
            }
            text = "WITH " + ctes.joined(separator: ",\n") + "\n"
        }
        return text + (try write(q.body))
    }

    mutating func write(_ body: QueryBody) throws(Diagnostic) -> String {
        switch body {
        case .select(let s): return try write(s)
        case .union(let l, let r, let all, _):
            return (try write(l)) + "\nUNION" + (all ? " ALL" : "") + "\n" + (try write(r))
        case .nested(let q): return "(" + (try write(q)) + ")"
        }
    }

    mutating func write(_ s: Select) throws(Diagnostic) -> String {
        var items: [String] = []
        for item in s.items {
            switch item {
            case .wildcard(let qualifier, _):
                items.append(qualifier.map { names.quoted($0.name) + ".*" } ?? "*")
            case .expression(let e, let alias):
                var t = try write(e)
                if let alias { t += " AS " + names.quoted(alias.name) }
                items.append(t)
            }
        }
        var text = "SELECT " + (s.distinct ? "DISTINCT " : "") + items.joined(separator: ", ")
        if let from = s.from {
            if !s.groupBy.isEmpty { try refuseUnalignedHop(from) }
            text += "\nFROM " + (try write(from))
        }
        if let w = s.whereClause { text += "\nWHERE " + (try write(w)) }
        if !s.groupBy.isEmpty {
            var keys: [String] = []
            for k in s.groupBy { keys.append(try write(k)) }
            // Eddy reads window_time of a window grouped by its start and end; Flink wants it
            // grouped too.
            var havingText = ""
            if let h = s.having { havingText = try write(h) }
            var windowed = false
            if case .window? = s.from { windowed = true }
            if windowed && keys.contains("window_start") && keys.contains("window_end") && !keys.contains("window_time")
                && (items.contains { $0.contains("window_time") } || havingText.contains("window_time"))
            {
                keys.append("window_time")
            }
            text += "\nGROUP BY " + keys.joined(separator: ", ")
        }
        if let h = s.having { text += "\nHAVING " + (try write(h)) }
        return text
    }

    mutating func write(_ ref: TableRef) throws(Diagnostic) -> String {
        switch ref {
        case .named(let name, let alias):
            return names.quoted(name.name) + aliasText(alias)
        case .subquery(let q, let alias, _):
            return "(\n" + indent(try write(q)) + "\n)" + aliasText(alias)
        case .window(let call, let alias):
            return try window(call) + aliasText(alias)
        case .join(let l, let r, let kind, let on, let span):
            if case .named(let table, _) = r, referenceTables.contains(table.name.lowercased()) {
                notes.append(
                    "\(table.name) is a reference table: Eddy's lookup join into it is a regular join in Flink "
                        + "(the same final rows when the table has one row per key; Flink emits them as updates)")
            }
            guard let on else {
                throw Diagnostic.error("a join without ON has no Flink equivalent here", at: span, help: "add ON with the join condition")
            }
            let joinWord = kind == .inner ? "JOIN" : kind.rawValue + " JOIN"
            return (try write(l)) + "\n" + joinWord + " " + (try write(r)) + " ON " + (try write(on))
        }
    }

    private mutating func window(_ call: WindowFunctionCall) throws(Diagnostic) -> String {
        var input: String
        switch call.input {
        case .named(let name, _): input = "TABLE " + names.quoted(name.name)
        case .subquery(let q, _, _): input = "(\n" + indent(try write(q)) + "\n)"
        default: throw Diagnostic.error("this window input has no Flink spelling", at: call.input.span)
        }
        if !call.partitionBy.isEmpty {
            input += " PARTITION BY " + call.partitionBy.map { names.quoted($0.name) }.joined(separator: ", ")
        }
        var args = [input, "DESCRIPTOR(\(names.quoted(call.timeColumn.name)))"]
        for a in call.arguments { args.append(try write(a)) }
        return "TABLE(\(call.kind.rawValue)(\(args.joined(separator: ", "))))"
    }

    /// Flink 2.3 aggregates a HOP window only when its size is a multiple of its slide
    /// ("HOP table function based aggregate requires size must be an integral multiple of
    /// slide"); Eddy computes the others too.
    private func refuseUnalignedHop(_ ref: TableRef) throws(Diagnostic) {
        switch ref {
        case .window(let call, _):
            guard call.kind == .hop, call.arguments.count == 2, let slide = Self.millis(call.arguments[0]),
                let size = Self.millis(call.arguments[1]), size % slide != 0
            else { return }
            throw Diagnostic.error(
                "Flink aggregates a HOP window only when its size is a multiple of its slide", at: call.span,
                help: "Eddy runs it; for Flink, make the size a multiple of the slide")
        case .join(let l, let r, _, _, _):
            try refuseUnalignedHop(l)
            try refuseUnalignedHop(r)
        default: return
        }
    }

    private static func millis(_ e: Expr) -> Int64? {
        guard case .interval(let value, let unit, _) = e, let perUnit = Intervals.millis(ofUnit: unit.name),
            let n = Double(value.trimmingWhitespace())
        else { return nil }
        return Int64((n * Double(perUnit)).rounded())
    }

    private mutating func aliasText(_ alias: Identifier?) -> String {
        alias.map { " AS " + names.quoted($0.name) } ?? ""
    }

    func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
