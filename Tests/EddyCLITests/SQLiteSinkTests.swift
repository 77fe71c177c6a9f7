import Foundation
import GRDB
import Testing

/// Read models in SQLite: appended rows, or a changelog kept as upserts and deletes by the
/// primary key; the table made from the result or checked against it; exactly-once with
/// checkpoints; readable by another program while Eddy writes. Through `eddy run`.
@Suite("Read models out: SQLite sinks")
struct SQLiteSinkTests {
    static let events: String = {
        var state: UInt64 = 7
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        return (0..<3000).map { "{\"account\": \"acc\(next(20))\", \"amount\": \(Int(next(150)) - 50), \"ts\": \($0 * 1000)}\n" }.joined()
    }()

    static let script = """
        CREATE SOURCE ledger (account VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH ('connector' = 'file', 'path' = 'ledger.jsonl');
        CREATE SINK balances WITH ('connector' = 'sqlite', 'path' = 'read.db', 'table-name' = 'balances', 'primary-key' = 'account');
        INSERT INTO balances SELECT account, SUM(amount) AS balance, COUNT(*) AS n FROM ledger GROUP BY account;
        CREATE SINK per_minute WITH ('connector' = 'sqlite', 'path' = 'read.db', 'table-name' = 'per_minute');
        INSERT INTO per_minute SELECT account, window_start, SUM(amount) AS total FROM TUMBLE(ledger, ts, INTERVAL '1' MINUTE) GROUP BY account, window_start, window_end;
        """

    /// Every row of a table, sorted, as text.
    static func rows(_ path: String, _ table: String) throws -> [String] {
        let db = try DatabaseQueue(path: path)
        return try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in row.databaseValues.map { "\($0)" }.joined(separator: "|") }
        }.sorted()
    }

    /// The balances a fold of the ledger gives.
    static func expectedBalances() -> [String] {
        var sums: [String: (Int, Int)] = [:]
        for line in events.split(separator: "\n") {
            let parts = line.split(separator: "\"")
            let account = String(parts[3])
            let amount = Int(line.split(separator: ":")[2].split(separator: ",")[0].trimmingCharacters(in: .whitespaces)) ?? 0
            sums[account, default: (0, 0)].0 += amount
            sums[account, default: (0, 0)].1 += 1
        }
        return sums.map { "\"\($0.key)\"|\($0.value.0)|\($0.value.1)" }.sorted()
    }

    @Test func aChangelogIsKeptByUpsertsAndAWindowedResultAppended() throws {
        let f = try ShellFixture()
        try f.write("ledger.jsonl", Self.events)
        try f.write("job.sql", Self.script)
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 0, "\(run.err)")
        #expect(try Self.rows(f.path("read.db"), "balances") == Self.expectedBalances())
        let minutes = try Self.rows(f.path("read.db"), "per_minute")
        #expect(minutes.count > 900)
        #expect(minutes.first?.contains("2024") == false && minutes.first?.contains("1970-01-01T") == true, "timestamps as ISO text: \(minutes.first ?? "")")
        // Run again: the upserts leave the same table; appends would double.
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"]).status == 0)
        #expect(try Self.rows(f.path("read.db"), "balances") == Self.expectedBalances())
    }

    /// Stopped (SIGTERM, a last checkpoint) and recovered, twice: the read models equal an
    /// uninterrupted run's; nothing staged after a checkpoint shows.
    @Test func withCheckpointsTheReadModelIsExactlyOnce() throws {
        let f = try ShellFixture()
        try f.write("ledger.jsonl", Self.events)
        try f.write("job.sql", Self.script)
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"]).status == 0)
        let reference = try Self.rows(f.path("read.db"), "per_minute")
        try FileManager.default.removeItem(atPath: f.path("read.db"))
        for round in 0..<2 {
            let job = try f.start(
                ["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--checkpoint-interval", "1ms", "--batch-size", "20"]
                    + (round > 0 ? ["--recover"] : []), name: "run\(round)")
            let seen = f.lines("ck/MANIFEST").last
            #expect(f.waitUntil { f.lines("ck/MANIFEST").last != seen })
            job.terminate()
            job.waitUntilExit()
        }
        let last = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--recover"])
        #expect(last.status == 0, "\(last.err)")
        #expect(try Self.rows(f.path("read.db"), "balances") == Self.expectedBalances())
        #expect(try Self.rows(f.path("read.db"), "per_minute") == reference)
    }

    @Test func aTableOfOtherColumnsIsRefused() throws {
        let f = try ShellFixture()
        try f.write("ledger.jsonl", Self.events)
        try DatabaseQueue(path: f.path("read.db")).write { db in try db.execute(sql: "CREATE TABLE balances (who TEXT PRIMARY KEY, balance INTEGER)") }
        try f.write("job.sql", Self.script)
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(run.err.contains("table 'balances' does not fit the sink: it has columns (who, balance), the query gives (account, balance, n)"), "\(run.err)")
    }

    @Test(arguments: [
        ("CREATE SINK s WITH ('connector' = 'sqlite', 'path' = 'r.db', 'table-name' = 't');\nINSERT INTO s SELECT account, COUNT(*) FROM ledger GROUP BY account;",
         "this query emits updates, but sink 's' appends rows"),
        ("CREATE SINK s WITH ('connector' = 'sqlite', 'path' = 'r.db', 'table-name' = 't', 'primary-key' = 'who');\nINSERT INTO s SELECT account, COUNT(*) FROM ledger GROUP BY account;",
         "the primary key column 'who' of sink 's' is not a column of the query"),
        ("CREATE SINK s WITH ('connector' = 'sqlite', 'path' = 'r.db');", "missing option 'table-name'"),
        ("CREATE SINK s WITH ('connector' = 'sqlite', 'path' = 'r.db', 'table-name' = 't', 'format' = 'csv');", "'format' is not an option of connector 'sqlite'"),
    ])
    func mistakesAreRefusedBeforeTheRun(statement: String, message: String) throws {
        let f = try ShellFixture()
        try f.write("job.sql", "CREATE SOURCE ledger (account VARCHAR, amount BIGINT) WITH ('connector' = 'file', 'path' = 'ledger.jsonl');\n" + statement + "\n")
        let check = try f.runPiped("", arguments: ["check", f.path("job.sql")])
        #expect(check.status == 1)
        #expect(check.err.contains(message), "\(check.err)")
    }

    /// Another program reads the read model while a followed job keeps it current.
    @Test func anotherProgramReadsWhileEddyWrites() throws {
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "")
        try f.write(
            "job.sql",
            Self.script.replacingOccurrences(of: "'path' = 'ledger.jsonl'", with: "'path' = 'ledger.jsonl', 'follow' = 'true'"))
        let job = try f.start(["run", f.path("job.sql"), "-q"], name: "job")
        defer { job.terminate() }
        try f.append("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5, \"ts\": 0}\n")
        #expect(f.waitUntil { (try? Self.rows(f.path("read.db"), "balances")) == ["\"a\"|5|1"] })
        try f.append("ledger.jsonl", "{\"account\": \"a\", \"amount\": 2, \"ts\": 1000}\n")
        #expect(f.waitUntil { (try? Self.rows(f.path("read.db"), "balances")) == ["\"a\"|7|2"] })
    }
}
