import EddyCore
@testable import EddyEngine
import EddyRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The two-phase commit of a file sink, step by step: staged rows become a segment at a
/// checkpoint, are published in the background after it, and recovery finishes a publish
/// that a crash interrupted and drops what no checkpoint committed.
@Suite("Transactional file sink")
struct TransactionalSinkTests {
    static func batch(_ values: [Int64]) -> Batch {
        Batch(columns: [Column(type: .bigint, values: .ints(values))], rowCount: values.count)
    }

    static func sink(_ folder: TempFolder, fresh: Bool) throws -> TransactionalFileSink {
        try TransactionalFileSink(name: "out", path: folder.path + "/out.jsonl", names: ["n"], changelog: false, fresh: fresh)
    }

    @Test func rowsAreVisibleOnlyOnceTheirCheckpointCommits() throws {
        let folder = TempFolder()
        let sink = try Self.sink(folder, fresh: true)
        try sink.write(Self.batch([1, 2]))
        let first = try sink.preCommit()
        #expect(first == SinkCommit(finalLength: 0, stagedLength: 18, segment: 1))
        try sink.write(Self.batch([3]))
        #expect(try folder.read("out.jsonl") == "", "nothing before the commit")
        try sink.commit(first)
        let second = try sink.preCommit()  // waits for the first publish
        #expect(try folder.read("out.jsonl") == "{\"n\": 1}\n{\"n\": 2}\n")
        #expect(second == SinkCommit(finalLength: 18, stagedLength: 9, segment: 2))
        try sink.commit(second)
        try sink.finish()
        #expect(try folder.read("out.jsonl") == "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n")
        #expect(!FileSystem.exists(folder.path + "/out.jsonl.pending"), "staging is gone after a finished run")
        #expect(!FileSystem.exists(folder.path + "/out.jsonl.pending.1"))
    }

    @Test func recoveryFinishesAnInterruptedPublishAndDropsUncommittedRows() throws {
        let folder = TempFolder()
        var commit: SinkCommit?
        do {
            let sink = try Self.sink(folder, fresh: true)
            try sink.write(Self.batch([1, 2]))
            commit = try sink.preCommit()
            // The checkpoint completes, then the process dies before publishing, with
            // more rows staged and a segment of a checkpoint that never completed.
            try sink.write(Self.batch([9]))
            try sink.flush()
        }
        _ = try folder.write("out.jsonl.pending.7", "{\"n\": 7}\n")
        let recovered = try Self.sink(folder, fresh: false)
        try recovered.recover(try #require(commit))
        #expect(try folder.read("out.jsonl") == "{\"n\": 1}\n{\"n\": 2}\n")
        #expect(!FileSystem.exists(folder.path + "/out.jsonl.pending.1"))
        #expect(!FileSystem.exists(folder.path + "/out.jsonl.pending.7"))
        // The run goes on from there: the next checkpoint appends after the committed rows.
        try recovered.write(Self.batch([3]))
        let next = try recovered.preCommit()
        #expect(next.finalLength == 18 && next.segment == 2)
        try recovered.commit(next)
        try recovered.finish()
        #expect(try folder.read("out.jsonl") == "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n")
    }

    @Test func aPublishThatFinishedBeforeTheCrashIsNotRepeated() throws {
        let folder = TempFolder()
        let sink = try Self.sink(folder, fresh: true)
        try sink.write(Self.batch([1]))
        let c = try sink.preCommit()
        try sink.commit(c)
        try sink.finish()
        let recovered = try Self.sink(folder, fresh: false)
        try recovered.recover(c)
        #expect(try folder.read("out.jsonl") == "{\"n\": 1}\n")
    }
}
