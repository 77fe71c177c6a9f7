// Fuzz target: the SQL front end and everything after it. The input is a script: it is
// lexed and parsed (diagnostics rendered), every statement is analyzed in a session, the
// queries are optimized and planned into one JobGraph, which must validate and build a
// pipeline, and sample events run through it. Errors are Diagnostic values or thrown
// errors; a trap anywhere is a bug.
//
// A script that declares no source runs against a catalog with a few sources, a lookup
// table, a view and a sink already declared, so that short inputs reach the analyzer.

import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private let prelude = """
    CREATE SOURCE bids (auction BIGINT NOT NULL, bidder VARCHAR, price DOUBLE, qty BIGINT, ok BOOLEAN, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, PRIMARY KEY (auction) NOT ENFORCED)
      WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');
    CREATE SOURCE orders (id BIGINT, customer VARCHAR, amount DOUBLE, qty INT, note STRING, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
      WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json');
    CREATE SOURCE plain (k VARCHAR, v BIGINT, x DOUBLE, t TIMESTAMP(3))
      WITH ('connector' = 'file', 'path' = 'plain.jsonl', 'format' = 'json');
    CREATE TABLE customers (name VARCHAR, country VARCHAR, PRIMARY KEY (name) NOT ENFORCED)
      WITH ('connector' = 'file', 'path' = 'customers.jsonl', 'format' = 'json');
    CREATE VIEW spend AS SELECT bidder, COUNT(*) AS n, SUM(price) AS total FROM bids GROUP BY bidder;
    CREATE SINK out WITH ('connector' = 'file', 'path' = 'out.jsonl', 'format' = 'json');
    """

/// The catalog after the prelude (analyzed once).
private let preludeCatalog: Catalog = {
    do {
        return try ScriptRunner.prepare(SourceText(name: "prelude", text: prelude), baseDirectory: fuzzScratch).session.catalog
    } catch let e as ScriptDiagnostics {
        fatalError("the fuzz prelude does not analyze:\n\(e.render())")
    } catch {
        fatalError("the fuzz prelude does not analyze: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceText(name: "fuzz.sql", text: String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    let parsed = SQLParser.parseScript(source)
    let renderer = DiagnosticRenderer(useColor: false)
    for d in parsed.diagnostics { _ = renderer.render(d, in: source) }

    let declaresSources = parsed.statements.contains { if case .createSource = $0.kind { return true } else { return false } }
    let session = Session(baseDirectory: fuzzScratch)
    if !declaresSources { session.restore(preludeCatalog) }
    var queries: [PlannedQuery] = []
    for statement in parsed.statements {
        // EXPLAIN ANALYZE runs the job over its files: a script may name any file
        // (/dev/zero) and make a fuzz run hang. Analyzing and planning its query is done
        // by EXPLAIN PHYSICAL, which the fuzzer reaches with the same input.
        if case .explain(let e) = statement.kind, e.mode == .analyze { continue }
        do {
            switch try session.execute(statement, in: source) {
            case .query(let q): queries.append(q)
            case .text, .catalogChanged, .setting: break
            }
        } catch let d as Diagnostic {
            _ = renderer.render(d, in: source)
        } catch {
            _ = "\(error)"
        }
    }
    guard !queries.isEmpty else { return 0 }
    for q in queries { _ = LogicalExplain.render(q.plan) }

    let graph: JobGraph
    do {
        graph = try JobCompiler.compile(queries, settings: session.catalog.settings)
    } catch {
        return 0
    }
    // The planner only makes graphs that validate and that the runtime builds.
    do {
        try graph.validate()
    } catch {
        fatalError("the planner made a plan that does not validate: \(error.message)\n\(PhysicalExplain(graph: graph, baseDirectory: "").render())")
    }
    _ = PhysicalExplain(graph: graph, baseDirectory: fuzzScratch).render()
    let pipeline: Pipeline
    do {
        pipeline = try collectingPipeline(graph)
    } catch {
        fatalError("the runtime refused a plan the planner made: \(error)\n\(PhysicalExplain(graph: graph, baseDirectory: "").render())")
    }
    try? drive(pipeline, seed: size)
    return 0
}

// MARK: - Seeds

/// The examples' scripts whole, and every statement and query of the conformance tests
/// preceded by the statements that declared what it reads.
func fuzzSeeds(repo: String) -> [(String, [UInt8])] {
    [("prelude", Array(prelude.utf8))] + repoScripts(repo: repo).map { ($0.name, Array($0.text.utf8)) }
}

func fuzzDictionary() -> [String] {
    var words = Keyword.allCases.map(\.rawValue) + ScalarFunction.allCases.map(\.rawValue)
    words += [
        "(", ")", ",", ";", ".", "*", "'", "\"", "`", "--", "/*", "*/", "||", "<>", "<=", ">=", "!=", "=", "::",
        "COUNT", "SUM", "MIN", "MAX", "AVG", "ROW_NUMBER() OVER (", "window_start", "window_end", "window_time",
        "BIGINT", "INT", "DOUBLE", "VARCHAR", "STRING", "BOOLEAN", "TIMESTAMP(3)", "DECIMAL(10, 2)", "INTERVAL",
        "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "YEAR", "INTERVAL '1' SECOND", "INTERVAL '10' MINUTE",
        "TIMESTAMP '2024-01-01 00:00:00'", "DESCRIPTOR(ts)", "TABLE bids", "TUMBLE(bids, ts, INTERVAL '10' SECOND)",
        "'connector' = 'file'", "'path' = 'x.jsonl'", "'format' = 'json'", "'on_error' = 'skip'", "'follow' = 'true'",
        "'late.output' = 'late.jsonl'", "'dead_letter.path' = 'dead.jsonl'", "'state.ttl'", "'checkpoint.interval'",
        "'parallelism'", "'1 h'", "NOT ENFORCED", "FOR SYSTEM_TIME AS OF", "9223372036854775807", "-9223372036854775808",
        "1e308", "bids", "orders", "plain", "customers", "spend", "out", "auction", "bidder", "price", "qty", "ok", "ts",
    ]
    return words
}
