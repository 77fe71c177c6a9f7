import EddyCore
@testable import EddyEngine
import EddyRuntime
import EddySQL
import Testing

/// Several workers give the same rows as one (in another order): windows, sessions,
/// changelog aggregations, every kind of join, Top-N.
@Suite("Parallel workers")
struct ParallelismTests {
    static let script = """
        CREATE SOURCE clicks (user_id BIGINT, page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'file', 'path' = 'clicks.jsonl');
        CREATE SOURCE orders (user_id BIGINT, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'file', 'path' = 'orders.jsonl');
        CREATE TABLE users (user_id BIGINT, country VARCHAR, PRIMARY KEY (user_id) NOT ENFORCED)
        WITH ('connector' = 'file', 'path' = 'users.jsonl');
        SELECT page, window_start, COUNT(*) AS n FROM TUMBLE(clicks, ts, INTERVAL '2' SECOND) GROUP BY page, window_start, window_end;
        SELECT user_id, window_start, window_end, COUNT(*) FROM SESSION(clicks PARTITION BY user_id, ts, INTERVAL '1' SECOND)
          GROUP BY user_id, window_start, window_end;
        SELECT c.user_id, o.amount FROM clicks c JOIN orders o ON c.user_id = o.user_id AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '2' SECOND;
        SELECT o.amount, u.country FROM orders o LEFT JOIN users u ON o.user_id = u.user_id;
        SELECT * FROM (SELECT page, window_start, n, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, page) AS rn
          FROM (SELECT page, window_start, window_end, COUNT(*) AS n FROM TUMBLE(clicks, ts, INTERVAL '2' SECOND) GROUP BY page, window_start, window_end))
          WHERE rn <= 2;
        SELECT page, COUNT(*) AS n, MAX(user_id) FROM clicks GROUP BY page;
        SELECT u.country, SUM(o.amount) FROM orders o JOIN users u ON o.user_id = u.user_id GROUP BY u.country;
        """

    func prepare() throws -> TempFolder {
        let folder = TempFolder()
        var clicks = "", orders = "", users = ""
        for i in 0..<3000 {
            clicks += "{\"user_id\": \(i * 7 % 53), \"page\": \"/p\(i * 13 % 11)\", \"ts\": \(i * 7 - i % 5 * 100)}\n"
            if i % 3 == 0 { orders += "{\"user_id\": \(i * 11 % 53), \"amount\": \(i % 97), \"ts\": \(i * 7 + 500)}\n" }
        }
        for u in 0..<40 { users += "{\"user_id\": \(u), \"country\": \"c\(u % 6)\"}\n" }
        try folder.write("clicks.jsonl", clicks)
        try folder.write("orders.jsonl", orders)
        try folder.write("users.jsonl", users)
        return folder
    }

    /// Each SELECT's final table (changelogs applied), rows sorted.
    /// With several workers the plan is made for them too (two-phase window aggregation).
    func results(_ folder: TempFolder, parallelism: Int, readStripeBytes: Int64? = nil) throws -> [[String]] {
        let text = (parallelism > 1 ? "SET 'parallelism' = '\(parallelism)';\n" : "") + Self.script
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: text), baseDirectory: folder.path)
        var options = RunOptions()
        options.batchSize = 100
        options.parallelism = parallelism
        options.readStripeBytes = readStripeBytes
        let outcome = try ScriptRunner.run(prepared, options: options).outcome
        return outcome.selects.map { select in
            var table = MaterializedTable()
            table.apply(rows: select.sink.rows, kinds: select.sink.kinds)
            return table.rows.map { $0.map(\.displayText).joined(separator: " ") }.sorted()
        }
    }

    @Test(arguments: [2, 3])
    func sameResultsAsOneWorker(_ workers: Int) throws {
        let folder = try prepare()
        let one = try results(folder, parallelism: 1)
        let many = try results(folder, parallelism: workers)
        #expect(one.count == 7)
        for (i, (a, b)) in zip(one, many).enumerated() {
            #expect(!a.isEmpty, "query \(i + 1) returned nothing")
            #expect(a == b, "query \(i + 1) differs with \(workers) workers")
        }
    }

    /// Every worker reads a share of each log (stripes of ~1 KiB here, dealt in turn): the
    /// same rows as one reader.
    @Test(arguments: [2, 3])
    func logsReadInStripesGiveTheSameResults(_ workers: Int) throws {
        let folder = try prepare()
        let one = try results(folder, parallelism: 1)
        let many = try results(folder, parallelism: workers, readStripeBytes: 1024)
        for (i, (a, b)) in zip(one, many).enumerated() {
            #expect(a == b, "query \(i + 1) differs with \(workers) workers reading stripes")
        }
    }

    /// A malformed line that a worker finds in a stripe in the middle of the log is
    /// reported with its line number in the file.
    @Test func aMalformedLineInAStripeKeepsItsLineNumber() throws {
        let folder = TempFolder()
        var lines = (0..<3000).map { "{\"user_id\": \($0 % 53), \"page\": \"/p\($0 % 11)\", \"ts\": \($0 * 7)}" }
        lines[2499] = "{\"user_id\": oops}"
        try folder.write("clicks.jsonl", lines.joined(separator: "\n") + "\n")
        let text = """
            CREATE SOURCE clicks (user_id BIGINT, page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
            WITH ('connector' = 'file', 'path' = 'clicks.jsonl');
            SELECT page, COUNT(*) AS n FROM TUMBLE(clicks, ts, INTERVAL '2' SECOND) GROUP BY page, window_start, window_end;
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: text), baseDirectory: folder.path)
        var options = RunOptions()
        options.parallelism = 2
        options.readStripeBytes = 1024
        do {
            _ = try ScriptRunner.run(prepared, options: options)
            Issue.record("the malformed line was not reported")
        } catch {
            #expect("\(error)".contains("clicks.jsonl:2500: "), "\(error)")
        }
    }
}
