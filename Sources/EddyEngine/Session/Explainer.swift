import EddyCore
import EddyPlanner
import EddySQL

/// The text of `EXPLAIN [LOGICAL | PHYSICAL] [VERBOSE] query`.
struct Explainer {
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
        case .default, .physical, .analyze:
            let graph = try PhysicalPlanner.plan([optimized], settings: session.catalog.settings)
            var text = PhysicalExplain(graph: graph, baseDirectory: session.catalog.baseDirectory).render()
            if e.verbose { text = verboseTrace(plan, steps) + text }
            return text
        }
    }

    private func verboseTrace(_ initial: LogicalPlan, _ steps: [Optimizer.Step]) -> String {
        var text = "-- analyzed plan\n" + LogicalExplain.render(initial)
        for step in steps {
            text += "-- after \(step.rule)\n" + LogicalExplain.render(step.after)
        }
        return text + "-- physical plan\n"
    }
}
