import EddyCore
import EddyPlanner
import Testing

/// The tests of `RemoveEmptyUnionBranches` (Sources/EddyPlanner/Optimizer/Rules/RemoveEmptyUnionBranches.swift).
@Suite("RemoveEmptyUnionBranches: union branches that never emit a row go")
struct RemoveEmptyUnionBranchesTests {
    typealias F = Fixtures

    @Test func anAlwaysFalseBranchLeavesTheUnion() {
        let empty = LogicalPlan.filter(.falseLiteral, input: F.scan)
        let kept = LogicalPlan.filter(F.eu, input: F.scan)
        #expect(RemoveEmptyUnionBranches().rewrite(.union([empty, kept, kept])) == .union([kept, kept]))
        #expect(RemoveEmptyUnionBranches().rewrite(.union([kept, empty])) == kept)
        let nullFilter = LogicalPlan.filter(.literal(.null, type: .boolean), input: F.scan)
        #expect(RemoveEmptyUnionBranches().rewrite(.union([nullFilter, empty])) == nullFilter, "all empty: the first stays")
        let union = LogicalPlan.union([kept, kept])
        #expect(RemoveEmptyUnionBranches().rewrite(union) == union)
    }

    @Test func aDroppedFirstBranchLeavesTheUnionItsColumnNames() {
        let empty = LogicalPlan.project([F.col(1, .bigint)], names: ["n"], input: .filter(.falseLiteral, input: F.scan))
        let other = LogicalPlan.project([F.col(1, .bigint)], names: ["amount"], input: F.scan)
        let rewritten = RemoveEmptyUnionBranches().rewrite(.union([empty, other]))
        #expect(rewritten.schema.names == ["n"])
        #expect(rewritten == .project([F.col(0, .bigint)], names: ["n"], input: other))
    }

    @Test func anEmptySideEmptiesOnlyAnInnerJoin() {
        let empty = LogicalPlan.filter(.falseLiteral, input: F.refundScan)
        #expect(LogicalPlan.join(F.join(.inner), left: F.scan, right: empty).isProvablyEmpty)
        #expect(!LogicalPlan.join(F.join(.left), left: F.scan, right: empty).isProvablyEmpty)
        #expect(LogicalPlan.project([F.col(0, .bigint)], names: ["order_id"], input: empty).isProvablyEmpty)
        #expect(!LogicalPlan.aggregate(
            GroupAggregateSpec(keyColumns: [], aggregates: []), keyNames: [], aggregateNames: [], input: empty).isProvablyEmpty)
    }
}
