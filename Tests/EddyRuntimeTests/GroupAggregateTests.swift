import EddyCore
import Testing

@testable import EddyRuntime

/// A group aggregation over (key, value) rows: COUNT(*), SUM(v), MAX(v).
private final class Harness {
    let op: GroupAggregateOperator
    var out: [String] = []

    init(aggregates: [AggregateCall]? = nil) {
        let input = Schema([Field("k", .varchar), Field("v", .bigint)])
        let aggs = aggregates ?? [
            AggregateCall(function: .count, argument: nil, resultType: .bigint),
            AggregateCall(function: .sum, argument: 1, resultType: .bigint),
            AggregateCall(function: .max, argument: 1, resultType: .bigint),
        ]
        let outSchema = Schema([Field("k", .varchar)] + aggs.map { Field("a", $0.resultType) })
        op = GroupAggregateOperator(spec: GroupAggregateSpec(keyColumns: [0], aggregates: aggs), inputSchema: input, outputSchema: outSchema)
    }

    func push(_ rows: [(String, Int64)], kinds: [RowKind]? = nil) throws {
        let batch = Batch.fromRows(rows.map { [.string($0.0), .int($0.1)] }, types: [.varchar, .bigint], kinds: kinds)
        try op.process(batch, port: 0) { b in
            b.forEachRow { r in
                self.out.append(([b.kind(at: r).symbol] + b.columns.map { $0.value(at: r).displayText }).joined(separator: " "))
            }
        }
    }
}

@Suite("Group aggregation (changelog)")
struct GroupAggregateTests {
    @Test func newKeysInsertAndChangedKeysUpdate() throws {
        let h = Harness()
        try h.push([("a", 5), ("b", 1)])
        try h.push([("a", 7)])
        #expect(h.out == ["+I a 1 5 5", "+I b 1 1 1", "-U a 1 5 5", "+U a 2 12 7"])
    }

    @Test func severalRowsOfOneKeyInABatchEmitOneUpdate() throws {
        let h = Harness()
        try h.push([("a", 1), ("a", 2), ("a", 3)])
        #expect(h.out == ["+I a 3 6 3"])
    }

    @Test func retractionsUpdateAndTheLastOneDeletes() throws {
        let h = Harness()
        try h.push([("a", 5), ("a", 9)])
        try h.push([("a", 9)], kinds: [.updateBefore])
        try h.push([("a", 5)], kinds: [.delete])
        #expect(h.out == ["+I a 2 14 9", "-U a 2 14 9", "+U a 1 5 5", "-D a 1 5 5"])
        #expect(h.op.stateSize == 0)
    }

    @Test func anUnchangedResultEmitsNothing() throws {
        let h = Harness(aggregates: [AggregateCall(function: .max, argument: 1, resultType: .bigint)])
        try h.push([("a", 9)])
        try h.push([("a", 3)])
        #expect(h.out == ["+I a 9"])
    }

    @Test func distinctWithoutAggregates() throws {
        let h = Harness(aggregates: [])
        try h.push([("a", 1), ("b", 1), ("a", 2)])
        try h.push([("a", 3)])
        #expect(h.out == ["+I a", "+I b"])
    }

    @Test func countDistinctRetracts() throws {
        let h = Harness(aggregates: [AggregateCall(function: .count, argument: 1, distinct: true, resultType: .bigint)])
        try h.push([("a", 1), ("a", 1), ("a", 2)])
        try h.push([("a", 1)], kinds: [.delete])
        try h.push([("a", 1)], kinds: [.delete])
        #expect(h.out == ["+I a 2", "-U a 2", "+U a 1"])
    }
}
