import EddyCore
@testable import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Recovery from checkpoints on disk, in one process: damaged checkpoints are skipped
/// with a warning, a checkpoint of another plan is refused, output is exactly-once.
@Suite("Checkpoints on disk")
struct CheckpointRecoveryTests {
    static let script = """
        CREATE SOURCE s (k VARCHAR, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
        WITH ('connector' = 'file', 'path' = 'in.jsonl');
        CREATE SINK out WITH ('connector' = 'file', 'path' = 'out.jsonl');
        INSERT INTO out SELECT k, window_start, SUM(v) AS total FROM TUMBLE(s, ts, INTERVAL '10' SECOND) GROUP BY k, window_start, window_end;
        CREATE SINK counts WITH ('connector' = 'file', 'path' = 'counts.jsonl');
        INSERT INTO counts SELECT k, COUNT(*) AS n FROM s GROUP BY k;
        """

    static func events(_ range: Range<Int>) -> String {
        range.map { #"{"k": "k\#($0 % 7)", "v": \#($0), "ts": \#($0 * 1000)}"# }.joined(separator: "\n") + "\n"
    }

    /// Runs the script with checkpoints after every batch of 10 events; stops after
    /// `rounds` batches (a stop that takes no final checkpoint is like a crash) or runs to
    /// the end.
    @discardableResult
    static func run(
        _ folder: TempFolder, script: String = script, recover: Bool, stopAfter rounds: Int? = nil, parallelism: Int = 1,
        readStripeBytes: Int64? = nil, wording: (String) -> String = { $0 }
    ) throws -> JobOutcome {
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: script), baseDirectory: folder.path)
        let graph = try JobCompiler.compile(prepared.queries)
        let config = CheckpointConfig(
            directory: folder.path + "/ck", intervalMillis: 0, recover: recover, planText: wording(PhysicalExplain(graph: graph).render()),
            identity: PlanIdentity(graph: graph))
        var batches = 0
        return try JobExecutor.run(
            graph, batchSize: 10, parallelism: parallelism, readStripeBytes: readStripeBytes,
            shouldStop: {
                batches += 1
                return rounds.map { batches > $0 } ?? false
            }, checkpointing: config)
    }

    @Test func aStoppedRunResumesToTheSameOutputAsAnUninterruptedOne() throws {
        let reference = TempFolder()
        try reference.write("in.jsonl", Self.events(0..<200))
        try Self.run(reference, recover: false)
        let interrupted = TempFolder()
        try interrupted.write("in.jsonl", Self.events(0..<200))
        try Self.run(interrupted, recover: false, stopAfter: 7)
        try Self.run(interrupted, recover: true, stopAfter: 5)
        let last = try Self.run(interrupted, recover: true)
        #expect(last.checkpointMessages.contains { $0.hasPrefix("recovering from checkpoint") })
        #expect(try interrupted.read("out.jsonl") == reference.read("out.jsonl"))
        #expect(try interrupted.read("counts.jsonl") == reference.read("counts.jsonl"))
    }

    /// A checkpoint names its plan by the plan's canonical encoding, not by how EXPLAIN
    /// words it: a later eddy that explains plans differently still resumes it.
    @Test func aCheckpointOutlivesAChangeOfExplainWording() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<100))
        try Self.run(folder, recover: false, stopAfter: 3)
        let resumed = try Self.run(folder, recover: true, wording: { "Plan, in the words of a later eddy:\n" + $0.uppercased() })
        #expect(resumed.checkpointMessages.contains { $0.hasPrefix("recovering from checkpoint") })
        let reference = TempFolder()
        try reference.write("in.jsonl", Self.events(0..<100))
        try Self.run(reference, recover: false)
        #expect(try folder.read("out.jsonl") == reference.read("out.jsonl"))
        // A changed plan is still refused, naming the operators that changed.
        let changed = Self.script.replacingAll("COUNT(*) AS n", with: "COUNT(v) AS n")
        do {
            try Self.run(folder, script: changed, recover: true)
            Issue.record("a checkpoint of another plan was used")
        } catch let e as RunFailure {
            #expect(e.message.contains("was taken for another plan"))
            #expect(e.message.contains("operators changed:"))
        }
    }

    @Test func outputAfterTheLastCheckpointIsNotVisibleNorDuplicated() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<100))
        try Self.run(folder, recover: false, stopAfter: 3)
        // Simulate a crash mid-epoch: rows staged but never committed.
        let committed = try folder.read("counts.jsonl")
        try TextFile.write(committed + #"{"op": "+I", "k": "ghost", "n": 1}"# + "\n", to: folder.path + "/counts.jsonl")
        try Self.run(folder, recover: true)
        #expect(!(try folder.read("counts.jsonl")).contains("ghost"))
        let reference = TempFolder()
        try reference.write("in.jsonl", Self.events(0..<100))
        try Self.run(reference, recover: false)
        #expect(try folder.read("counts.jsonl") == reference.read("counts.jsonl"))
    }

    @Test func aCorruptedOrTruncatedNewestCheckpointFallsBackToThePreviousOne() throws {
        for damage in ["corrupt", "truncate", "delete"] {
            let folder = TempFolder()
            try folder.write("in.jsonl", Self.events(0..<100))
            try Self.run(folder, recover: false, stopAfter: 4)
            let store = CheckpointStore(directory: folder.path + "/ck")
            guard let newest = store.completed().last else {
                Issue.record("no checkpoint written")
                return
            }
            let victim = folder.path + "/ck/" + newest + "/_metadata"
            var bytes = try TextFile.readBytes(victim)
            switch damage {
            case "corrupt": bytes[bytes.count - 3] ^= 0xFF
            case "truncate": bytes.removeLast(5)
            default: bytes = []
            }
            if damage == "delete" { unlink(victim) } else { try DurableFile.writeAtomically(bytes, to: victim) }
            let outcome = try Self.run(folder, recover: true)
            #expect(outcome.checkpointMessages.first?.contains("checkpoint \(newest) is unusable") == true, "\(damage)")
            let reference = TempFolder()
            try reference.write("in.jsonl", Self.events(0..<100))
            try Self.run(reference, recover: false)
            #expect(try folder.read("out.jsonl") == reference.read("out.jsonl"), "\(damage)")
        }
    }

    @Test func recoveringWithoutACheckpointStartsFromTheBeginningAndSaysSo() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<30))
        let outcome = try Self.run(folder, recover: true)
        #expect(outcome.checkpointMessages.contains { $0.contains("no complete checkpoint") && $0.contains("starting from the beginning") })
    }

    @Test func aCheckpointOfAnotherPlanIsRefusedWithWhatChanged() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<50))
        try Self.run(folder, recover: false, stopAfter: 2)
        let changed = Self.script.replacingAll("INTERVAL '10' SECOND", with: "INTERVAL '1' MINUTE")
        #expect {
            try Self.run(folder, script: changed, recover: true)
        } throws: { error in
            guard let message = (error as? RunFailure)?.message else { return false }
            return message.contains("was taken for another plan") && message.contains("was: └─ WindowAggregate")
                || message.contains("TUMBLE(ts, 10 s)") && message.contains("TUMBLE(ts, 1 min)")
        }
    }

    static func sortedLines(_ folder: TempFolder, _ name: String) throws -> [String] {
        try folder.read(name).split(separator: "\n").map(String.init).sorted()
    }

    /// A checkpoint's keyed state is split by key group, so another number of workers can
    /// take it over: 2 → 1 and 1 → 2 give the rows of an uninterrupted run.
    @Test(arguments: [(2, 1), (1, 2), (2, 2)])
    func rescaling(from before: Int, to after: Int) throws {
        let reference = TempFolder()
        try reference.write("in.jsonl", Self.events(0..<300))
        try Self.run(reference, recover: false)
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<300))
        // Stopped partway (a parallel run's batches count per check, so stop early).
        try Self.run(folder, recover: false, stopAfter: before == 1 ? 12 : 3, parallelism: before)
        let resumed = try Self.run(folder, recover: true, parallelism: after)
        #expect(resumed.checkpointMessages.contains { $0.hasPrefix("recovering from checkpoint") })
        #expect(try Self.sortedLines(folder, "out.jsonl") == Self.sortedLines(reference, "out.jsonl"))
        // The changelog's rows may interleave differently across workers; its final
        // table must be the same.
        #expect(try Self.finalTable(folder, "counts.jsonl") == Self.finalTable(reference, "counts.jsonl"))
    }

    /// A log that several workers read in stripes resumes from the ranges each had left,
    /// with as many workers or another number: the rows of an uninterrupted run.
    @Test(arguments: [(2, 1), (1, 2), (2, 2), (2, 3)])
    func rescalingALogReadInStripes(from before: Int, to after: Int) throws {
        let reference = TempFolder()
        try reference.write("in.jsonl", Self.events(0..<300))
        try Self.run(reference, recover: false)
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<300))
        try Self.run(folder, recover: false, stopAfter: before == 1 ? 12 : 3, parallelism: before, readStripeBytes: 700)
        let resumed = try Self.run(folder, recover: true, parallelism: after, readStripeBytes: 700)
        #expect(resumed.checkpointMessages.contains { $0.hasPrefix("recovering from checkpoint") })
        #expect(try Self.sortedLines(folder, "out.jsonl") == Self.sortedLines(reference, "out.jsonl"))
        #expect(try Self.finalTable(folder, "counts.jsonl") == Self.finalTable(reference, "counts.jsonl"))
        #expect(resumed.summary.eventsRead < 300, "the resumed run read the log again")
    }

    /// A changelog file applied: the rows present at the end.
    static func finalTable(_ folder: TempFolder, _ name: String) throws -> [String] {
        var rows: [String] = []
        for line in try folder.read(name).split(separator: "\n") {
            let text = String(line)
            let row = text.replacingAll(#""op": "+I", "#, with: "").replacingAll(#""op": "+U", "#, with: "")
                .replacingAll(#""op": "-U", "#, with: "").replacingAll(#""op": "-D", "#, with: "")
            if text.contains(#""op": "+"#) {
                rows.append(row)
            } else if let i = rows.firstIndex(of: row) {
                rows.remove(at: i)
            }
        }
        return rows.sorted()
    }

    @Test func onlyTheLastCheckpointsAreKept() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.events(0..<100))
        try Self.run(folder, recover: false)
        let names = Directory.list(folder.path + "/ck").filter { $0.hasPrefix("chk-") }
        #expect(names.count == 3)
    }
}
