import Foundation
import PostgresTestSupport
import Testing

/// Read models in PostgreSQL, through `eddy run` against a real server (see
/// `PostgresTestServer`): appended rows, or a changelog kept as upserts and deletes by the
/// primary key; each type in its own column type; a table that does not fit refused;
/// exactly-once with checkpoints, also when connections are lost; the password from the
/// URL, the option or PGPASSWORD. Each test has a database of its own.
@Suite("Read models out: PostgreSQL sinks", .enabled(if: PostgresTestServer.available, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresSinkTests {
    static func script(_ url: String, follow: Bool = false) -> String {
        """
        CREATE SOURCE ledger (account VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH ('connector' = 'file', 'path' = 'ledger.jsonl'\(follow ? ", 'follow' = 'true'" : ""));
        CREATE SINK balances WITH ('connector' = 'postgres', 'url' = '\(url)', 'table-name' = 'balances', 'primary-key' = 'account');
        INSERT INTO balances SELECT account, SUM(amount) AS balance, COUNT(*) AS n FROM ledger GROUP BY account;
        CREATE SINK per_minute WITH ('connector' = 'postgres', 'url' = '\(url)', 'table-name' = 'per_minute');
        INSERT INTO per_minute SELECT account, window_start, SUM(amount) AS total FROM TUMBLE(ledger, ts, INTERVAL '1' MINUTE) GROUP BY account, window_start, window_end;
        """
    }

    /// The balances a fold of the ledger gives, as psql prints them.
    static func expectedBalances(_ events: String = SQLiteSinkTests.events) -> [String] {
        var sums: [String: (Int, Int)] = [:]
        for line in events.split(separator: "\n") {
            let parts = line.split(separator: "\"")
            let account = String(parts[3])
            let amount = Int(line.split(separator: ":")[2].split(separator: ",")[0].trimmingCharacters(in: .whitespaces)) ?? 0
            sums[account, default: (0, 0)].0 += amount
            sums[account, default: (0, 0)].1 += 1
        }
        return sums.map { "\($0.key)|\($0.value.0)|\($0.value.1)" }.sorted()
    }

    @Test func aChangelogIsKeptByUpsertsAndAWindowedResultAppended() throws {
        let db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", SQLiteSinkTests.events)
        try f.write("job.sql", Self.script(db.url))
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 0, "\(run.err)")
        #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances())
        let minutes = try db.rows("SELECT account, window_start, total FROM per_minute")
        #expect(minutes.count > 900)
        #expect(try db.rows("SELECT min(window_start) FROM per_minute") == ["1970-01-01 00:00:00"], "a real timestamp")
        #expect(
            try db.rows("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'per_minute'")
                == ["account text", "total bigint", "window_start timestamp without time zone"])
        #expect(try db.rows("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'balances'::regclass AND i.indisprimary") == ["account"])
        // Run again: the upserts leave the same table; appends add the rows again.
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"]).status == 0)
        #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances())
        #expect(try db.rows("SELECT count(*) FROM per_minute") == ["\(minutes.count * 2)"])
    }

    /// The same from the shell: an INSERT keeps the read model; an updating query into a
    /// sink without a key is refused there, pointing at the query, and writes nothing.
    @Test func theShellWritesAReadModelAndRefusesAnUpdatingAppend() throws {
        let db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", SQLiteSinkTests.events)
        let input = """
            CREATE SOURCE ledger (account VARCHAR, amount BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '\(f.path("ledger.jsonl"))');
            CREATE SINK balances WITH ('connector' = 'postgres', 'url' = '\(db.url)', 'table-name' = 'balances', 'primary-key' = 'account');
            INSERT INTO balances SELECT account, SUM(amount) AS balance, COUNT(*) AS n FROM ledger GROUP BY account;
            CREATE SINK appended WITH ('connector' = 'postgres', 'url' = '\(db.url)', 'table-name' = 'appended');
            INSERT INTO appended SELECT account, COUNT(*) AS n FROM ledger GROUP BY account;

            """
        let shell = try f.runPiped(input)
        #expect(shell.out.contains("wrote to balances"), "\(shell.out)\n\(shell.err)")
        #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances())
        #expect(shell.err.contains("error: this query emits updates, but sink 'appended' appends rows"), "\(shell.err)")
        #expect(shell.err.contains("INSERT INTO appended SELECT"), "the line quoted: \(shell.err)")
        #expect(shell.err.split(separator: "\n").contains { $0.contains("|") && $0.contains("^~~~") }, "a caret: \(shell.err)")
        #expect(try db.rows("SELECT count(*) FROM pg_tables WHERE tablename = 'appended'") == ["0"], "nothing made for the refused query")
    }

    /// Stopped (SIGTERM, a last checkpoint) and recovered, twice: the read models equal an
    /// uninterrupted run's; nothing staged after a checkpoint shows.
    @Test func withCheckpointsTheReadModelIsExactlyOnce() throws {
        let reference = try PostgresTestServer.makeDatabase(), db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", SQLiteSinkTests.events)
        try f.write("ref.sql", Self.script(reference.url))
        #expect(try f.runPiped("", arguments: ["run", f.path("ref.sql"), "-q"]).status == 0)
        try f.write("job.sql", Self.script(db.url))
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
        #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances())
        #expect(try db.rows("SELECT * FROM per_minute") == reference.rows("SELECT * FROM per_minute"))
        #expect(try db.rows("SELECT sink || ' ' || (segment > 0)::text FROM _eddy_commits") == ["balances true", "per_minute true"])
        #expect(try db.rows("SELECT count(*) FROM \"_eddy_staged_balances\"") == ["0"], "nothing left staged")
    }

    @Test func everyTypeIsKeptInAColumnOfItsOwnType() throws {
        let db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write(
            "things.jsonl",
            """
            {"id": 1, "x": 2.5, "s": "héllo 'quoted' \\"and\\" \\\\", "b": true, "ts": "2024-01-02T03:04:05.678"}
            {"id": 2}
            {"id": 3, "x": -1e300, "s": "", "b": false, "ts": 0}

            """)
        try f.write(
            "job.sql",
            """
            CREATE SOURCE things (id BIGINT, x DOUBLE, s VARCHAR, b BOOLEAN, ts TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'things.jsonl');
            CREATE SINK typed WITH ('connector' = 'postgres', 'url' = '\(db.url)', 'table-name' = 'typed');
            INSERT INTO typed SELECT id, x, s, b, ts, INTERVAL '90' SECOND AS gap FROM things;
            """)
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 0, "\(run.err)")
        #expect(
            try PostgresTestServer.psql(
                db.url, "SELECT column_name || ' ' || data_type || coalesce(' ' || datetime_precision, '') FROM information_schema.columns WHERE table_name = 'typed' ORDER BY ordinal_position")
                == ["id bigint", "x double precision", "s text", "b boolean", "ts timestamp without time zone 3", "gap bigint"])
        #expect(
            try db.rows("SELECT * FROM typed") == [
                "1|2.5|héllo 'quoted' \"and\" \\|t|2024-01-02 03:04:05.678|90000",
                "2|||||90000",
                "3|-1e+300||f|1970-01-01 00:00:00|90000",
            ])
    }

    @Test(arguments: [
        ("CREATE TABLE balances (who text PRIMARY KEY, balance bigint)", "it has columns (who, balance), the query gives (account, balance, n)"),
        ("CREATE TABLE balances (account text, balance bigint, n bigint, PRIMARY KEY (balance))", "its primary key is (balance), the sink's is (account)"),
        ("CREATE TABLE balances (account text PRIMARY KEY, balance integer, n bigint)", "column 'balance' is integer, which does not hold BIGINT (make it bigint)"),
        ("CREATE VIEW balances AS SELECT 'a'::text AS account, 1::bigint AS balance, 1::bigint AS n", "it is not a table"),
    ])
    func aTableThatDoesNotFitIsRefused(table: String, problem: String) throws {
        let db = try PostgresTestServer.makeDatabase()
        try db.run(table)
        let f = try ShellFixture()
        try f.write("ledger.jsonl", SQLiteSinkTests.events)
        try f.write("job.sql", Self.script(db.url))
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(run.err.contains("cannot keep table 'balances' there: table 'balances' does not fit the sink: \(problem)"), "\(run.err)")
    }

    /// An existing table is taken as it is: its own spelling of names, its column order,
    /// a timestamptz (written as UTC), a varchar; in another schema.
    @Test func aFittingTableIsWrittenAsItIs() throws {
        let db = try PostgresTestServer.makeDatabase()
        try db.run("CREATE SCHEMA reports; CREATE TABLE reports.per_minute (\"Total\" bigint, window_start timestamptz, account varchar(10))")
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5, \"ts\": 1000}\n{\"account\": \"a\", \"amount\": 2, \"ts\": 61000}\n")
        try f.write(
            "job.sql",
            """
            CREATE SOURCE ledger (account VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
            WITH ('connector' = 'file', 'path' = 'ledger.jsonl');
            CREATE SINK per_minute WITH ('connector' = 'postgres', 'url' = '\(db.url)', 'table-name' = 'reports.per_minute');
            INSERT INTO per_minute SELECT account, window_start, SUM(amount) AS total FROM TUMBLE(ledger, ts, INTERVAL '1' MINUTE) GROUP BY account, window_start, window_end;
            """)
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 0, "\(run.err)")
        #expect(
            try PostgresTestServer.psql(db.url, "SET TIME ZONE 'UTC'; SELECT * FROM reports.per_minute ORDER BY 2")
                == ["5|1970-01-01 00:00:00+00|a", "2|1970-01-01 00:01:00+00|a"])
    }

    @Test func aNullKeyIsAClearError() throws {
        let db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5, \"ts\": 0}\n{\"amount\": 2, \"ts\": 1000}\n")
        try f.write("job.sql", Self.script(db.url))
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(run.err.contains("a row has NULL in its key column 'account', and a primary key is never NULL"), "\(run.err)")
    }

    /// The server takes the connection but never answers a statement (here it waits for
    /// a lock another session holds): after 'sink.query-timeout' the connection counts
    /// as lost, and once the retries are spent the run ends with a clear error, not a hang.
    @Test func aStatementTheServerNeverAnswersTimesOut() throws {
        let db = try PostgresTestServer.makeDatabase()
        try db.run("CREATE TABLE t (account text, amount bigint)")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["psql", "-X", "-q", "-d", db.url, "-c", "BEGIN; LOCK TABLE t; SELECT pg_sleep(60);"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer {
            _ = try? db.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            holder.waitUntilExit()
        }
        let f = try ShellFixture()
        #expect(f.waitUntil(seconds: 10) { (try? db.rows("SELECT count(*) FROM pg_locks WHERE relation = 't'::regclass AND granted")) == ["1"] })
        try f.write("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5}\n")
        try f.write(
            "job.sql",
            """
            CREATE SOURCE ledger (account VARCHAR, amount BIGINT) WITH ('connector' = 'file', 'path' = 'ledger.jsonl');
            CREATE SINK s WITH ('connector' = 'postgres', 'url' = '\(db.url)', 'table-name' = 't',
              'sink.query-timeout' = '1s', 'sink.max-retries' = '1');
            INSERT INTO s SELECT account, amount FROM ledger;
            """)
        let started = Date()
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(run.err.contains("no answer to a statement within 1 s ('sink.query-timeout') (tried 2 times over 1 s)"), "\(run.err)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    /// The server drops Eddy's connections (pg_terminate_backend) while a followed job
    /// writes: it connects again and goes on; with checkpoints the result is still
    /// exactly-once.
    @Test(arguments: [false, true])
    func aLostConnectionIsMadeAgain(checkpoints: Bool) throws {
        let db = try PostgresTestServer.makeDatabase()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "")
        try f.write("job.sql", Self.script(db.url, follow: true))
        let job = try f.start(
            ["run", f.path("job.sql"), "-q"] + (checkpoints ? ["--checkpoint-dir", f.path("ck"), "--checkpoint-interval", "50ms"] : []),
            name: "job")
        defer { if job.isRunning { job.terminate() } }
        let lines = SQLiteSinkTests.events.split(separator: "\n", omittingEmptySubsequences: true).map { $0 + "\n" }
        var written = 0
        for part in 0..<4 {
            let end = lines.count * (part + 1) / 4
            try f.append("ledger.jsonl", lines[written..<end].joined())
            written = end
            let expected = Self.expectedBalances(lines[0..<written].joined())
            #expect(f.waitUntil(seconds: 60) { (try? db.rows("SELECT * FROM balances")) == expected }, "part \(part): \(f.lines("job.err"))")
            let dropped = try PostgresTestServer.psql(
                db.url, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eddy'")
            #expect(dropped != ["0"], "Eddy's connections were there to drop")
        }
        #expect(job.isRunning, "\(f.lines("job.err"))")
        job.terminate()
        job.waitUntilExit()
        #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances())
        if checkpoints {
            // Every window but the last (the watermark never passed it) once, no more.
            #expect(try db.rows("SELECT count(*) = count(DISTINCT (account, window_start)) FROM per_minute") == ["t"])
        }
    }

    /// The password from the URL (percent-encoded), the option 'password' or PGPASSWORD;
    /// a wrong one is a clear error that does not show it.
    @Test func thePasswordComesFromTheURLTheOptionOrTheEnvironment() throws {
        let db = try PostgresTestServer.makeDatabase()
        let password = "p@ss:w/rd?&"
        let role = try db.makeOwner(password: password)
        let bare = "postgresql://\(role)@\(db.hostPort)/\(db.name)"
        let encoded = "postgresql://\(role):p%40ss%3Aw%2Frd%3F%26@\(db.hostPort)/\(db.name)"
        let f = try ShellFixture()
        try f.write("ledger.jsonl", SQLiteSinkTests.events)
        func run(url: String, option: String? = nil, environment: [String: String] = [:]) throws -> (err: String, status: Int32) {
            var script = Self.script(url)
            if let option { script = script.replacingOccurrences(of: "'url' = '\(url)'", with: "'url' = '\(url)', 'password' = '\(option)'") }
            try f.write("job.sql", script)
            f.extraEnvironment = environment
            let result = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
            return (result.err, result.status)
        }
        for (n, attempt) in [(encoded, nil, [:]), (bare, password, [:]), (bare, nil, ["PGPASSWORD": password])].enumerated() {
            try db.run("DROP TABLE IF EXISTS balances, per_minute")
            let result = try run(url: attempt.0, option: attempt.1, environment: attempt.2)
            #expect(result.status == 0, "way \(n): \(result.err)")
            #expect(try db.rows("SELECT * FROM balances") == Self.expectedBalances(), "way \(n)")
        }
        // A server that takes any password (trust) cannot tell a wrong one.
        let checks = (try? PostgresTestServer.psql("postgresql://\(role):wrong@\(db.hostPort)/\(db.name)", "SELECT 1")) == nil
        if checks {
            let wrong = try run(url: bare, option: "not-the-Secret")
            #expect(wrong.status == 1)
            #expect(wrong.err.contains("password authentication failed for user \"\(role)\""), "\(wrong.err)")
            #expect(!wrong.err.contains("not-the-Secret"))
            let none = try run(url: bare)
            #expect(none.status == 1)
            #expect(none.err.contains("the server asks for a password"), "\(none.err)")
        }
    }
}
