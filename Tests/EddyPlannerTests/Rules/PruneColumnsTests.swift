import EddyCore
import EddyPlanner
import Testing

/// The tests of `PruneColumns` (Sources/EddyPlanner/Optimizer/Rules/PruneColumns.swift).
@Suite("PruneColumns: only the columns something reads are kept")
struct PruneColumnsTests {
    typealias F = Fixtures

    @Test func pruneColumnsNarrowsTheScanButKeepsTheEventTime() {
        let plan = F.sink(.project([F.col(0, .varchar)], names: ["region"], input: .filter(F.gt(F.col(1, .bigint), F.int(1)), input: F.scan)))
        let pruned = PruneColumns().rewrite(plan)
        guard case .sink(_, _, .project(let exprs, _, .filter(let p, .scan(_, let columns)))) = pruned else {
            Issue.record("unexpected shape: \(pruned)")
            return
        }
        #expect(columns == [0, 1, 3])
        #expect(exprs == [F.col(0, .varchar)])
        #expect(p == F.gt(F.col(1, .bigint), F.int(1)))
    }

    @Test func pruningThroughAJoinKeepsKeysAndDropsWhatOnlyAFilterRead() {
        // SELECT refunds.amount ... WHERE region = 'eu': orders keeps amount (the key) and
        // drops region once its filter has run; note is never read.
        let join = LogicalPlan.join(F.join(.inner), left: .filter(F.eu, input: F.scan), right: F.refundScan)
        let plan = F.sink(.project([F.col(5, .bigint)], names: ["refund"], input: join))
        let pruned = PruneColumns().rewrite(plan)
        guard case .sink(_, _, .project(let exprs, _, .join(let spec, let left, let right))) = pruned else {
            Issue.record("unexpected shape: \(pruned)")
            return
        }
        #expect(left == .project([F.col(1, .bigint)], names: ["amount"], input: .filter(F.eu, input: .scan(F.orders, columns: [0, 1, 3]))))
        #expect(right == .project([F.col(0, .bigint), F.col(1, .bigint)], names: ["order_id", "amount"], input: F.refundScan))
        #expect(spec.leftKeys == [0] && spec.rightKeys == [0])
        #expect(exprs == [F.col(2, .bigint)])
        #expect(PruneColumns().rewrite(pruned) == pruned, "pruning again changes nothing")
    }
}
