import EddyCore
import Testing

@testable import EddyRuntime

/// Runs a window aggregation over (key, ts, value) rows pushed in batches, with the
/// watermark advanced to `watermarks[i]` after batch i; returns everything emitted.
private func runWindow(
    _ window: WindowSpec, batches: [[(String, Int64, Int64)]], watermarks: [Int64],
    aggregates: [AggregateCall] = [
        AggregateCall(function: .count, argument: nil, resultType: .bigint),
        AggregateCall(function: .sum, argument: 2, resultType: .bigint),
    ]
) throws -> (rows: [[Value]], late: Int) {
    let input = Schema([Field("k", .varchar), Field("ts", .timestamp), Field("v", .bigint)])
    let spec = WindowAggregateSpec(window: window, timeColumn: 1, keyColumns: [0], aggregates: aggregates)
    var outFields = [Field("k", .varchar), Field("window_start", .timestamp), Field("window_end", .timestamp)]
    outFields += aggregates.map { Field("a", $0.resultType) }
    let op = WindowAggregateOperator(spec: spec, inputSchema: input, outputSchema: Schema(outFields))
    var out: [[Value]] = []
    let emit: Emit = { out += $0.rows() }
    for (batch, wm) in zip(batches, watermarks) {
        let b = Batch.fromRows(batch.map { [.string($0.0), .timestamp($0.1), .int($0.2)] }, types: input.types)
        try op.process(b, port: 0, emit: emit)
        try op.advanceWatermark(to: wm, emit: emit)
    }
    return (out, op.lateRowsDropped)
}

@Suite("Window aggregation")
struct WindowAggregateTests {
    @Test func tumblingWindowFiresOnceTheWatermarkPassesItsEnd() throws {
        let r = try runWindow(
            .tumble(size: 10), batches: [[("a", 1, 5), ("a", 4, 7), ("b", 13, 1)], [("b", 19, 2)]], watermarks: [11, 30])
        #expect(r.rows == [
            [.string("a"), .timestamp(0), .timestamp(10), .int(2), .int(12)],
            [.string("b"), .timestamp(10), .timestamp(20), .int(2), .int(3)],
        ])
    }

    @Test func aWindowFiresWhenTheWatermarkReachesItsLastMillisecond() throws {
        let notYet = try runWindow(.tumble(size: 10), batches: [[("a", 1, 1)]], watermarks: [8])
        #expect(notYet.rows.isEmpty)
        let fired = try runWindow(.tumble(size: 10), batches: [[("a", 1, 1)]], watermarks: [9])
        #expect(fired.rows.count == 1)
    }

    @Test func eventsForAFiredWindowAreLateDroppedAndCounted() throws {
        let r = try runWindow(.tumble(size: 10), batches: [[("a", 1, 1)], [("a", 7, 1), ("a", 12, 1)]], watermarks: [11, 100])
        #expect(r.late == 1)
        #expect(r.rows.map { $0[3] } == [.int(1), .int(1)])
    }

    @Test func negativeTimestampsAlignToTheEpoch() throws {
        let r = try runWindow(.tumble(size: 10), batches: [[("a", -3, 1)]], watermarks: [.max])
        #expect(r.rows.first?[1] == .timestamp(-10))
        #expect(r.rows.first?[2] == .timestamp(0))
    }

    @Test func hoppingWindowsCountAnEventInEveryWindowThatHoldsIt() throws {
        let r = try runWindow(.hop(slide: 5, size: 10), batches: [[("a", 7, 1)]], watermarks: [.max])
        #expect(r.rows.map { [$0[1], $0[2]] } == [[.timestamp(0), .timestamp(10)], [.timestamp(5), .timestamp(15)]])
    }

    @Test func cumulatingWindowsGrowByStepWithinTheirMaximum() throws {
        let r = try runWindow(.cumulate(step: 5, maxSize: 15), batches: [[("a", 7, 1), ("a", 2, 10)]], watermarks: [.max])
        #expect(r.rows.map { [$0[2], $0[4]] } == [
            [.timestamp(5), .int(10)], [.timestamp(10), .int(11)], [.timestamp(15), .int(11)],
        ])
    }

    @Test func minMaxAvgAndDistinctCount() throws {
        let aggs = [
            AggregateCall(function: .min, argument: 2, resultType: .bigint),
            AggregateCall(function: .max, argument: 2, resultType: .bigint),
            AggregateCall(function: .avg, argument: 2, resultType: .bigint),
            AggregateCall(function: .count, argument: 2, distinct: true, resultType: .bigint),
        ]
        let r = try runWindow(.tumble(size: 10), batches: [[("a", 1, 4), ("a", 2, 9), ("a", 3, 4)]], watermarks: [.max], aggregates: aggs)
        #expect(r.rows.first.map { Array($0[3...]) } == [.int(4), .int(9), .int(5), .int(2)])
    }

    @Test func stateIsFreedWhenAWindowFires() throws {
        let input = Schema([Field("k", .varchar), Field("ts", .timestamp), Field("v", .bigint)])
        let spec = WindowAggregateSpec(window: .tumble(size: 10), timeColumn: 1, keyColumns: [0], aggregates: [])
        let op = WindowAggregateOperator(
            spec: spec, inputSchema: input,
            outputSchema: Schema([Field("k", .varchar), Field("window_start", .timestamp), Field("window_end", .timestamp)]))
        try op.process(Batch.fromRows([[.string("a"), .timestamp(1), .int(1)], [.string("b"), .timestamp(2), .int(1)]], types: input.types), port: 0) { _ in }
        #expect(op.stateSize == 2)
        try op.advanceWatermark(to: 20) { _ in }
        #expect(op.stateSize == 0)
    }

    @Test func sessionsThatMergeCloseOnceAndTheSlotTheyFreeServesAnotherKey() throws {
        let input = Schema([Field("k", .varchar), Field("ts", .timestamp), Field("v", .bigint)])
        let spec = WindowAggregateSpec(
            window: .session(gap: 5), timeColumn: 1, keyColumns: [0], aggregates: [AggregateCall(function: .count, argument: nil, resultType: .bigint)])
        let output = Schema([Field("k", .varchar), Field("window_start", .timestamp), Field("window_end", .timestamp), Field("c", .bigint)])
        let op = SessionWindowAggregateOperator(spec: spec, gap: 5, inputSchema: input, outputSchema: output)
        var rows: [[Value]] = []
        let emit: Emit = { rows += $0.rows() }
        func push(_ events: [(String, Int64)]) throws {
            try op.process(Batch.fromRows(events.map { [.string($0.0), .timestamp($0.1), .int(1)] }, types: input.types), port: 0, emit: emit)
        }
        try push([("a", 0), ("a", 10)])  // two sessions of a: [0, 5) and [10, 15)
        try push([("a", 5)])  // [5, 10) touches both: one session [0, 15)
        try push([("b", 12)])  // [12, 17), in the slot the merge freed
        try op.advanceWatermark(to: 14, emit: emit)
        #expect(rows == [[.string("a"), .timestamp(0), .timestamp(15), .int(3)]])
        try op.advanceWatermark(to: 15, emit: emit)
        #expect(rows.count == 1)
        try op.advanceWatermark(to: 16, emit: emit)
        #expect(rows.last == [.string("b"), .timestamp(12), .timestamp(17), .int(1)])
        #expect(op.stateSize == 0 && op.closing.isEmpty)
    }
}
