import Foundation
import Testing

/// `'connector' = 'datagen'`: made-up rows for demos and tests, the same on every run and
/// after a recovery. Through `eddy run` and the shell.
@Suite("Generated data")
struct DataGenTests {
    static let script = """
        CREATE SOURCE orders (id BIGINT, amount DOUBLE, name VARCHAR, vip BOOLEAN, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
        WITH ('connector' = 'datagen', 'number-of-rows' = '500', 'rows-per-second' = '100000', 'seed' = '7',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000',
              'fields.amount.min' = '1', 'fields.amount.max' = '10', 'fields.name.length' = '4',
              'fields.vip.null-rate' = '0.5');
        CREATE SINK out WITH ('connector' = 'file', 'path' = 'out.jsonl');
        INSERT INTO out SELECT id, amount, name, vip FROM orders;
        """

    @Test func rowsFollowTheOptionsAndRepeat() throws {
        let f = try ShellFixture()
        try f.write("job.sql", Self.script)
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"]).status == 0)
        let first = f.lines("out.jsonl")
        #expect(first.count == 500)
        #expect(first[0].hasPrefix("{\"id\": 1, \"amount\": "))
        #expect(first[499].hasPrefix("{\"id\": 500,"))
        let nulls = first.filter { $0.hasSuffix("\"vip\": null}") }.count
        #expect(nulls > 150 && nulls < 350)
        #expect(first.allSatisfy { line in
            guard let amount = line.split(separator: ",")[1].split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else { return false }
            return amount >= 1 && amount <= 10
        })
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q"]).status == 0)
        #expect(f.lines("out.jsonl") == first, "the same seed makes the same rows")
        // Stopped after a checkpoint and recovered: the same rows, each once.
        try FileManager.default.removeItem(atPath: f.path("out.jsonl"))
        // Slow enough (about 1.2 s) that three checkpoints complete before the job ends,
        // even when fsync is slow on a loaded machine.
        try f.write("job.sql", Self.script.replacingOccurrences(of: "'100000'", with: "'400'"))
        let job = try f.start(["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--checkpoint-interval", "10ms"], name: "job")
        #expect(f.waitUntil { f.lines("ck/MANIFEST").count >= 3 })
        job.terminate()
        job.waitUntilExit()
        #expect(try f.runPiped("", arguments: ["run", f.path("job.sql"), "-q", "--checkpoint-dir", f.path("ck"), "--recover"]).status == 0)
        #expect(f.lines("out.jsonl") == first)
    }

    @Test(arguments: [
        ("'fields.idd.kind' = 'sequence'", "'fields.idd.kind' names no column"),
        ("'fields.id.kind' = 'sequence'", "a sequence needs 'fields.id.start' and 'fields.id.end'"),
        ("'rows-per-second' = '-1'", "'rows-per-second' must be positive"),
        ("'fields.id.null-rate' = '2'", "'fields.id.null-rate' must be from 0 to 1"),
        ("'number-of-row' = '5'", "did you mean 'number-of-rows'?"),
    ])
    func badOptionsAreDiagnosed(option: String, message: String) throws {
        let f = try ShellFixture()
        try f.write("job.sql", "CREATE SOURCE o (id BIGINT) WITH ('connector' = 'datagen', \(option));\n")
        let check = try f.runPiped("", arguments: ["check", f.path("job.sql")])
        #expect(check.status == 1)
        #expect(check.err.contains(message), "\(check.err)")
    }

    @Test func theShellRunsGeneratedDataAndRefusesStandardInput() throws {
        let f = try ShellFixture()
        let shell = try f.runPiped(
            """
            CREATE SOURCE o (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3', 'fields.id.kind' = 'sequence', 'fields.id.start' = '10', 'fields.id.end' = '20');
            SELECT id FROM o;
            CREATE SOURCE s (k BIGINT) WITH ('connector' = 'stdin');
            SELECT k FROM s;

            """, arguments: ["repl", "--mode", "json"])
        #expect(shell.out.contains("{\"id\": 10}\n{\"id\": 11}\n{\"id\": 12}\n"), "\(shell.out)")
        #expect(shell.err.contains("a source that reads standard input cannot run in the shell"))
        #expect(shell.status == 1)
    }
}
