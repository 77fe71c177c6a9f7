import EddyCore
import EddyRuntime
import Foundation
import GRDB
import PostgresTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kill the real `eddy` process with SIGKILL at random moments (in the middle of batches
/// and of checkpoint writes), recover each time, and compare the committed output with an
/// uninterrupted run: the same rows, none lost, none twice. CI runs a reduced form; set
/// EDDY_CRASH_EVENTS=1000000 EDDY_CRASH_KILLS=20 for the full one (benchmarks/crash-test.sh).
@Suite("Crash recovery with SIGKILL", .serialized)
struct CrashRecoveryTests {
    static let eventCount = Int(String(cString: getenv("EDDY_CRASH_EVENTS") ?? strdup("120000"))) ?? 120_000
    static let kills = Int(String(cString: getenv("EDDY_CRASH_KILLS") ?? strdup("6"))) ?? 6

    /// Windows, an aggregation emitting a changelog, and an interval join, each into an
    /// exactly-once file sink.
    static let script = """
        CREATE SOURCE clicks (user_id BIGINT, page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
        WITH ('connector' = 'file', 'path' = 'clicks.jsonl');
        CREATE SOURCE orders (user_id BIGINT, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
        WITH ('connector' = 'file', 'path' = 'orders.jsonl');
        CREATE SINK per_page WITH ('connector' = 'file', 'path' = 'out/per_page.jsonl');
        INSERT INTO per_page SELECT page, window_start, COUNT(*) AS clicks
        FROM TUMBLE(clicks, ts, INTERVAL '5' SECOND) GROUP BY page, window_start, window_end;
        CREATE SINK spend WITH ('connector' = 'file', 'path' = 'out/spend.jsonl');
        INSERT INTO spend SELECT user_id % 100 AS bucket, COUNT(*) AS orders, SUM(amount) AS total FROM orders GROUP BY user_id % 100;
        CREATE SINK converted WITH ('connector' = 'file', 'path' = 'out/converted.jsonl');
        INSERT INTO converted SELECT c.user_id, c.page, o.amount FROM clicks c JOIN orders o
          ON c.user_id = o.user_id AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '3' SECOND;
        CREATE SINK spend_model WITH ('connector' = 'sqlite', 'path' = 'read.db', 'table-name' = 'spend', 'primary-key' = 'bucket');
        INSERT INTO spend_model SELECT user_id % 100 AS bucket, COUNT(*) AS orders, SUM(amount) AS total FROM orders GROUP BY user_id % 100;
        CREATE SINK page_model WITH ('connector' = 'sqlite', 'path' = 'read.db', 'table-name' = 'per_page');
        INSERT INTO page_model SELECT page, window_start, COUNT(*) AS clicks
        FROM TUMBLE(clicks, ts, INTERVAL '5' SECOND) GROUP BY page, window_start, window_end;
        """

    /// The rows of a read model, sorted.
    static func tableRows(_ folder: String, _ table: String) throws -> [String] {
        try DatabaseQueue(path: folder + "/read.db").read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in row.databaseValues.map { "\($0)" }.joined(separator: "|") }
        }.sorted()
    }

    /// The same read models in PostgreSQL (the database of `url`), and the interval join's
    /// rows appended to a table there.
    static func postgresScript(_ url: String) -> String {
        """
        CREATE SOURCE clicks (user_id BIGINT, page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
        WITH ('connector' = 'file', 'path' = 'clicks.jsonl');
        CREATE SOURCE orders (user_id BIGINT, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
        WITH ('connector' = 'file', 'path' = 'orders.jsonl');
        CREATE SINK spend_model WITH ('connector' = 'postgres', 'url' = '\(url)', 'table-name' = 'spend', 'primary-key' = 'bucket');
        INSERT INTO spend_model SELECT user_id % 100 AS bucket, COUNT(*) AS orders, SUM(amount) AS total FROM orders GROUP BY user_id % 100;
        CREATE SINK page_model WITH ('connector' = 'postgres', 'url' = '\(url)', 'table-name' = 'per_page');
        INSERT INTO page_model SELECT page, window_start, COUNT(*) AS clicks
        FROM TUMBLE(clicks, ts, INTERVAL '5' SECOND) GROUP BY page, window_start, window_end;
        CREATE SINK converted WITH ('connector' = 'postgres', 'url' = '\(url)', 'table-name' = 'converted');
        INSERT INTO converted SELECT c.user_id, c.page, o.amount FROM clicks c JOIN orders o
          ON c.user_id = o.user_id AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '3' SECOND;
        """
    }

    static func prepare(_ folder: String, script: String = script) throws {
        var state: UInt64 = 99
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        var clicks = "", orders = ""
        clicks.reserveCapacity(eventCount * 60)
        for i in 0..<eventCount {
            let ts = 1_700_000_000_000 + Int64(i) * 10 - Int64(next(1500))
            clicks += "{\"user_id\": \(next(2000)), \"page\": \"/p\(next(50))\", \"ts\": \(ts)}\n"
            if i % 4 == 0 { orders += "{\"user_id\": \(next(2000)), \"amount\": \(next(500)), \"ts\": \(ts + Int64(next(4000)))}\n" }
        }
        try TextFile.write(clicks, to: folder + "/clicks.jsonl")
        try TextFile.write(orders, to: folder + "/orders.jsonl")
        try TextFile.write(script, to: folder + "/job.sql")
    }

    /// Runs the job of `folder` with checkpoints, killing it (SIGKILL) `kills` times at
    /// random moments once it has taken a checkpoint of its own, recovering each time, and
    /// lets the last run finish: its exit status, the kills, the runs' messages.
    static func killAndRecover(_ folder: String) throws -> (exited: Int32?, killed: Int, log: String) {
        var generator = SystemRandomNumberGenerator()
        var killed = 0, exited: Int32? = nil, attempts = 0
        while exited == nil && attempts < Self.kills * 20 {
            attempts += 1
            let args = ["run", folder + "/job.sql", "-q", "--checkpoint-dir", folder + "/ck", "--checkpoint-interval", "20ms"]
                + (attempts > 1 ? ["--recover"] : [])
            let p = try #require(EddyProcess.start(args, stdout: "/dev/null", stderr: folder + "/err"))
            if killed < Self.kills {
                // Let it take a checkpoint of its own (a loaded machine may need seconds to
                // start it), then run a little more, and kill it wherever it is.
                let manifest = (try? TextFile.read(folder + "/ck/MANIFEST")) ?? ""
                var status = p.wait(millis: 10)
                var waited = 0
                while status == nil && waited < 30_000 && ((try? TextFile.read(folder + "/ck/MANIFEST")) ?? "") == manifest {
                    status = p.wait(millis: 10)
                    waited += 10
                }
                if status == nil { status = p.wait(millis: Int.random(in: 1...300, using: &generator)) }
                if let status {
                    exited = status
                } else {
                    p.kill9()
                    killed += 1
                }
            } else {
                exited = p.wait(millis: 300_000)
            }
        }
        return (exited, killed, (try? TextFile.read(folder + "/err")) ?? "")
    }

    static func sortedLines(_ path: String) -> [String] {
        ((try? TextFile.read(path)) ?? "").split(separator: "\n").map(String.init).sorted()
    }

    @Test func killedAtRandomTheCommittedOutputIsExactlyOnce() throws {
        let reference = try Self.scratchFolder("eddy-crash-ref"), chaos = try Self.scratchFolder("eddy-crash")
        try Self.prepare(reference)
        try Self.prepare(chaos)
        let done = try #require(EddyProcess.start(["run", reference + "/job.sql", "-q"], stdout: "/dev/null", stderr: reference + "/err"))
        #expect(done.wait(millis: 300_000) == 0)

        let (exited, killed, log) = try Self.killAndRecover(chaos)
        #expect(exited == 0, "the last run did not finish: \(log)")
        #expect(killed >= Self.kills, "only \(killed) kills before the job finished; use more events")
        let recoveries = log.split(separator: "\n").filter { $0.contains("recovering from checkpoint") }.count
        #expect(recoveries >= 2, "the job recovered from a checkpoint only \(recoveries) times:\n\(log)")
        for sink in ["per_page", "spend", "converted"] {
            let expected = Self.sortedLines("\(reference)/out/\(sink).jsonl")
            let actual = Self.sortedLines("\(chaos)/out/\(sink).jsonl")
            #expect(!expected.isEmpty)
            #expect(actual.count == expected.count, "\(sink): \(actual.count) rows, expected \(expected.count)")
            #expect(actual == expected, "\(sink) differs from the uninterrupted run")
        }
        for table in ["spend", "per_page"] {
            let expected = try Self.tableRows(reference, table)
            #expect(!expected.isEmpty)
            #expect(try Self.tableRows(chaos, table) == expected, "read model \(table) differs from the uninterrupted run")
        }
        for f in [reference, chaos] { Self.remove(f) }
    }

    /// The same with the read models in PostgreSQL: the tables of the killed and recovered
    /// job equal those of an uninterrupted run, none of their rows lost or doubled.
    @Test(.enabled(if: PostgresTestServer.available, Comment(rawValue: PostgresTestServer.skipReason)))
    func killedAtRandomThePostgresReadModelIsExactlyOnce() throws {
        let reference = try Self.scratchFolder("eddy-crash-pg-ref"), chaos = try Self.scratchFolder("eddy-crash-pg")
        let referenceDB = try PostgresTestServer.makeDatabase(), chaosDB = try PostgresTestServer.makeDatabase()
        try Self.prepare(reference, script: Self.postgresScript(referenceDB.url))
        try Self.prepare(chaos, script: Self.postgresScript(chaosDB.url))
        let done = try #require(EddyProcess.start(["run", reference + "/job.sql", "-q"], stdout: "/dev/null", stderr: reference + "/err"))
        #expect(done.wait(millis: 300_000) == 0, "\((try? TextFile.read(reference + "/err")) ?? "")")

        let (exited, killed, log) = try Self.killAndRecover(chaos)
        #expect(exited == 0, "the last run did not finish: \(log)")
        #expect(killed >= Self.kills, "only \(killed) kills before the job finished; use more events")
        let recoveries = log.split(separator: "\n").filter { $0.contains("recovering from checkpoint") }.count
        #expect(recoveries >= 2, "the job recovered from a checkpoint only \(recoveries) times:\n\(log)")
        for table in ["spend", "per_page", "converted"] {
            let expected = try referenceDB.rows("SELECT * FROM \(table)")
            let actual = try chaosDB.rows("SELECT * FROM \(table)")
            #expect(!expected.isEmpty)
            #expect(actual.count == expected.count, "\(table): \(actual.count) rows, expected \(expected.count)")
            #expect(actual == expected, "read model \(table) differs from the uninterrupted run")
        }
        #expect(try chaosDB.rows("SELECT count(*) FROM \"_eddy_staged_converted\"") == ["0"])
        for f in [reference, chaos] { Self.remove(f) }
    }

    /// A new folder in the temporary folder.
    static func scratchFolder(_ prefix: String) throws -> String {
        var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw FileError(path: prefix, reason: "mkdtemp failed") }
        return String(cString: made)
    }

    static func remove(_ path: String) {
        for name in Directory.list(path) {
            let child = path + "/" + name
            if Directory.isDirectory(child) { remove(child) } else { unlink(child) }
        }
        rmdir(path)
    }
}
