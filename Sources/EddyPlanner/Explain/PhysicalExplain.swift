import EddyCore

/// Describes a JobGraph for people: one tree per sink, naming real columns and saying
/// what each operator emits and what state it keeps.
public struct PhysicalExplain {
    public let graph: JobGraph
    /// Paths under this folder are shown relative to it, as the script wrote them.
    public var baseDirectory: String
    /// Extra lines per node id, shown last (EXPLAIN ANALYZE's measurements).
    public var annotations: [Int: String] = [:]

    public init(graph: JobGraph, baseDirectory: String = "") {
        self.graph = graph
        self.baseDirectory = baseDirectory
    }

    /// The trees of every sink (or of every node nothing reads).
    public func trees() -> [PlanTree] {
        let roots = graph.nodes.filter { graph.consumers(of: $0.id).isEmpty }
        return roots.map { tree($0.id) }
    }

    public func render() -> String { trees().map { $0.render() }.joined(separator: "\n") }

    public func tree(_ id: Int) -> PlanTree {
        guard let node = graph.node(id) else { return PlanTree(label: "?") }
        let inputs = node.inputs.compactMap { graph.node($0) }
        let inputNames = inputs.first?.schema.names ?? []
        var label = node.spec.kindName
        var details: [String] = []
        switch node.spec {
        case .source(let s):
            label += " " + s.name
            let reads = "reads [" + s.fields.map(\.name).joined(separator: ", ") + "]"
            details.append(s.connector == "none" ? "events given inline · \(reads)" : "\(s.connector) \(shorten(s.path)) · \(s.format) · \(reads)")
            if let wm = s.watermark {
                let column = s.fields[wm.column].name
                details.append("watermark \(column)" + (wm.delayMillis > 0 ? " - \(Intervals.format(wm.delayMillis))" : ""))
            }
        case .filter(let predicate):
            details.append(ExprRenderer(columnNames: inputNames).render(predicate))
        case .calc(let predicate, let exprs):
            let renderer = ExprRenderer(columnNames: inputNames)
            if let p = predicate { details.append("where " + renderer.render(p)) }
            details.append(
                "select " + zip(exprs, node.schema.names).map { e, name in
                    let text = renderer.render(e)
                    return text == name ? text : "\(text) AS \(name)"
                }.joined(separator: ", "))
        case .project(let exprs):
            let renderer = ExprRenderer(columnNames: inputNames)
            details.append(
                zip(exprs, node.schema.names).map { e, name in
                    let text = renderer.render(e)
                    return text == name ? text : "\(text) AS \(name)"
                }.joined(separator: ", "))
        case .windowAggregate(let spec), .localWindowAggregate(let spec):
            let keys = spec.keyColumns.map { inputNames[$0] }
            let aggregateNames = node.schema.names.suffix(spec.aggregates.count)
            let aggs = zip(spec.aggregates, aggregateNames).map { call, name in
                let text = call.describe(inputNames: inputNames)
                return text == name ? text : "\(text) AS \(name)"
            }
            var first = spec.windowColumns == nil
                ? spec.window.describe(timeColumn: inputNames[spec.timeColumn]) : "combines partial results per window"
            if !keys.isEmpty { first += " · group [" + keys.joined(separator: ", ") + "]" }
            if !aggs.isEmpty { first += " · " + aggs.joined(separator: ", ") }
            details.append(first)
            let per = keys.isEmpty ? "per window" : "per \(keys.joined(separator: ", ")) and window"
            if case .localWindowAggregate = node.spec {
                details.append("state: none between batches; partial results go to the worker owning their key")
            } else {
                details.append("state: \(per), freed by the watermark")
            }
        case .groupAggregate(let spec):
            let aggregateNames = Array(node.schema.names.suffix(spec.aggregates.count))
            details.append(GroupAggregateText.summary(spec, inputNames: inputNames, aggregateNames: aggregateNames))
            details.append(GroupAggregateText.state(spec, inputNames: inputNames))
        case .windowAssign(let window, let t):
            details.append(window.describe(timeColumn: t < inputNames.count ? inputNames[t] : "$\(t)") + " · adds window_start, window_end, window_time")
        case .union:
            details.append("\(node.inputs.count) inputs · \(node.changelog.rawValue)")
        case .join(let j):
            let leftNames = inputs.first?.schema.names ?? []
            let rightNames = inputs.count > 1 ? inputs[1].schema.names : []
            details += JoinText.describe(j, leftNames: leftNames, rightNames: rightNames, output: node.schema.names)
        case .topN(let t):
            details += TopNText.describe(t, inputNames: inputNames)
        case .sink(let s):
            label += " " + s.name
            switch s.target {
            case .stdout: details.append("stdout · \(node.changelog.rawValue)")
            case .collect(let name): details.append("collected as '\(name)' · \(node.changelog.rawValue)")
            case .file(let path, let format): details.append("file \(shorten(path)) · \(format) · \(node.changelog.rawValue)")
            case .database(let t):
                let place = t.system == .sqlite ? shorten(t.location) : DatabaseText.withoutPassword(t.location)
                let mode = t.primaryKey.isEmpty ? "appends" : "upserts by (\(t.primaryKey.joined(separator: ", ")))"
                details.append("\(t.system.rawValue) \(place) · table \(t.table) · \(mode) · \(node.changelog.rawValue)")
            }
        }
        if graph.consumers(of: id).count > 1 { label += " (shared)" }
        if let note = annotations[id] { details.append(note) }
        return PlanTree(label: label, details: details, children: node.inputs.map { tree($0) })
    }

    private func shorten(_ path: String) -> String {
        guard !baseDirectory.isEmpty else { return path }
        let absolute = FileSystem.absolute(baseDirectory)
        let base = absolute.hasSuffix("/") ? absolute : absolute + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
