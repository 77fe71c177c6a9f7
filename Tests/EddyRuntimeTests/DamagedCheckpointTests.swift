import EddyCore
import Testing

@testable import EddyRuntime

/// Checkpoint contents that pass the file's checksum but are not what Eddy writes (a
/// hand-made or foreign checkpoint): each must be refused with a StateFormatError when it
/// is read or restored, never trap later. Found by fuzzing (Tests/Fuzz/FuzzCheckpoint).
@Suite("Damaged checkpoints")
struct DamagedCheckpointTests {
    private func metadata(sinks: [String: SinkCommit]) -> CheckpointMetadata {
        CheckpointMetadata(
            id: 1, createdAt: 0, isSavepoint: false, planFingerprint: 0, planText: "", parallelism: 1, sources: [:],
            progress: [:], sinks: sinks, statefulNodes: [])
    }

    /// Recovery computes `finalLength + stagedLength` and `segment + 1`: values that
    /// overflow (or are negative) must not get that far.
    @Test(arguments: [
        SinkCommit(finalLength: .max, stagedLength: 1, segment: 1),
        SinkCommit(finalLength: -1, stagedLength: 0, segment: 1),
        SinkCommit(finalLength: 0, stagedLength: -5, segment: 1),
        SinkCommit(finalLength: 0, stagedLength: 0, segment: .max),
        SinkCommit(finalLength: 0, stagedLength: 0, segment: -1),
    ])
    func aSinkCommitOutOfRangeIsRefused(commit: SinkCommit) {
        #expect(throws: StateFormatError.self) { try CheckpointMetadata.decode(metadata(sinks: ["out": commit]).encoded()) }
    }

    @Test func aSinkCommitInRangeReadsBack() throws {
        let commit = SinkCommit(finalLength: 100, stagedLength: 20, segment: 3)
        #expect(try CheckpointMetadata.decode(metadata(sinks: ["out": commit]).encoded()).sinks["out"] == commit)
    }

    private func key(_ v: Int64) -> GroupKey {
        var k = GroupKey()
        k[0] = v
        return k
    }

    /// A window that ends before it starts (here at Int64.min, whose `end - 1` traps when
    /// the watermark moves).
    @Test func aWindowEndingBeforeItStartsIsRefused() {
        let input = Schema([Field("k", .bigint), Field("ts", .timestamp)])
        let spec = WindowAggregateSpec(
            window: .tumble(size: 10), timeColumn: 1, keyColumns: [0],
            aggregates: [AggregateCall(function: .count, argument: nil, resultType: .bigint)])
        let op = WindowAggregateOperator(
            spec: spec, inputSchema: input,
            outputSchema: Schema([Field("k", .bigint), Field("s", .timestamp), Field("e", .timestamp), Field("n", .bigint)]))
        var g = StateWriter()
        g.writeInt(Int64.min)
        g.writeInt(0)
        var b = OperatorStateBuilder(global: g.bytes)
        b.record(key(1), op.keys) { w in
            w.writeInt(0)
            w.writeInt(Int64.min)
            w.writeInt(1)
        }
        #expect(throws: StateFormatError.self) { try op.restore(b.finish()) }
    }

    private func join() -> RegularJoinOperator {
        let left = Schema([Field("k", .bigint), Field("a", .varchar)])
        let right = Schema([Field("k", .bigint), Field("b", .varchar)])
        return RegularJoinOperator(
            spec: JoinSpec(kind: .inner, strategy: .regular, leftKeys: [0], rightKeys: [0]), leftSchema: left, rightSchema: right,
            outputSchema: Schema(left.fields + right.fields))
    }

    private func joinState(_ op: RegularJoinOperator, side: UInt64, row: [Value]) -> OperatorState {
        var g = StateWriter()
        g.writeInt(Int64.min)  // a TTL clock that has not moved
        g.writeBool(false)
        g.writeInt(0)
        g.writeInt(0)
        var b = OperatorStateBuilder(global: g.bytes)
        b.record(key(1), op.keys) { w in
            w.writeUInt(side)
            w.writeUInt(1)
            w.writeValues(row)
            w.writeInt(0)
            w.writeInt(Int64.min)
            w.writeBool(false)
        }
        return b.finish()
    }

    /// A side number too large for an Int trapped when converted.
    @Test func aJoinSideBeyondIntIsRefused() {
        let op = join()
        #expect(throws: StateFormatError.self) { try op.restore(joinState(op, side: .max, row: [.int(1), .string("x")])) }
    }

    /// A row narrower than its side's schema is indexed out of range when joined.
    @Test func aJoinRowOfTheWrongWidthIsRefused() {
        let op = join()
        #expect(throws: StateFormatError.self) { try op.restore(joinState(op, side: 0, row: [.int(1)])) }
        #expect(throws: Never.self) { try join().restore(joinState(op, side: 1, row: [.int(1), .string("x")])) }
    }

    @Test func aTopNRowOfTheWrongWidthIsRefused() {
        let input = Schema([Field("k", .bigint), Field("v", .bigint)])
        let spec = TopNSpec(
            partitionColumns: [0], orderBy: [TopNSpec.SortKey(column: 1, descending: true, nullsFirst: false)], limit: 2,
            emitsRowNumber: false)
        let op = TopNOperator(spec: spec, inputSchema: input, outputSchema: input, appendOnlyInput: true)
        var g = StateWriter()
        g.writeInt(Int64.min)  // a TTL clock that has not moved
        g.writeBool(false)
        g.writeInt(0)
        var b = OperatorStateBuilder(global: g.bytes)
        b.record(key(1), op.keys) { w in
            w.writeUInt(1)
            w.writeValues([.int(1)])
            w.writeUInt(0)
            w.writeInt(Int64.min)
            w.writeBool(false)
        }
        #expect(throws: StateFormatError.self) { try op.restore(b.finish()) }
    }
}
