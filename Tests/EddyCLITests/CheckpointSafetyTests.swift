import Foundation
import Testing

/// A checkpoint folder belongs to one job at a time, and a recovery resumes only when the
/// files outside the checkpoint (the logs read, the outputs written) are still what the
/// checkpoint saw; otherwise it is refused, saying why, and nothing is written.
@Suite("Nothing lost: checkpoint folders and recovery")
struct CheckpointSafetyTests {
    static let script = """
        CREATE SOURCE s (k BIGINT, v BIGINT) WITH ('connector' = 'file', 'path' = 's.jsonl');
        CREATE SINK a WITH ('connector' = 'file', 'path' = 'out/a.jsonl');
        INSERT INTO a SELECT k, v FROM s;
        """

    static func fixture(rows: Int = 5000) throws -> ShellFixture {
        let f = try ShellFixture()
        try f.write("s.jsonl", (0..<rows).map { "{\"k\": \($0 % 7), \"v\": \($0)}\n" }.joined())
        try f.write("job.sql", script)
        return f
    }

    func run(_ f: ShellFixture, _ extra: [String]) throws -> (out: String, err: String, status: Int32) {
        try f.runPiped("", arguments: ["run", f.path("job.sql"), "--checkpoint-dir", f.path("ck")] + extra)
    }

    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    @Test func aSecondJobOnOneCheckpointFolderIsRefused() throws {
        let f = try ShellFixture()
        try f.write("in.jsonl", "")
        try f.write("job.sql", f.createSource("s", columns: "k BIGINT", file: "in.jsonl", follow: true) + "\nSELECT k FROM s;\n")
        let first = try f.start(["run", f.path("job.sql"), "--checkpoint-dir", f.path("ck")], name: "first")
        defer { first.terminate() }
        #expect(f.waitUntil { FileManager.default.fileExists(atPath: f.path("ck/LOCK")) && !f.lines("ck/LOCK").isEmpty })
        let second = try f.runPiped("", arguments: ["run", f.path("job.sql"), "--checkpoint-dir", f.path("ck")])
        #expect(second.status == 1)
        #expect(second.err.contains("checkpoint folder \(f.path("ck")) is in use by another eddy job (pid \(first.processIdentifier))"), "\(second.err)")
        first.terminate()
        first.waitUntilExit()
        // The lock went with the process: the folder is free again.
        try f.write("job.sql", f.createSource("s", columns: "k BIGINT", file: "in.jsonl") + "\nSELECT k FROM s;\n")
        let third = try f.runPiped("", arguments: ["run", f.path("job.sql"), "--checkpoint-dir", f.path("ck"), "--recover"])
        #expect(third.status == 0, "\(third.err)")
    }

    @Test func aReadOnlyCheckpointFolderIsRefusedBeforeTheRun() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let f = try Self.fixture()
        try FileManager.default.createDirectory(atPath: f.path("ck"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o555])
        let result = try run(f, [])
        #expect(result.status == 1)
        #expect(result.err.contains("cannot use checkpoint folder"), "\(result.err)")
    }

    @Test func recoveryRefusesAnOutputShortenedAfterTheCheckpoint() throws {
        let f = try Self.fixture()
        #expect(try run(f, ["-q"]).status == 0)
        let committed = size(f.path("out/a.jsonl"))
        #expect(committed > 1000)
        try FileManager.default.removeItem(atPath: f.path("out/a.jsonl"))
        try f.write("out/a.jsonl", String(repeating: "x", count: 999) + "\n")
        let result = try run(f, ["--recover"])
        #expect(result.status == 1)
        #expect(result.err.contains("out/a.jsonl is shorter than checkpoint 1 committed (1000 < \(committed) bytes)"), "\(result.err)")
        #expect(size(f.path("out/a.jsonl")) == 1000, "nothing written")
        try FileManager.default.removeItem(atPath: f.path("out/a.jsonl"))
        #expect(try run(f, ["--recover"]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: f.path("out/a.jsonl")), "nothing written")
    }

    @Test func recoveryRefusesALogTruncatedOrRewrittenAfterTheCheckpoint() throws {
        let f = try Self.fixture()
        #expect(try run(f, ["-q"]).status == 0)
        let log = try String(contentsOfFile: f.path("s.jsonl"), encoding: .utf8)
        try f.write("s.jsonl", String(log.prefix(100)))
        let truncated = try run(f, ["--recover"])
        #expect(truncated.status == 1)
        #expect(truncated.err.contains("source 's': \(f.path("s.jsonl")) holds 100 bytes, but checkpoint 1 had read \(log.utf8.count)"), "\(truncated.err)")
        try f.write("s.jsonl", log.replacingOccurrences(of: "\"k\": 3", with: "\"k\": 4"))
        let rewritten = try run(f, ["--recover"])
        #expect(rewritten.status == 1)
        #expect(rewritten.err.contains("are not those checkpoint 1 read"), "\(rewritten.err)")
        try f.write("s.jsonl", log + "{\"k\": 1, \"v\": 5000}\n")
        let appended = try run(f, ["--recover", "-q"])
        #expect(appended.status == 0, "appending to a log is what logs are for: \(appended.err)")
        #expect(f.lines("out/a.jsonl").count == 5001)
    }

    /// Every file of a checkpoint names the checkpoint and operator it belongs to: one
    /// copied from another checkpoint is detected, and the one before is used.
    @Test func aFileCopiedFromAnotherCheckpointIsDetected() throws {
        let f = try Self.fixture()
        try f.write(
            "job.sql",
            """
            CREATE SOURCE s (k BIGINT, v BIGINT) WITH ('connector' = 'file', 'path' = 's.jsonl');
            CREATE SINK a WITH ('connector' = 'file', 'path' = 'out/a.jsonl');
            INSERT INTO a SELECT k, COUNT(*) AS n FROM s GROUP BY k;
            """)
        for copied in ["_metadata", "op-"] {
            try? FileManager.default.removeItem(atPath: f.path("ck"))
            #expect(try run(f, ["-q", "--batch-size", "1000", "--checkpoint-interval", "1ms"]).status == 0)
            let names = f.lines("ck/MANIFEST")
            #expect(names.count == 3)
            let (older, newest) = (names[1], names[2])
            let files = try FileManager.default.contentsOfDirectory(atPath: f.path("ck/\(newest)"))
            let file = try #require(files.first { $0.hasPrefix(copied) })
            try FileManager.default.removeItem(atPath: f.path("ck/\(newest)/\(file)"))
            try FileManager.default.copyItem(atPath: f.path("ck/\(older)/\(file)"), toPath: f.path("ck/\(newest)/\(file)"))
            let listed = try f.runPiped("", arguments: ["checkpoints", f.path("ck")])
            #expect(listed.out.contains("\(newest)/\(file) belongs to \(older)/\(file)"), "\(listed.out)")
            let recovered = try run(f, ["--recover", "-q"])
            #expect(recovered.status == 0)
            #expect(recovered.err.contains("checkpoint \(newest) is unusable"), "\(recovered.err)")
            #expect(recovered.err.contains("recovering from checkpoint \(Int(older.dropFirst(4)) ?? 0)"), "\(recovered.err)")
        }
    }

    /// `eddy savepoint` leaves a request in the folder; it never signals a process, so a
    /// stale lock file naming some pid (here this test's own) harms nothing.
    @Test func aSavepointIsAskedForThroughTheFolderNeverBySignal() throws {
        let f = try ShellFixture()
        try FileManager.default.createDirectory(atPath: f.path("ck"), withIntermediateDirectories: true)
        try f.write("ck/LOCK", "\(getpid())\n")
        let none = try f.runPiped("", arguments: ["savepoint", f.path("ck"), "--timeout", "1"])
        #expect(none.status == 1)
        #expect(none.err.contains("no job is running with --checkpoint-dir"))

        try f.write("in.jsonl", "{\"k\": 1}\n")
        try f.write("job.sql", f.createSource("s", columns: "k BIGINT", file: "in.jsonl", follow: true) + "\nSELECT k, COUNT(*) FROM s GROUP BY k;\n")
        let job = try f.start(["run", f.path("job.sql"), "--checkpoint-dir", f.path("ck"), "--checkpoint-interval", "1h"], name: "job")
        defer { job.terminate() }
        #expect(f.waitUntil { f.lines("ck/LOCK") == ["\(job.processIdentifier)"] })
        let asked = try f.runPiped("", arguments: ["savepoint", f.path("ck")])
        #expect(asked.status == 0, "\(asked.err)")
        #expect(asked.out.contains("\(f.path("ck"))/savepoint-"))
        #expect(f.lines("ck/MANIFEST").contains { $0.hasPrefix("savepoint-") })
        job.terminate()
        job.waitUntilExit()
        #expect(job.terminationStatus == 143)
    }
}
