import EddyCore
import EddyPlanner
import EddySQL

/// The text of SHOW and DESCRIBE.
struct CatalogDescriber {
    let catalog: Catalog

    func show(_ target: ShowTarget) -> String {
        var rows: [[String]] = []
        for name in catalog.allNames {
            switch (catalog.lookup(name), target) {
            case (.source(let s), .sources) where s.kind == .source, (.source(let s), .tables) where s.kind == .table:
                rows.append([s.name, s.connector.map { "\($0.connector) \($0.displayPath)" } ?? "inline", "\(s.schema.count)"])
            case (.view(let v), .views):
                rows.append([v.name, v.materialized ? "materialized" : "view", "\(v.schema.count)"])
            case (.sink(let k), .sinks):
                rows.append([k.name, "\(k.connector.connector) \(k.connector.displayPath)", k.schema.map { "\($0.count)" } ?? "-"])
            default:
                continue
            }
        }
        let what = target.rawValue.lowercased()
        if rows.isEmpty { return "no \(what)\n" }
        let second = target == .views ? "kind" : "connector"
        return PlainTable.render(headers: ["name", second, "columns"], rows: rows)
    }

    func describe(_ name: Identifier) throws -> String {
        switch catalog.lookup(name.name) {
        case .source(let s):
            var rows: [[String]] = []
            for (i, f) in s.schema.fields.enumerated() {
                var extra = ""
                if let wm = s.watermark, wm.column == i {
                    extra = "watermark \(f.name)" + (wm.delayMillis > 0 ? " - \(Intervals.format(wm.delayMillis))" : "")
                }
                if s.primaryKey.contains(i) { extra += extra.isEmpty ? "primary key" : ", primary key" }
                rows.append([f.name, f.type.sqlName, f.nullable ? "yes" : "no", extra])
            }
            var text = "\(s.kind.rawValue.lowercased()) \(s.name)"
            if let c = s.connector { text += " · \(c.connector) \(c.displayPath) · \(c.format)" }
            return text + "\n" + PlainTable.render(headers: ["column", "type", "null", "extra"], rows: rows)
        case .view(let v):
            let rows = v.schema.fields.map { [$0.name, $0.type.sqlName] }
            let kind = v.materialized ? "materialized view" : "view"
            return "\(kind) \(v.name) · \(v.changelog.rawValue)\n" + PlainTable.render(headers: ["column", "type"], rows: rows)
        case .sink(let k):
            var text = "sink \(k.name) · \(k.connector.connector) \(k.connector.displayPath) · \(k.connector.format)\n"
            if let schema = k.schema {
                text += PlainTable.render(headers: ["column", "type"], rows: schema.fields.map { [$0.name, $0.type.sqlName] })
            }
            return text
        case nil:
            throw Diagnostic.error(
                "unknown name '\(name.name)'", at: name.span,
                help: Suggestions.nearest(to: name.name, in: catalog.allNames).map { "did you mean '\($0)'?" })
        }
    }
}
