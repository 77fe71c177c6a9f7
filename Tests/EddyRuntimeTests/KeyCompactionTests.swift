import EddyCore
import Testing

@testable import EddyRuntime

/// Key strings of state that is gone are forgotten: a stream of ever-new keys keeps the
/// memory of its live windows, not of every key it has seen, and results do not change.
@Suite("Key string compaction")
struct KeyCompactionTests {
    @Test func compactKeepsLiveKeysAndTheirMeaning() {
        let encoder = KeyEncoder(types: [.varchar, .bigint])
        let keys = encoder.encode(
            [Column(type: .varchar, values: .strings((0..<100).map { "k\($0)" })), Column(type: .bigint, values: .ints(Array(0..<100)))],
            rows: (0..<100).map { Int32($0) })
        let live = [keys[97], keys[3]]
        let renumbered = encoder.compact(live)
        #expect(encoder.strings == ["k97", "k3"])
        #expect(renumbered.map { encoder.values(of: $0) } == [[.string("k97"), .int(97)], [.string("k3"), .int(3)]])
    }

    @Test func aWindowAggregationOverEverNewKeysForgetsTheOldOnes() throws {
        let input = Schema([Field("k", .varchar), Field("ts", .timestamp)])
        let spec = WindowAggregateSpec(
            window: .tumble(size: 10), timeColumn: 1, keyColumns: [0],
            aggregates: [AggregateCall(function: .count, argument: nil, resultType: .bigint)])
        let output = Schema([Field("k", .varchar), Field("window_start", .timestamp), Field("window_end", .timestamp), Field("n", .bigint)])
        let op = WindowAggregateOperator(spec: spec, inputSchema: input, outputSchema: output)
        var emitted = 0
        var lastRow: [Value] = []
        var counts = Set<Value>()
        // 40 windows of 5,000 new keys each (two rows a key, in two batches); a window
        // fires only after the next has opened, so compaction renumbers an open window.
        for w in 0..<40 {
            let names = (0..<5_000).map { "w\(w)-\($0)" }
            let batch = Batch(
                columns: [
                    Column(type: .varchar, values: .strings(names)),
                    Column(type: .timestamp, values: .ints(Array(repeating: Int64(w * 10 + 1), count: names.count))),
                ], rowCount: names.count)
            let collect: Emit = { out in
                emitted += out.rowCount
                lastRow = out.columns.map { $0.value(at: out.rowCount - 1) }
                for r in 0..<out.rowCount { counts.insert(out.columns[3].value(at: r)) }
            }
            try op.process(batch, port: 0) { _ in }
            try op.advanceWatermark(to: Int64(w * 10 - 1), emit: collect)
            try op.process(batch, port: 0) { _ in }
            if w == 39 { try op.advanceWatermark(to: .max, emit: collect) }
        }
        #expect(counts == [.int(2)], "every key kept both its rows across compactions")
        #expect(emitted == 200_000)
        #expect(lastRow == [.string("w39-4999"), .timestamp(390), .timestamp(400), .int(2)])
        #expect(op.keys.strings.count <= 4 * 16_384 + 5_000, "interned: \(op.keys.strings.count)")
    }
}
