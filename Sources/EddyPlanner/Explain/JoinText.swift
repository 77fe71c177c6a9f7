import EddyCore

/// How plans describe a join: keys, strategy, and the state it keeps.
enum JoinText {
    static func describe(_ j: JoinSpec, leftNames: [String], rightNames: [String], output: [String]) -> [String] {
        func name(_ names: [String], _ i: Int) -> String { i < names.count ? names[i] : "$\(i)" }
        let keys = zip(j.leftKeys, j.rightKeys).map { "\(name(leftNames, $0)) = \(name(rightNames, $1))" }
        var first = j.kind.rawValue
        if !keys.isEmpty { first += " · " + keys.joined(separator: " AND ") }
        if let c = j.condition { first += " · " + ExprRenderer(columnNames: output).render(c) }
        var lines = [first]
        let keyText = j.leftKeys.isEmpty ? "" : " per key"
        switch j.strategy {
        case .regular:
            lines[0] += " · emits updates"
            if let ttl = j.stateTTLMillis {
                lines.append("state: both sides' rows\(keyText), expire after \(Intervals.format(ttl)) idle")
            } else {
                lines.append("state: both sides' rows\(keyText), UNBOUNDED: set 'state.ttl'")
            }
        case .interval(let lt, let rt, let lower, let upper):
            // Name the sides when both time columns have one name.
            let (l, r) = (name(leftNames, lt), name(rightNames, rt))
            let (ln, rn) = l == r ? ("left." + l, "right." + r) : (l, r)
            func offset(_ ms: Int64) -> String { ms >= 0 ? "+ \(Intervals.format(ms))" : "- \(Intervals.format(-ms))" }
            lines.append("\(rn) BETWEEN \(ln) \(offset(-lower)) AND \(ln) \(offset(upper))")
            lines.append("state: rows\(keyText) within the time bounds, freed by the watermark")
        case .window:
            lines.append("state: rows\(keyText) and window, freed when the window closes")
        case .lookup:
            lines.append("state: the table in memory, keyed by \(j.rightKeys.map { name(rightNames, $0) }.joined(separator: ", "))")
        }
        return lines
    }
}

/// How plans describe a Top-N.
enum TopNText {
    static func describe(_ t: TopNSpec, inputNames: [String]) -> [String] {
        func name(_ i: Int) -> String { i < inputNames.count ? inputNames[i] : "$\(i)" }
        let order = t.orderBy.map { name($0.column) + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
        var first = "top \(t.limit)"
        if !t.partitionColumns.isEmpty { first += " per [" + t.partitionColumns.map(name).joined(separator: ", ") + "]" }
        first += " by " + order
        if t.windowEndColumn == nil { first += " · emits updates" }
        let per = t.partitionColumns.isEmpty ? "" : " per " + t.partitionColumns.map(name).joined(separator: ", ")
        let rows = t.limit == 1 ? "1 row" : "\(t.limit) rows"
        if t.windowEndColumn != nil {
            let keys = t.partitionColumns.map(name).filter { $0 != "window_start" && $0 != "window_end" }
            let scope = keys.isEmpty ? "per window" : "per " + keys.joined(separator: ", ") + " and window"
            return [first, "state: \(rows) \(scope), freed when the window closes"]
        }
        if let ttl = t.stateTTLMillis { return [first, "state: ranked rows\(per), expire after \(Intervals.format(ttl)) idle"] }
        return [first, "state: ranked rows\(per), UNBOUNDED: set 'state.ttl'"]
    }
}
