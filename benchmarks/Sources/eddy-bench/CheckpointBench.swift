#if canImport(Glibc)
    import Glibc
#endif
import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL

/// The cost of checkpoints: throughput with a checkpoint every second against none, and
/// the time to write and to restore a checkpoint holding a million keys.
enum CheckpointBench {
    static func throughputCost(dataPath: String, folder: String, eventCount: Int) throws {
        let script = """
            CREATE SOURCE events (ts TIMESTAMP(3), user VARCHAR, page VARCHAR, amount DOUBLE, kind VARCHAR,
              WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
            WITH ('connector' = 'file', 'path' = '\(dataPath)', 'format' = 'json');
            CREATE SINK out WITH ('connector' = 'file', 'path' = '\(folder)/out.jsonl', 'format' = 'json');
            INSERT INTO out SELECT user, window_start, window_end, COUNT(*) AS n, SUM(amount) AS total
            FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY user, window_start, window_end;
            CREATE SINK totals WITH ('connector' = 'file', 'path' = '\(folder)/totals.jsonl', 'format' = 'json');
            INSERT INTO totals SELECT page, COUNT(*) AS n FROM events GROUP BY page;
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "bench.sql", text: script), baseDirectory: folder)
        let graph = try JobCompiler.compile(prepared.queries)
        var plain = Double.infinity, checkpointed = Double.infinity
        var taken = 0
        for _ in 0..<3 {
            var start = now()
            _ = try JobExecutor.run(graph)
            plain = min(plain, now() - start)
            let dir = "\(folder)/ck"
            removeTree(dir)
            let config = CheckpointConfig(directory: dir, intervalMillis: 1000, planText: PhysicalExplain(graph: graph).render())
            start = now()
            let outcome = try JobExecutor.run(graph, checkpointing: config)
            checkpointed = min(checkpointed, now() - start)
            taken = outcome.checkpointsTaken
        }
        let cost = (checkpointed / plain - 1) * 100
        print(pad("windows + changelog, no checkpoints") + "\(Int(Double(eventCount) / plain)) events/s")
        print(pad("same, checkpoint every second (\(taken) taken)") + "\(Int(Double(eventCount) / checkpointed)) events/s   (cost \(String(format1(cost)))%)")
    }

    static func millionKeys(folder: String) throws {
        let keys = 1_000_000
        let script = """
            CREATE SOURCE s (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
            SELECT k, COUNT(*) AS n, SUM(v) AS total FROM s GROUP BY k;
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "keys.sql", text: script), baseDirectory: folder)
        let graph = try JobCompiler.compile(prepared.queries)
        let pipeline = try Pipeline(graph: graph) { _, schema, _ in NullSink() }
        guard let source = pipeline.sourceNodes.first?.id else { return }
        var row = 0
        while row < keys {
            let n = min(65_536, keys - row)
            let batch = Batch(
                columns: [
                    Column(type: .bigint, values: .ints((row..<(row + n)).map(Int64.init))),
                    Column(type: .bigint, values: .ints([Int64](repeating: 1, count: n))),
                    Column(type: .timestamp, values: .ints([Int64](repeating: 0, count: n))),
                ], rowCount: n)
            try pipeline.push(source: source, batch)
            row += n
        }
        let dir = "\(folder)/ck-keys"
        removeTree(dir)
        let config = CheckpointConfig(directory: dir, planText: "million keys")
        let coordinator = try CheckpointCoordinator(config: config)
        var start = now()
        try coordinator.take(pipeline: pipeline, positions: [:], savepoint: false)
        let write = now() - start
        start = now()
        let (snapshot, _) = CheckpointStore(directory: dir).latestValid()
        let fresh = try Pipeline(graph: graph) { _, _, _ in NullSink() }
        if let snapshot { try fresh.restoreState(progress: snapshot.metadata.progress, operators: snapshot.operators) }
        let restore = now() - start
        let size = snapshot?.metadata.sizeBytes ?? 0
        print(pad("checkpoint of 1M keys: write (\(size / 1_000_000) MB)") + "\(Int(write * 1000)) ms")
        print(pad("checkpoint of 1M keys: read and restore") + "\(Int(restore * 1000)) ms")
    }

    private final class NullSink: SinkWriter {
        func write(_ batch: Batch) throws {}
        func flush() throws {}
    }

    private static func removeTree(_ path: String) {
        for name in Directory.list(path) {
            let child = path + "/" + name
            if Directory.isDirectory(child) { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    private static func format1(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }

    static func pad(_ s: String) -> String { s.count < 48 ? s + String(repeating: " ", count: 48 - s.count) : s + " " }
}
