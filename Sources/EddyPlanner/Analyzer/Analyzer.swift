import EddyCore
import EddySQL

/// Checks statements against the catalog and turns them into definitions and typed
/// logical plans. Every mistake is a `Diagnostic` pointing at the text.
public struct Analyzer {
    public var catalog: Catalog
    /// The text being analyzed, to keep with views for later diagnostics.
    public let source: SourceText
    /// Common table expressions visible in the query being planned.
    var ctes: [String: (query: Query, columnNames: [String])] = [:]
    /// Planning a FROM subquery, whose ROW_NUMBER the query around it may limit.
    var allowOpenTopN = false

    public init(catalog: Catalog, source: SourceText) {
        self.catalog = catalog
        self.source = source
    }

    // MARK: - DDL

    public func createSource(_ def: CreateSource) throws -> SourceDefinition {
        if catalog.lookup(def.name.name) != nil && !def.ifNotExists {
            throw Diagnostic.error(
                "'\(def.name.name)' already exists", at: def.name.span,
                help: "choose another name, or DROP it first")
        }
        guard !def.columns.isEmpty else {
            throw Diagnostic.error("a \(def.kind.rawValue.lowercased()) needs at least one column", at: def.name.span)
        }
        var fields: [Field] = []
        for column in def.columns {
            if fields.contains(where: { $0.name.lowercased() == column.name.name.lowercased() }) {
                throw Diagnostic.error("column '\(column.name.name)' is declared twice", at: column.name.span)
            }
            fields.append(Field(column.name.name, try TypeResolver.resolve(column.type), nullable: !column.notNull))
        }
        let schema = Schema(fields)
        var watermark: WatermarkSpec?
        if let wm = def.watermark {
            watermark = try watermarkSpec(wm, schema: schema, sourceName: def.name.name)
        }
        let scope = Scope(schema: schema, qualifier: def.name.name, description: "\(def.kind.rawValue.lowercased()) '\(def.name.name)'")
        let primaryKey = try def.primaryKey.map { try scope.resolve([$0]) }
        let connector = try ConnectorOptionsParser.parse(
            def.options, catalog: catalog, role: .source, statementSpan: def.name.span, columns: schema.names)
        let kind: SourceDefinition.Kind = def.kind == .table ? .table : .source
        return SourceDefinition(
            name: def.name.name, kind: kind, schema: schema, watermark: watermark, primaryKey: primaryKey, connector: connector)
    }

    /// `WATERMARK FOR ts AS ts - INTERVAL 'n' UNIT` (or `AS ts`).
    private func watermarkSpec(_ wm: WatermarkDefinition, schema: Schema, sourceName: String) throws -> WatermarkSpec {
        let scope = Scope(schema: schema, qualifier: sourceName, description: "source '\(sourceName)'")
        let column = try scope.resolve([wm.column])
        guard schema.fields[column].type == .timestamp else {
            throw Diagnostic.error(
                "the WATERMARK column '\(wm.column.name)' is \(schema.fields[column].type.sqlName), not a timestamp",
                at: wm.column.span, help: "declare it as TIMESTAMP(3)")
        }
        let bound = try ExpressionBinder(scope: scope, clause: "WATERMARK").bind(wm.expression)
        let usage = "write WATERMARK FOR \(wm.column.name) AS \(wm.column.name) - INTERVAL '5' SECOND"
        switch bound {
        case .column(column, _):
            return WatermarkSpec(column: column, delayMillis: 0)
        case .call(.subtract, let args, _):
            guard args.count == 2, case .column(column, _) = args[0],
                case .literal(.interval(let delay), _) = args[1], delay >= 0
            else { break }
            return WatermarkSpec(column: column, delayMillis: delay)
        default:
            break
        }
        throw Diagnostic.error(
            "a watermark must be the column minus a constant interval", at: wm.expression.span, help: usage)
    }

    public func createView(_ def: CreateView) throws -> ViewDefinition {
        if catalog.lookup(def.name.name) != nil && !def.ifNotExists {
            throw Diagnostic.error("'\(def.name.name)' already exists", at: def.name.span, help: "choose another name, or DROP it first")
        }
        var analyzer = self
        let plan = try analyzer.planQuery(def.query)
        var names = plan.schema.names
        if !def.columnNames.isEmpty {
            guard def.columnNames.count == names.count else {
                throw Diagnostic.error(
                    "the view names \(def.columnNames.count) columns but its query has \(names.count)", at: def.name.span)
            }
            names = def.columnNames.map(\.name)
        }
        let schema = Schema(zip(plan.schema.fields, names).map { Field($1, $0.type, nullable: $0.nullable) })
        return ViewDefinition(
            name: def.name.name, materialized: def.materialized, query: def.query, source: source, columnNames: names,
            schema: schema, changelog: plan.changelog)
    }

    public func createSink(_ def: CreateSink) throws -> SinkDefinition {
        if catalog.lookup(def.name.name) != nil && !def.ifNotExists {
            throw Diagnostic.error("'\(def.name.name)' already exists", at: def.name.span, help: "choose another name, or DROP it first")
        }
        guard let connector = try ConnectorOptionsParser.parse(def.options, catalog: catalog, role: .sink, statementSpan: def.name.span) else {
            throw Diagnostic.error(
                "sink '\(def.name.name)' needs a connector", at: def.name.span,
                help: "add WITH ('connector' = 'file', 'path' = 'out/\(def.name.name).jsonl', 'format' = 'json')")
        }
        var schema: Schema?
        if !def.columns.isEmpty {
            schema = Schema(try def.columns.map { Field($0.name.name, try TypeResolver.resolve($0.type), nullable: !$0.notNull) })
        }
        return SinkDefinition(name: def.name.name, connector: connector, schema: schema, primaryKey: def.primaryKey.map(\.name))
    }

    /// The plan of `INSERT INTO sink query`, ending in the sink.
    public func planInsert(into sinkName: Identifier, query: Query) throws -> LogicalPlan {
        guard let sink = catalog.sinks[sinkName.name.lowercased()] else {
            let help = Suggestions.nearest(to: sinkName.name, in: Array(catalog.sinks.values.map(\.name)))
                .map { "did you mean '\($0)'?" } ?? "declare it with CREATE SINK \(sinkName.name) WITH (...)"
            throw Diagnostic.error("unknown sink '\(sinkName.name)'", at: sinkName.span, help: help)
        }
        var analyzer = self
        var plan = try analyzer.planQuery(query)
        if let declared = sink.schema {
            plan = try conform(plan, to: declared, sink: sink.name, span: query.span)
        }
        try checkDatabaseSink(plan, sink, span: query.span)
        return Self.sinkPlan(plan, sink: sink)
    }

    /// Wraps a plan in the sink a definition describes.
    static func sinkPlan(_ plan: LogicalPlan, sink: SinkDefinition) -> LogicalPlan {
        let c = sink.connector
        if let table = c.table {
            let target = DatabaseTable(
                system: c.url == nil ? .sqlite : .postgres, location: c.url ?? c.path, table: table, primaryKey: sink.upsertKey,
                maxRetries: c.maxRetries, queryTimeoutMillis: c.queryTimeoutMillis)
            return .sink(SinkSpec(name: sink.name, target: .database(target)), description: "\(c.connector) \(c.displayPath) · table \(table)", input: plan)
        }
        var spec = SinkSpec(name: sink.name, target: .file(path: c.path, format: c.format))
        spec.csv = c.csv
        return .sink(spec, description: "\(c.connector) \(c.displayPath) · \(c.format)", input: plan)
    }

    /// A database sink's refusals: an updating result into a table without a primary key
    /// (appends cannot take rows back), a key that is not among the result's columns.
    private func checkDatabaseSink(_ plan: LogicalPlan, _ sink: SinkDefinition, span: Span) throws {
        guard sink.connector.table != nil else { return }
        let key = sink.upsertKey
        if key.isEmpty && plan.changelog == .updates {
            throw Diagnostic.error(
                "this query emits updates, but sink '\(sink.name)' appends rows", at: span,
                help: "give the sink a 'primary-key' (its table is then kept by upserts and deletes), or window the aggregation")
        }
        let names = plan.schema.names.map { $0.lowercased() }
        if let missing = key.first(where: { !names.contains($0.lowercased()) }) {
            throw Diagnostic.error(
                "the primary key column '\(missing)' of sink '\(sink.name)' is not a column of the query", at: span,
                help: "columns: " + plan.schema.names.joined(separator: ", "))
        }
    }

    /// Checks an inserted query against a sink's declared columns, casting numbers.
    private func conform(_ plan: LogicalPlan, to schema: Schema, sink: String, span: Span) throws -> LogicalPlan {
        let fields = plan.schema.fields
        guard fields.count == schema.count else {
            throw Diagnostic.error(
                "sink '\(sink)' has \(schema.count) columns but the query gives \(fields.count)", at: span,
                help: "sink columns: " + schema.names.joined(separator: ", "))
        }
        var exprs: [ScalarExpr] = []
        for (i, target) in schema.fields.enumerated() {
            let column = ScalarExpr.column(index: i, type: fields[i].type)
            if fields[i].type == target.type || fields[i].type == .null {
                exprs.append(ExpressionBinder.coerce(column, to: target.type))
            } else if fields[i].type == .bigint && target.type == .double {
                exprs.append(.cast(column, to: .double))
            } else {
                throw Diagnostic.error(
                    "column \(i + 1) ('\(fields[i].name)') is \(fields[i].type.sqlName) but sink '\(sink)' expects \(target.type.sqlName) for '\(target.name)'",
                    at: span, help: "CAST it in the query")
            }
        }
        return .project(exprs, names: schema.names, input: plan)
    }
}
