// Measures Eddy's throughput in events per second on generated JSON lines, one core,
// through the same code path as `eddy run` (parse, plan, decode, operators, file sink).
//
//     swift run -c release eddy-bench [events=5000000] [runs=3] [folder=.build-peers/bench]
//
// The generated log and the output go to the folder (git ignores .build*).
#if canImport(Glibc)
    import Glibc
#endif
import EddyEngine
import EddySQL

let arguments = CommandLine.arguments.dropFirst()
let eventCount = arguments.first.flatMap { Int($0) } ?? 5_000_000
let runs = arguments.dropFirst().first.flatMap { Int($0) } ?? 3
let folder = arguments.dropFirst(2).first ?? ".build-peers/bench"
mkdir(".build-peers", 0o755)
mkdir(folder, 0o755)
let dataPath = "\(folder)/events_\(eventCount).jsonl"

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

if access(dataPath, R_OK) != 0 {
    print("generating \(eventCount) events into \(dataPath) ...")
    var generator = EventGenerator()
    guard generator.write(count: eventCount, to: dataPath) else {
        print("cannot write \(dataPath)")
        exit(1)
    }
}

let source = """
    CREATE SOURCE events (ts TIMESTAMP(3), user VARCHAR, page VARCHAR, amount DOUBLE, kind VARCHAR,
      WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
    WITH ('connector' = 'file', 'path' = '\(dataPath)', 'format' = 'json');
    CREATE SINK out WITH ('connector' = 'file', 'path' = '\(folder)/out.jsonl', 'format' = 'json');
    """

let queries: [(name: String, sql: String)] = [
    ("filter/projection", "INSERT INTO out SELECT user, amount * 2 AS amount2 FROM events WHERE kind = 'buy';"),
    ("tumbling window COUNT/SUM, 100 keys (peers' q2)",
     """
     INSERT INTO out SELECT window_start, window_end, page, COUNT(*) AS cnt, SUM(amount) AS sum_amount
     FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY page, window_start, window_end;
     """),
    ("tumbling window COUNT/SUM, 10k keys",
     """
     INSERT INTO out SELECT user, window_start, window_end, COUNT(*) AS n, SUM(amount) AS total
     FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY user, window_start, window_end;
     """),
]

print("eddy-bench: \(eventCount) events, best of \(runs) runs, one core")
for (name, sql) in queries {
    var best = Double.infinity
    for _ in 0..<runs {
        let script = SourceText(name: "bench.sql", text: source + sql)
        do {
            let prepared = try ScriptRunner.prepare(script, baseDirectory: folder)
            let start = now()
            _ = try ScriptRunner.run(prepared)
            best = min(best, now() - start)
        } catch let d as ScriptDiagnostics {
            print(d.render())
            exit(1)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
    let rate = Double(eventCount) / best
    print(CheckpointBench.pad(name) + "\(String(Int(rate))) events/s   (\(String(Int(best * 1000))) ms)")
}

do {
    try CheckpointBench.throughputCost(dataPath: dataPath, folder: folder, eventCount: eventCount)
    try CheckpointBench.millionKeys(folder: folder)
} catch {
    print("error: \(error)")
    exit(1)
}
