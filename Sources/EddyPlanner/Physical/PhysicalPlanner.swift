import EddyCore

/// Turns the optimized logical plans of a script into one JobGraph. The result is a DAG,
/// not a forest: each source is read once, with the union of the fields every query
/// needs, and identical operators over identical inputs are built once and shared.
public struct PhysicalPlanner {
    private var nodes: [JobNode] = []
    private var index: [NodeIdentity: Int] = [:]
    /// For each source name, the source columns its shared scan decodes.
    private var scanColumns: [String: [Int]] = [:]
    /// `SET 'table.exec.source.idle-timeout'`: the idle timeout of sources without their own.
    private var defaultIdleTimeout: Int64?

    private struct NodeIdentity: Hashable {
        var spec: OperatorSpec
        var inputs: [Int]
        var names: [String]
    }

    public init() {}

    /// The workers a job is planned for: `SET 'parallelism'` (or Flink's
    /// 'parallelism.default'); 1 if unset.
    public static func parallelism(_ settings: [String: String]) -> Int {
        let n = (settings["parallelism"] ?? settings["parallelism.default"]).flatMap { Int($0.trimmingWhitespace()) } ?? 1
        return min(max(n, 1), JobSettings.maxParallelism)
    }

    /// Plans several queries (each ending in a sink) into one graph.
    public static func plan(_ plans: [LogicalPlan], settings: [String: String] = [:]) throws -> JobGraph {
        var planner = PhysicalPlanner()
        planner.defaultIdleTimeout = settings["table.exec.source.idle-timeout"].flatMap(Intervals.parseDuration).flatMap { $0 > 0 ? $0 : nil }
        let plans = mergeInsertsIntoOneSink(plans)
        for plan in plans { planner.collectScans(plan) }
        for plan in plans { _ = try planner.add(plan) }
        var graph = JobGraph(nodes: planner.nodes, settings: settings)
        if parallelism(settings) > 1 { graph = TwoPhaseAggregation.apply(graph) }
        return StatelessFusion.fuse(graph)
    }

    /// Several queries writing into one file sink become one sink over their union (as
    /// Flink's STATEMENT SET): one writer owns the file, so no query's rows overwrite
    /// another's, and with checkpoints one transaction commits them all. The merged sink
    /// takes the place of the first query that writes into it.
    static func mergeInsertsIntoOneSink(_ plans: [LogicalPlan]) -> [LogicalPlan] {
        var inputsBySink: [String: [LogicalPlan]] = [:]
        for case .sink(let spec, _, let input) in plans {
            if case .file = spec.target { inputsBySink[spec.name.lowercased(), default: []].append(input) }
        }
        var merged: [LogicalPlan] = []
        var placed: Set<String> = []
        for plan in plans {
            guard case .sink(let spec, let description, _) = plan, case .file = spec.target,
                let inputs = inputsBySink[spec.name.lowercased()], inputs.count > 1
            else {
                merged.append(plan)
                continue
            }
            if placed.insert(spec.name.lowercased()).inserted {
                merged.append(.sink(spec, description: description, input: .union(inputs)))
            }
        }
        return merged
    }

    private mutating func collectScans(_ plan: LogicalPlan) {
        if case .scan(let source, let columns) = plan {
            let key = source.name.lowercased()
            scanColumns[key] = Array(Set(scanColumns[key] ?? []).union(columns)).sorted()
        }
        plan.inputs.forEach { collectScans($0) }
    }

    private mutating func add(_ plan: LogicalPlan) throws -> Int {
        switch plan {
        case .scan(let source, let columns):
            let shared = scanColumns[source.name.lowercased()] ?? columns
            let id = try scanNode(source, shared)
            if shared == columns { return id }
            // This query reads fewer fields than the shared scan decodes: pick its own.
            let exprs = columns.map { c -> ScalarExpr in
                // The shared scan decodes the union of every query's columns.
                guard let i = shared.firstIndex(of: c) else { preconditionFailure("column \(c) is not in the shared scan of \(source.name)") }
                return .column(index: i, type: source.schema.fields[c].type)
            }
            let names = columns.map { source.schema.fields[$0].name }
            return intern(.project(expressions: exprs), inputs: [id], schema: plan.schema, changelog: .appendOnly, names: names)
        case .filter(let predicate, let input):
            let i = try add(input)
            return intern(.filter(predicate: predicate), inputs: [i], schema: plan.schema, changelog: plan.changelog)
        case .project(let exprs, _, let input):
            let i = try add(input)
            return intern(.project(expressions: exprs), inputs: [i], schema: plan.schema, changelog: plan.changelog)
        case .windowAggregate(let spec, _, _, let input):
            let i = try add(input)
            return intern(.windowAggregate(spec), inputs: [i], schema: plan.schema, changelog: .appendOnly)
        case .aggregate(let spec, _, _, let input):
            let i = try add(input)
            return intern(.groupAggregate(spec), inputs: [i], schema: plan.schema, changelog: .updates)
        case .windowAssign(let window, let t, let input):
            let i = try add(input)
            return intern(.windowAssign(window: window, timeColumn: t), inputs: [i], schema: plan.schema, changelog: plan.changelog)
        case .union(let inputs):
            let ids = try inputs.map { try add($0) }
            return intern(.union, inputs: ids, schema: plan.schema, changelog: plan.changelog)
        case .join(let spec, let left, let right):
            let l = try add(left)
            let r = try add(right)
            return intern(.join(spec), inputs: [l, r], schema: plan.schema, changelog: plan.changelog)
        case .topN(let spec, _, let input):
            let i = try add(input)
            return intern(.topN(spec), inputs: [i], schema: plan.schema, changelog: plan.changelog)
        case .sink(let spec, _, let input):
            let i = try add(input)
            return intern(.sink(spec), inputs: [i], schema: plan.schema, changelog: input.changelog)
        }
    }

    private mutating func scanNode(_ source: SourceDefinition, _ columns: [Int]) throws -> Int {
        let fields = columns.map { source.schema.fields[$0] }
        let watermark = source.watermark.flatMap { wm in
            columns.firstIndex(of: wm.column).map { WatermarkSpec(column: $0, delayMillis: wm.delayMillis) }
        }
        let c = source.connector
        var spec = SourceSpec(
            name: source.name, connector: c?.connector ?? "none", path: c?.path ?? "", format: c?.format ?? "json",
            onError: c?.onError ?? .fail, deadLetterPath: c?.deadLetterPath, follow: c?.follow ?? false, fields: fields,
            watermark: watermark)
        spec.isTable = source.kind == .table
        spec.maxLineBytes = c?.maxLineBytes
        spec.csv = c?.csv
        spec.idleTimeoutMillis = c?.idleTimeoutMillis ?? defaultIdleTimeout
        if var datagen = c?.datagen {
            datagen.fields = fields.map { c?.datagenFields[$0.name.lowercased()] ?? DataGenField() }
            spec.datagen = datagen
        }
        if c?.format == "csv" { spec.declaredPositions = columns }
        return intern(.source(spec), inputs: [], schema: Schema(fields), changelog: .appendOnly)
    }

    private mutating func intern(
        _ spec: OperatorSpec, inputs: [Int], schema: Schema, changelog: ChangelogMode, names: [String]? = nil
    ) -> Int {
        let identity = NodeIdentity(spec: spec, inputs: inputs, names: names ?? schema.names)
        if let existing = index[identity] { return existing }
        let id = nodes.count + 1
        nodes.append(JobNode(id: id, inputs: inputs, spec: spec, schema: schema, changelog: changelog))
        index[identity] = id
        return id
    }
}
