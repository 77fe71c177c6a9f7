import EddyCore
import EddyPlanner
import EddyRuntime
import EddySQL

/// The state of one running test file: the session, the input given so far, and the
/// live job that maintains every view and sink the file declared.
final class TestContext {
    struct Outcome {
        /// The actual block (for comparison and --complete), if the record has one.
        var actual: [String]?
        var failure: String?
    }

    let session: Session
    var log = InputLog()
    /// Views and sinks kept up to date, by name.
    var live: [(name: String, plan: LogicalPlan)] = []
    var pipeline: Pipeline?
    var collectors: [String: CollectSink] = [:]
    var needsRebuild = false
    /// How many rows of each view's output `changes` has already shown.
    var reported: [String: Int] = [:]
    /// The last checkpoint of the live job, and whether the job has crashed since.
    var lastCheckpoint: TestCheckpoint?
    var crashed = false
    /// What each view had emitted when the job crashed.
    var beforeCrash: [String: (rows: [[Value]], kinds: [RowKind])] = [:]

    init(baseDirectory: String) {
        session = Session(baseDirectory: baseDirectory)
    }

    func execute(_ record: TestRecord) -> Outcome {
        do {
            switch record.kind {
            case .statementOK: return try statement(record, expectError: false)
            case .statementError: return try statement(record, expectError: true)
            case .events(let source): return try events(source, record)
            case .watermark(let source, let text):
                guard let ms = Timestamps.parse(text) ?? Int64(text) else {
                    return Outcome(failure: "'\(text)' is not a timestamp")
                }
                if let unknown = unknownSource(source) { return unknown }
                return try input(.watermark(source: source, millis: ms))
            case .endOfInput(let source):
                if let source, let unknown = unknownSource(source) { return unknown }
                let names = source.map { [$0] } ?? session.catalog.sources.values.map(\.name)
                return try input(.end(sources: names))
            case .query(let types, let rowsort): return try query(record, types: types, rowsort: rowsort)
            case .changes(let view, let rowsort): return try changes(view, rowsort: rowsort, record)
            case .explain(let mode): return try explain(record, mode: mode)
            case .checkpoint: return try checkpoint()
            case .crash: return crash()
            case .restart(let parallelism): return try restart(parallelism: parallelism)
            }
        } catch let f as RunFailure {
            return Outcome(failure: f.message)
        } catch {
            return Outcome(failure: "\(error)")
        }
    }

    /// A failure naming a source the script never declared (nil if it did).
    private func unknownSource(_ name: String) -> Outcome? {
        guard session.catalog.sources[name.lowercased()] == nil else { return nil }
        let known = session.catalog.sources.values.map(\.name).sorted()
        return Outcome(failure: "unknown source '\(name)'" + (known.isEmpty ? "" : " (sources: \(known.joined(separator: ", ")))"))
    }

    // MARK: - Statements

    private func statement(_ record: TestRecord, expectError: Bool) throws -> Outcome {
        let source = SourceText(name: "statement", text: record.body.joined(separator: "\n"))
        do {
            let statement = try SQLParser.parseStatement(source)
            let outcome = try session.execute(statement, in: source)
            try registerLive(statement, outcome, source: source)
        } catch {
            let diagnostic = (error as? Diagnostic) ?? (error as? DiagnosticList)?.diagnostics.first
            guard expectError else {
                let text = diagnostic.map { DiagnosticRenderer().render($0, in: source) } ?? "\(error)"
                return Outcome(failure: "statement failed:\n" + text)
            }
            let actual = diagnostic.map { d -> String in
                let loc = source.location(of: d.span.start)
                return "\(loc.line):\(loc.column): \(d.message)"
            } ?? "\(error)"
            guard let expected = record.expected else { return Outcome() }
            return Outcome(actual: [actual], failure: expected == [actual] ? nil : "a different error")
        }
        return Outcome(failure: expectError ? "statement succeeded but an error was expected" : nil)
    }

    /// Views, materialized views and inserts become part of the live job.
    private func registerLive(_ statement: Statement, _ outcome: StatementOutcome, source: SourceText) throws {
        switch (statement.kind, outcome) {
        case (.createView(let def), _):
            var analyzer = Analyzer(catalog: session.catalog, source: source)
            let plan = try analyzer.planQuery(def.query)
            addLive(def.name.name, plan)
        case (_, .query(let q)):
            guard case .sink(let spec, _, let input) = q.plan else { return }
            if case .select = q.kind { return }  // a bare SELECT in a statement record runs nowhere
            addLive(spec.name, input)
        default:
            break
        }
    }

    private func addLive(_ name: String, _ plan: LogicalPlan) {
        let sink = SinkSpec(name: name, target: .collect(name: name.lowercased()))
        live.append((name, .sink(sink, description: "collected", input: plan)))
        needsRebuild = true
    }

    // MARK: - Input

    private func events(_ source: String, _ record: TestRecord) throws -> Outcome {
        if let unknown = unknownSource(source) { return unknown }
        guard let def = session.catalog.sources[source.lowercased()] else { return Outcome(failure: "unknown source '\(source)'") }
        _ = try InputLog.decode(record.body, fields: def.schema.fields)  // report bad events here
        return try input(.events(source: source, lines: record.body))
    }

    private func input(_ step: InputLog.Step) throws -> Outcome {
        log.append(step)
        if let pipeline, !needsRebuild { try InputLog.apply(step, to: pipeline) }
        return Outcome()
    }

    // MARK: - Results

    func rebuildIfNeeded() throws {
        if crashed { throw RunFailure("the job has crashed: restart it first") }
        guard needsRebuild || pipeline == nil else { return }
        let (p, made) = try makePipeline()
        try log.replay(into: p)
        collectors = made
        pipeline = p
        needsRebuild = false
        lastCheckpoint = nil  // a checkpoint of another job cannot be restored into this one
    }

    /// A fresh pipeline for the live views and sinks, with a collector per name.
    func makePipeline() throws -> (Pipeline, [String: CollectSink]) {
        let graph = try JobCompiler.compile(live.map { PlannedQuery(kind: .insert(sink: $0.name), plan: $0.plan, span: .empty) })
        var made: [String: CollectSink] = [:]
        let p = try Pipeline(graph: graph) { spec, schema, _ in
            if case .collect(let name) = spec.target, let existing = made[name] { return existing }
            let sink = CollectSink(schema: schema)
            if case .collect(let name) = spec.target { made[name] = sink }
            return sink
        }
        return (p, made)
    }

    private func changes(_ view: String, rowsort: Bool, _ record: TestRecord) throws -> Outcome {
        let key = view.lowercased()
        guard live.contains(where: { $0.name.lowercased() == key }) else {
            return Outcome(failure: "'\(view)' is not a view or sink of this test")
        }
        try rebuildIfNeeded()
        guard let sink = collectors[key] else { return Outcome(actual: [], failure: nil) }
        let start = min(reported[key] ?? 0, sink.rows.count)
        var lines = (start..<sink.rows.count).map { i in
            ([sink.kinds[i].symbol] + sink.rows[i].map(Self.text)).joined(separator: " ")
        }
        reported[key] = sink.rows.count
        if rowsort { lines.sort() }
        return compare(lines, record)
    }

    private func query(_ record: TestRecord, types: String, rowsort: Bool) throws -> Outcome {
        let source = SourceText(name: "query", text: record.body.joined(separator: "\n"))
        let statement: Statement
        do {
            statement = try SQLParser.parseStatement(source)
        } catch {
            return Outcome(failure: "query does not parse: \(Self.describe(error, source))")
        }
        guard case .query(let q) = statement.kind else { return Outcome(failure: "a query record needs a SELECT") }
        let plan: LogicalPlan
        do {
            plan = try session.plan(q, in: source)
        } catch {
            return Outcome(failure: "query failed: \(Self.describe(error, source))")
        }
        guard plan.schema.count == types.count else {
            return Outcome(failure: "the query has \(plan.schema.count) columns but the header gives \(types.count) types")
        }
        let sinkSpec = SinkSpec(name: "query", target: .collect(name: "query"))
        let graph = try JobCompiler.compile([PlannedQuery(kind: .select(index: 1), plan: .sink(sinkSpec, description: "", input: plan), span: .empty)])
        var sink: CollectSink?
        let p = try Pipeline(graph: graph) { _, schema, _ in
            let s = CollectSink(schema: schema)
            sink = s
            return s
        }
        try log.replay(into: p)
        var table = MaterializedTable()
        if let sink { table.apply(rows: sink.rows, kinds: sink.kinds) }
        var lines = table.rows.map { $0.map(Self.text).joined(separator: " ") }
        if rowsort { lines.sort() }
        return compare(lines, record)
    }

    private func explain(_ record: TestRecord, mode: String) throws -> Outcome {
        let prefix = mode == "physical" ? "EXPLAIN " : "EXPLAIN \(mode.uppercased()) "
        let source = SourceText(name: "explain", text: prefix + record.body.joined(separator: "\n"))
        let statement: Statement
        do {
            statement = try SQLParser.parseStatement(source)
        } catch {
            return Outcome(failure: "explain does not parse: \(Self.describe(error, source))")
        }
        do {
            guard case .text(let text) = try session.execute(statement, in: source) else {
                return Outcome(failure: "not an EXPLAIN")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last == "" { lines.removeLast() }
            return compare(lines, record)
        } catch {
            return Outcome(failure: "explain failed: \(Self.describe(error, source))")
        }
    }

    private func compare(_ actual: [String], _ record: TestRecord) -> Outcome {
        let expected = (record.expected ?? []).map { $0.trailingSpacesTrimmed() }
        let got = actual.map { $0.trailingSpacesTrimmed() }
        return Outcome(actual: actual, failure: expected == got ? nil : "results differ")
    }

    private static func describe(_ error: Error, _ source: SourceText) -> String {
        if let d = error as? Diagnostic { return DiagnosticRenderer().renderShort(d, in: source) }
        if let l = error as? DiagnosticList, let d = l.diagnostics.first { return DiagnosticRenderer().renderShort(d, in: source) }
        return "\(error)"
    }

    /// A value as a test shows it: sqllogictest's `(empty)` for an empty string.
    static func text(_ v: Value) -> String {
        if case .string(let s) = v, s.isEmpty { return "(empty)" }
        return v.displayText
    }
}

extension String {
    func trailingSpacesTrimmed() -> String {
        var s = self
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
