import EddyCore
import EddyPlanner
import EddySQL

/// The text of `EXPLAIN [LOGICAL | PHYSICAL] [VERBOSE] query`.
public struct Explainer {
    let session: Session
    let source: SourceText

    func explain(_ e: Explain) throws -> String {
        var analyzer = Analyzer(catalog: session.catalog, source: source)
        let plan: LogicalPlan
        switch e.target {
        case .query(let q):
            let inner = try analyzer.planQuery(q)
            plan = .sink(SinkSpec(name: "query", target: .stdout(query: 1)), description: "stdout", input: inner)
        case .insert(let insert):
            plan = try analyzer.planInsert(into: insert.target, query: insert.query)
        }
        let (optimized, steps) = Optimizer().optimizeWithTrace(plan)
        switch e.mode {
        case .logical:
            var text = LogicalExplain.render(optimized)
            if e.verbose { text = verboseTrace(plan, steps) + text }
            return text
        case .analyze:
            let graph = try PhysicalPlanner.plan([optimized], settings: session.catalog.settings)
            let outcome = try JobExecutor.run(graph, measureTime: true)
            return Self.analyzed(graph, outcome, baseDirectory: session.catalog.baseDirectory)
        case .default, .physical:
            let graph = try PhysicalPlanner.plan([optimized], settings: session.catalog.settings)
            var text = PhysicalExplain(graph: graph, baseDirectory: session.catalog.baseDirectory).render()
            if e.verbose { text = verboseTrace(plan, steps) + text }
            return text
        }
    }

    /// The plan with what each operator did: rows in and out, time, peak state, late rows.
    public static func analyzed(_ graph: JobGraph, _ outcome: JobOutcome, baseDirectory: String) -> String {
        var explain = PhysicalExplain(graph: graph, baseDirectory: baseDirectory)
        for node in graph.nodes {
            guard let m = outcome.metrics[node.id] else { continue }
            var parts: [String]
            if case .source = node.spec {
                parts = ["read \(Count.grouped(m.rowsOut)) rows"]
            } else {
                parts = ["rows \(Count.grouped(m.rowsIn)) → \(Count.grouped(m.rowsOut))"]
                parts.append(Count.duration(nanos: m.nanos))
            }
            if m.peakState > 0 { parts.append("peak state \(Count.grouped(m.peakState))") }
            if m.lateRowsDropped > 0 { parts.append("\(Count.grouped(m.lateRowsDropped)) late dropped") }
            if m.stateExpired > 0 { parts.append("\(Count.grouped(m.stateExpired)) keys expired") }
            explain.annotations[node.id] = "analyzed: " + parts.joined(separator: " · ")
        }
        let s = outcome.summary
        return explain.render() + "\nran \(Count.duration(seconds: s.elapsedSeconds)) · \(Count.grouped(s.eventsRead)) events read\n"
    }

    private func verboseTrace(_ initial: LogicalPlan, _ steps: [Optimizer.Step]) -> String {
        var text = "-- analyzed plan\n" + LogicalExplain.render(initial)
        for step in steps {
            text += "-- after \(step.rule)\n" + LogicalExplain.render(step.after)
        }
        return text + "-- physical plan\n"
    }
}
