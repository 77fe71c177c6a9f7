import EddyCore
import EddyPlanner
import EddySQL

/// The state of a script or REPL session: the catalog of declared names and settings, and
/// the execution of statements against it. A statement that fails leaves the catalog as
/// it was.
public final class Session {
    public private(set) var catalog: Catalog
    private var selectCount = 0
    /// What `EXPLAIN` shows: Eddy's plan, or the statement in Flink SQL (the shell's
    /// `\target flink`).
    public var explainTarget: ExplainTarget = .eddy
    /// How EXPLAIN writes sources when the target is Flink.
    public var flinkOptions = FlinkExportOptions()

    /// The engine `EXPLAIN` explains for.
    public enum ExplainTarget: String, Sendable, CaseIterable {
        case eddy, flink
    }

    public init(baseDirectory: String) {
        catalog = Catalog(baseDirectory: baseDirectory)
    }

    /// Executes one parsed statement of `source`.
    public func execute(_ statement: Statement, in source: SourceText) throws -> StatementOutcome {
        let analyzer = Analyzer(catalog: catalog, source: source)
        switch statement.kind {
        case .createSource(let def):
            if def.ifNotExists, catalog.lookup(def.name.name) != nil { return .catalogChanged("'\(def.name.name)' already exists") }
            let source = try analyzer.createSource(def)
            catalog.add(source)
            return .catalogChanged("created \(source.kind.rawValue.lowercased()) \(source.name)")
        case .createView(let def):
            if def.ifNotExists, catalog.lookup(def.name.name) != nil { return .catalogChanged("'\(def.name.name)' already exists") }
            let view = try analyzer.createView(def)
            catalog.add(view)
            return .catalogChanged("created \(view.materialized ? "materialized view" : "view") \(view.name)")
        case .createSink(let def):
            if def.ifNotExists, catalog.lookup(def.name.name) != nil { return .catalogChanged("'\(def.name.name)' already exists") }
            let sink = try analyzer.createSink(def)
            var query: PlannedQuery?
            switch def.input {
            case .none: break
            case .relation(let name):
                let q = Query(body: .select(Select(items: [.wildcard(qualifier: nil, span: name.span)], from: .named(name, alias: nil), span: name.span)), span: name.span)
                query = try plannedInsert(sink, q, analyzer: analyzer)
            case .query(let q):
                query = try plannedInsert(sink, q, analyzer: analyzer)
            }
            catalog.add(sink)
            if let query {
                adoptColumns(of: query.plan, intoSink: sink.name)
                return .query(query)
            }
            return .catalogChanged("created sink \(sink.name)")
        case .insert(let insert):
            let plan = try analyzer.planInsert(into: insert.target, query: insert.query)
            adoptColumns(of: plan, intoSink: insert.target.name)
            return .query(PlannedQuery(kind: .insert(sink: insert.target.name), plan: plan, span: statement.span))
        case .query(let q):
            var a = analyzer
            let plan = try a.planQuery(q)
            selectCount += 1
            let sink = SinkSpec(name: "query \(selectCount)", target: .stdout(query: selectCount))
            return .query(PlannedQuery(kind: .select(index: selectCount), plan: .sink(sink, description: "stdout", input: plan), span: statement.span))
        case .explain(let explain):
            if explainTarget == .flink, explain.mode != .analyze {
                return .text(try FlinkExport.explained(explain, session: self, source: source, span: statement.span))
            }
            return .text(try Explainer(session: self, source: source).explain(explain))
        case .show(let target, _):
            return .text(CatalogDescriber(catalog: catalog).show(target))
        case .describe(let name):
            return .text(try CatalogDescriber(catalog: catalog).describe(name))
        case .set(let key, let value):
            try SettingsValidator.validate(key: key, value: value, catalog: catalog)
            catalog.settings[key.value] = value.value
            return .setting(key: key.value, value: value.value)
        case .reset(let key):
            catalog.settings.removeValue(forKey: key.value)
            return .setting(key: key.value, value: nil)
        case .drop(let target, let name, let ifExists):
            guard catalog.lookup(name.name) != nil else {
                if ifExists { return .catalogChanged("'\(name.name)' does not exist") }
                throw Diagnostic.error(
                    "unknown \(target.rawValue.lowercased()) '\(name.name)'", at: name.span,
                    help: Suggestions.nearest(to: name.name, in: catalog.allNames).map { "did you mean '\($0)'?" })
            }
            catalog.remove(name.name)
            return .catalogChanged("dropped \(target.rawValue.lowercased()) \(name.name)")
        }
    }

    private func plannedInsert(_ sink: SinkDefinition, _ query: Query, analyzer: Analyzer) throws -> PlannedQuery {
        var a = analyzer
        a.catalog.add(sink)
        let plan = try a.planInsert(into: Identifier(sink.name, span: query.span), query: query)
        return PlannedQuery(kind: .insert(sink: sink.name), plan: plan, span: query.span)
    }

    /// A sink declared without columns takes those of the first query written into it, so
    /// that every later INSERT must match them (their rows end up in one file).
    private func adoptColumns(of plan: LogicalPlan, intoSink name: String) {
        guard case .sink(_, _, let input) = plan else { return }
        catalog.adoptColumns(Schema(input.schema.fields.map { Field($0.name, $0.type) }), forSink: name)
    }

    /// Plans a query without running it (EXPLAIN, the REPL's completions).
    public func plan(_ query: Query, in source: SourceText) throws -> LogicalPlan {
        var a = Analyzer(catalog: catalog, source: source)
        return try a.planQuery(query)
    }

    /// Replaces the catalog (tests, the REPL restoring state after a failure).
    public func restore(_ catalog: Catalog) { self.catalog = catalog }
}
