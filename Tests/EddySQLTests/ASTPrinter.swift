@testable import EddySQL

/// Prints AST nodes as compact S-expressions so that tests read like a specification:
/// `a + b * c` is `(+ a (* b c))`, `SELECT a FROM t WHERE x` is `select a from t where x`.
enum ASTPrinter {
    static func statement(_ s: Statement) -> String {
        switch s.kind {
        case .createSource(let c): return createSource(c)
        case .createView(let v):
            var out = "(create-\(v.materialized ? "materialized-" : "")view \(v.name.name)"
            if v.ifNotExists { out += " if-not-exists" }
            if !v.columnNames.isEmpty { out += " (" + v.columnNames.map(\.name).joined(separator: " ") + ")" }
            return out + " \(query(v.query)))"
        case .createSink(let k):
            var out = "(create-sink \(k.name.name)"
            if k.ifNotExists { out += " if-not-exists" }
            out += k.columns.map { " " + column($0) }.joined()
            if !k.primaryKey.isEmpty { out += " (primary-key " + k.primaryKey.map(\.name).joined(separator: " ") + ")" }
            switch k.input {
            case .none: break
            case .relation(let r): out += " (from \(r.name))"
            case .query(let q): out += " (as \(query(q)))"
            }
            return out + options(k.options) + ")"
        case .insert(let i): return insert(i)
        case .query(let q): return query(q)
        case .explain(let e):
            var out = "(explain"
            if e.mode != .default { out += " \(e.mode.rawValue)" }
            if e.verbose { out += " verbose" }
            switch e.target {
            case .query(let q): out += " \(query(q))"
            case .insert(let i): out += " \(insert(i))"
            }
            return out + ")"
        case .show(let target, _): return "(show \(target.rawValue))"
        case .describe(let name): return "(describe \(name.name))"
        case .set(let key, let value): return "(set '\(key.value)' '\(value.value)')"
        case .reset(let key): return "(reset '\(key.value)')"
        case .drop(let target, let name, let ifExists): return "(drop \(target.rawValue) \(name.name)\(ifExists ? " if-exists" : ""))"
        }
    }

    static func createSource(_ c: CreateSource) -> String {
        var out = "(create-\(c.kind.rawValue.lowercased()) \(c.name.name)"
        if c.ifNotExists { out += " if-not-exists" }
        out += c.columns.map { " " + column($0) }.joined()
        if let w = c.watermark { out += " (watermark \(w.column.name) \(expr(w.expression)))" }
        if !c.primaryKey.isEmpty { out += " (primary-key " + c.primaryKey.map(\.name).joined(separator: " ") + ")" }
        return out + options(c.options) + ")"
    }

    static func column(_ c: ColumnDefinition) -> String { "(\(c.name.name) \(type(c.type))\(c.notNull ? " not-null" : ""))" }

    static func type(_ t: TypeName) -> String {
        t.name + (t.parameters.isEmpty ? "" : "(" + t.parameters.map(String.init).joined(separator: ",") + ")")
    }

    static func options(_ entries: [OptionEntry]) -> String {
        entries.isEmpty ? "" : " (with " + entries.map { "\($0.key.value)=\($0.value.value)" }.joined(separator: " ") + ")"
    }

    static func insert(_ i: Insert) -> String { "(insert \(i.target.name) \(query(i.query)))" }

    static func expr(_ e: Expr) -> String {
        switch e {
        case .identifier(let parts): return parts.map(\.name).joined(separator: ".")
        case .literal(let v, _):
            switch v {
            case .number(let n): return n
            case .string(let s): return "'\(s)'"
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .null: return "NULL"
            }
        case .interval(let v, let unit, _): return "(interval '\(v)' \(unit.name))"
        case .timestamp(let t, _): return "(timestamp '\(t)')"
        case .unary(let op, let x, _): return "(\(op.rawValue) \(expr(x)))"
        case .binary(let op, let a, let b, _): return "(\(op.rawValue) \(expr(a)) \(expr(b)))"
        case .isNull(let x, let negated, _): return "(\(negated ? "is-not-null" : "is-null") \(expr(x)))"
        case .between(let x, let lo, let hi, let negated, _):
            return "(\(negated ? "not-between" : "between") \(expr(x)) \(expr(lo)) \(expr(hi)))"
        case .inList(let x, let items, let negated, _):
            return "(\(negated ? "not-in" : "in") \(expr(x)) \(items.map(expr).joined(separator: " ")))"
        case .like(let x, let p, let negated, _): return "(\(negated ? "not-like" : "like") \(expr(x)) \(expr(p)))"
        case .caseWhen(let operand, let branches, let otherwise, _):
            var s = "(case"
            if let operand { s += " \(expr(operand))" }
            for b in branches { s += " (when \(expr(b.condition)) \(expr(b.result)))" }
            if let otherwise { s += " (else \(expr(otherwise)))" }
            return s + ")"
        case .cast(let x, let t, _): return "(cast \(expr(x)) \(type(t)))"
        case .function(let name, let args, let distinct, let star, let over, _):
            var s = "(\(name.name)"
            if distinct { s += " distinct" }
            if star { s += " *" }
            for a in args { s += " " + expr(a) }
            if let over {
                s += " (over"
                if !over.partitionBy.isEmpty { s += " (partition " + over.partitionBy.map(expr).joined(separator: " ") + ")" }
                if !over.orderBy.isEmpty { s += " (order " + over.orderBy.map(orderItem).joined(separator: " ") + ")" }
                s += ")"
            }
            return s + ")"
        case .keyword(let k, _): return k
        }
    }

    static func orderItem(_ o: OrderItem) -> String {
        var s = expr(o.expression)
        if o.descending { s += " desc" }
        if let first = o.nullsFirst { s += first ? " nulls-first" : " nulls-last" }
        return s
    }

    static func table(_ t: TableRef) -> String {
        switch t {
        case .named(let n, let alias): return n.name + (alias.map { " as \($0.name)" } ?? "")
        case .subquery(let q, let alias, _): return "(subquery \(query(q)))" + (alias.map { " as \($0.name)" } ?? "")
        case .window(let w, let alias):
            var s = "(\(w.kind.rawValue)\(w.flinkForm ? "/flink" : "") \(table(w.input)) \(w.timeColumn.name)"
            if !w.partitionBy.isEmpty { s += " (partition " + w.partitionBy.map(\.name).joined(separator: " ") + ")" }
            for a in w.arguments { s += " " + expr(a) }
            return s + ")" + (alias.map { " as \($0.name)" } ?? "")
        case .join(let l, let r, let kind, let on, _):
            return "(\(kind.rawValue.lowercased())-join \(table(l)) \(table(r))\(on.map { " " + expr($0) } ?? ""))"
        }
    }

    static func query(_ q: Query) -> String {
        var s = ""
        if !q.with.isEmpty {
            s += "with " + q.with.map { cte in
                let columns = cte.columnNames.isEmpty ? "" : "(" + cte.columnNames.map(\.name).joined(separator: ",") + ")"
                return "\(cte.name.name)\(columns)=(\(query(cte.query)))"
            }.joined(separator: ",") + " "
        }
        s += body(q.body)
        if !q.orderBy.isEmpty { s += " order " + q.orderBy.map(orderItem).joined(separator: ",") }
        if let l = q.limit { s += " limit \(expr(l))" }
        return s
    }

    static func body(_ b: QueryBody) -> String {
        switch b {
        case .select(let sel):
            var s = "select"
            if sel.distinct { s += " distinct" }
            s += " " + sel.items.map { item -> String in
                switch item {
                case .wildcard(let q, _): return (q.map { $0.name + "." } ?? "") + "*"
                case .expression(let e, let alias): return expr(e) + (alias.map { " as \($0.name)" } ?? "")
                }
            }.joined(separator: ", ")
            if let f = sel.from { s += " from \(table(f))" }
            if let w = sel.whereClause { s += " where \(expr(w))" }
            if !sel.groupBy.isEmpty { s += " group " + sel.groupBy.map(expr).joined(separator: ",") }
            if let h = sel.having { s += " having \(expr(h))" }
            return s
        case .union(let a, let b, let all, _): return "(\(body(a)) union\(all ? " all" : "") \(body(b)))"
        case .nested(let q): return "(\(query(q)))"
        }
    }
}
