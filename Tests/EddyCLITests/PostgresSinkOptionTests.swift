import Foundation
import PostgresTestSupport
import Testing

/// What needs no server: options checked before the run, EXPLAIN without the password,
/// an unreachable database reported in time.
@Suite("PostgreSQL sinks: options and failures")
struct PostgresSinkOptionTests {
    static let source = "CREATE SOURCE ledger (account VARCHAR, amount BIGINT) WITH ('connector' = 'file', 'path' = 'ledger.jsonl');\n"

    /// CI starts a server (.ci/run): there the server's tests must run, not be skipped.
    @Test func theServerIsThereWhereItIsRequired() {
        #expect(!PostgresTestServer.required || PostgresTestServer.available, "EDDY_POSTGRES_REQUIRED=1 but \(PostgresTestServer.url ?? "no EDDY_POSTGRES_URL") does not answer")
    }

    @Test(arguments: [
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u@h/db', 'table-name' = 't');\nINSERT INTO s SELECT account, COUNT(*) FROM ledger GROUP BY account;",
         "this query emits updates, but sink 's' appends rows"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'table-name' = 't');", "missing option 'url'"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u@h/db');", "missing option 'table-name'"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'path' = 'x', 'url' = 'postgresql://u@h/db', 'table-name' = 't');", "a postgres sink has no 'path'"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'mysql://u@h/db', 'table-name' = 't');", "bad PostgreSQL URL: a PostgreSQL URL starts with postgresql://"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u:secret@h:99999/db', 'table-name' = 't');", "bad PostgreSQL URL: the port must be a number from 1 to 65535"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u@h/db?sslmode=maybe', 'table-name' = 't');", "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u:a@h/db', 'password' = 'b', 'table-name' = 't');", "the password is given twice"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u@h/db', 'table-name' = 't', 'sink.max-retries' = '-1');", "'sink.max-retries' must be a number from 0 to 100"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u@h/db', 'table-name' = 't', 'sink.query-timeout' = '10ms');", "'sink.query-timeout' must be a duration of at least a second"),
        ("CREATE SINK s WITH ('connector' = 'sqlite', 'path' = 'r.db', 'table-name' = 't', 'url' = 'postgresql://u@h/db');", "'url' is not an option of connector 'sqlite'"),
        ("CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://u:secret@h/db', 'table-name' = 't');\nCREATE SINK s2 WITH ('connector' = 'postgres', 'url' = 'postgres://v@h:5432/db', 'table-name' = 't');",
         "cannot write 'postgres://v@h:5432/db table t': sink 's' writes it"),
    ])
    func mistakesAreRefusedBeforeTheRun(statement: String, message: String) throws {
        let f = try ShellFixture()
        try f.write("job.sql", Self.source + statement + "\n")
        let check = try f.runPiped("", arguments: ["check", f.path("job.sql")])
        #expect(check.status == 1)
        #expect(check.err.contains(message), "\(check.err)")
        // The message points at the text (the line quoted is the user's own script, so it
        // may show a password written there; the message itself never does).
        let lines = check.err.split(separator: "\n")
        #expect(lines.contains { $0.contains("|") && $0.contains("^") }, "a caret: \(check.err)")
        #expect(lines.first.map { !$0.contains("secret") } == true, "\(check.err)")
    }

    @Test func explainAndShowNeverShowThePassword() throws {
        let f = try ShellFixture()
        try f.write(
            "job.sql",
            Self.source + """
                CREATE SINK a WITH ('connector' = 'postgres', 'url' = 'postgresql://eddy:Secret1@db:5432/eddy', 'table-name' = 'a', 'primary-key' = 'account');
                INSERT INTO a SELECT account, COUNT(*) AS n FROM ledger GROUP BY account;
                CREATE SINK b WITH ('connector' = 'postgres', 'url' = 'postgresql://eddy@db/eddy?sslmode=disable', 'password' = 'Secret2', 'table-name' = 'b');
                INSERT INTO b SELECT account, amount FROM ledger;
                """)
        let explain = try f.runPiped("", arguments: ["explain", f.path("job.sql")])
        #expect(explain.status == 0, "\(explain.err)")
        #expect(explain.out.contains("postgres postgresql://eddy@db:5432/eddy · table a · upserts by (account)"), "\(explain.out)")
        #expect(explain.out.contains("postgres postgresql://eddy@db/eddy?sslmode=disable · table b · appends"), "\(explain.out)")
        // Declared, not run (INSERT would start writing in the shell).
        let declarations = try String(contentsOfFile: f.path("job.sql"), encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("INSERT") }
        let shown = try f.runPiped(declarations.joined(separator: "\n") + "\nSHOW SINKS;\nDESCRIBE b;\nEXPLAIN INSERT INTO b SELECT account, amount FROM ledger;\n")
        #expect(shown.out.contains("postgresql://eddy@db/eddy?sslmode=disable"), "\(shown.out)")
        for text in [explain.out, explain.err, shown.out, shown.err] {
            #expect(!text.contains("Secret"), "\(text)")
        }
    }

    /// Nothing listens there: a clear error after the retries, not a hang.
    @Test func anUnreachableDatabaseIsAClearError() throws {
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5}\n")
        try f.write(
            "job.sql",
            Self.source + """
                CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://eddy:Secret@127.0.0.1:1/eddy', 'table-name' = 't', 'sink.max-retries' = '1');
                INSERT INTO s SELECT account, amount FROM ledger;
                """)
        let started = Date()
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(
            run.err.contains("postgresql://eddy@127.0.0.1:1/eddy: cannot keep table 't' there: cannot connect to 127.0.0.1:1: connection refused (tried 2 times over 1 s)"),
            "\(run.err)")
        #expect(!run.err.contains("Secret"))
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// Something takes the connection but never answers (not a PostgreSQL server, or one
    /// that hangs): the connect timeout ends the wait with a clear error, not a hang.
    @Test func aServerThatNeverAnswersTimesOut() throws {
        let silent = try SilentListener()
        let f = try ShellFixture()
        try f.write("ledger.jsonl", "{\"account\": \"a\", \"amount\": 5}\n")
        try f.write(
            "job.sql",
            Self.source + """
                CREATE SINK s WITH ('connector' = 'postgres', 'url' = 'postgresql://eddy@127.0.0.1:\(silent.port)/eddy?connect_timeout=1',
                  'table-name' = 't', 'sink.max-retries' = '0');
                INSERT INTO s SELECT account, amount FROM ledger;
                """)
        let started = Date()
        let run = try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"])
        #expect(run.status == 1)
        #expect(
            run.err.contains("postgresql://eddy@127.0.0.1:\(silent.port)/eddy?connect_timeout=1: cannot keep table 't' there: no answer within 1 s"),
            "\(run.err)")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
