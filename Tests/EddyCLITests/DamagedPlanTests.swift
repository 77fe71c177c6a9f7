import Foundation
import Testing

/// A hand-edited plan file is checked as strictly as SQL is: each damage below once
/// crashed `eddy run --plan` or ran something absurd; now each is refused with a reason
/// and nothing runs.
@Suite("Damaged plan files")
struct DamagedPlanTests {
    static let script = """
        CREATE SOURCE w (k BIGINT, s VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'file', 'path' = 'w.jsonl', 'format' = 'json');
        SET 'state.ttl' = '1h';
        SELECT k, window_start, SUM(k) AS total FROM TUMBLE(w, ts, INTERVAL '5' SECOND)
        WHERE s LIKE 'a%' GROUP BY k, window_start, window_end;
        """

    /// A step into the plan's JSON: a key of an object, or the node whose spec has a key.
    enum Step {
        case key(String)
        case index(Int)
        /// The first node whose `spec` holds this operator kind.
        case node(String)
    }

    static func edit(_ value: Any, _ path: [Step], _ change: (Any) -> Any) -> Any {
        guard let step = path.first else { return change(value) }
        let rest = Array(path.dropFirst())
        switch step {
        case .key(let k):
            guard var object = value as? [String: Any], let inner = object[k] else { return value }
            object[k] = edit(inner, rest, change)
            return object
        case .index(let i):
            guard var array = value as? [Any], i < array.count else { return value }
            array[i] = edit(array[i], rest, change)
            return array
        case .node(let kind):
            guard var object = value as? [String: Any], var nodes = object["nodes"] as? [Any],
                let i = nodes.firstIndex(where: { (($0 as? [String: Any])?["spec"] as? [String: Any])?[kind] != nil })
            else { return value }
            nodes[i] = edit(nodes[i], [.key("spec"), .key(kind)] + rest, change)
            object["nodes"] = nodes
            return object
        }
    }

    static var damages: [(String, [Step], (Any) -> Any, String)] { [
        ("watermark column 99", [.node("source"), .key("watermark"), .key("column")], { _ in 99 }, "reads column 99"),
        ("watermark on a VARCHAR", [.node("source"), .key("watermark"), .key("column")], { _ in 1 }, "as TIMESTAMP(3), but it is VARCHAR"),
        ("negative watermark delay", [.node("source"), .key("watermark"), .key("delayMillis")], { _ in -5 }, "watermark delay of -5 ms"),
        ("window size 0", [.node("windowAggregate"), .key("window"), .key("tumble"), .key("size")], { _ in 0 }, "window size of 0 ms"),
        ("negative window size", [.node("windowAggregate"), .key("window"), .key("tumble"), .key("size")], { _ in -10 }, "window size of -10 ms"),
        ("a HOP with slide 0", [.node("windowAggregate"), .key("window")], { _ in ["hop": ["slide": 0, "size": 5000]] }, "window slide of 0 ms"),
        ("100,000 key columns", [.node("windowAggregate"), .key("keyColumns")], { _ in [Int](repeating: 0, count: 100_000) }, "at most 32 are allowed"),
        ("no aggregates", [.node("windowAggregate"), .key("aggregates")], { _ in [Any]() }, "do not match its schema"),
        ("SUM over VARCHAR", [.node("windowAggregate"), .key("aggregates"), .index(0), .key("resultType")], { _ in "varchar" }, "computes SUM of a BIGINT column as VARCHAR"),
        ("no source fields", [.node("source"), .key("fields")], { _ in [Any]() }, "reads column 2 of an input with 0 columns"),
        ("LIKE with 1 argument", [.node("calc"), .key("predicate"), .key("call"), .key("args")], { args in [(args as? [Any])?.first ?? 0] }, "calls LIKE with 1 arguments"),
        ("LIKE with 0 arguments", [.node("calc"), .key("predicate"), .key("call"), .key("args")], { _ in [Any]() }, "calls LIKE with 0 arguments"),
        ("connector 'kafka'", [.node("source"), .key("connector")], { _ in "kafka" }, "uses connector 'kafka'"),
        ("state.ttl 'banana'", [.key("settings"), .key("state.ttl")], { _ in "banana" }, "'banana' is not a duration"),
        ("parallelism 10000", [.key("settings")], { _ in ["parallelism": "10000"] }, "from 1 to 256"),
    ] }

    @Test func everyDamageIsRefusedWithAReason() throws {
        let f = try ShellFixture()
        try f.write("w.jsonl", "{\"k\": 1, \"s\": \"a\", \"ts\": 1000}\n")
        try f.write("job.sql", Self.script)
        let compiled = try f.runPiped("", arguments: ["compile", f.path("job.sql"), "-o", f.path("plan.json")])
        #expect(compiled.status == 0, "\(compiled.err)")
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("plan.json"))))
        let intact = try f.runPiped("", arguments: ["run", "--plan", f.path("plan.json"), "-q"])
        #expect(intact.status == 0, "\(intact.err)")
        for (name, path, change, message) in Self.damages {
            let damaged = Self.edit(plan, path, change)
            #expect(!NSDictionary(dictionary: damaged as? [String: Any] ?? [:]).isEqual(to: plan as? [String: Any] ?? [:]), "\(name): the edit changed nothing")
            try JSONSerialization.data(withJSONObject: damaged).write(to: URL(fileURLWithPath: f.path("bad.json")))
            let run = try f.runPiped("", arguments: ["run", "--plan", f.path("bad.json")])
            #expect(run.status == 1, "\(name)")
            #expect(run.out == "", "\(name)")
            #expect(run.err.contains("bad.json is a damaged plan") && run.err.contains(message), "\(name): \(run.err)")
        }
    }
}
