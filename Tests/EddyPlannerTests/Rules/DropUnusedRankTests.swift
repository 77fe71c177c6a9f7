import EddyCore
import EddyPlanner
import Testing

/// The tests of `DropUnusedRank` (Sources/EddyPlanner/Optimizer/Rules/DropUnusedRank.swift).
@Suite("DropUnusedRank: a rank no one reads is not emitted")
struct DropUnusedRankTests {
    typealias F = Fixtures

    /// The top 2 orders per region by amount, with the rank as column 4.
    static func topN(emitsRank: Bool = true) -> LogicalPlan {
        let spec = TopNSpec(
            partitionColumns: [0], orderBy: [.init(column: 1, descending: true, nullsFirst: false)], limit: 2,
            emitsRowNumber: emitsRank)
        return .topN(spec, rowNumberName: "rn", input: F.scan)
    }

    @Test func aProjectionWithoutTheRankStopsTheTopNFromEmittingIt() {
        let plan = LogicalPlan.project([F.col(0, .varchar), F.col(1, .bigint)], names: ["region", "amount"], input: Self.topN())
        let rewritten = DropUnusedRank().rewrite(plan)
        #expect(rewritten == .project([F.col(0, .varchar), F.col(1, .bigint)], names: ["region", "amount"], input: Self.topN(emitsRank: false)))
        #expect(rewritten.schema == plan.schema, "the result's columns do not change")
    }

    @Test func aRankThatIsReadStays() {
        let readsRank = LogicalPlan.project([F.col(0, .varchar), F.col(4, .bigint)], names: ["region", "rn"], input: Self.topN())
        #expect(DropUnusedRank().rewrite(readsRank) == readsRank)
        let inAnExpression = LogicalPlan.project(
            [.call(.add, args: [F.col(4, .bigint), F.int(1)], type: .bigint)], names: ["place"], input: Self.topN())
        #expect(DropUnusedRank().rewrite(inAnExpression) == inAnExpression)
    }

    @Test func aTopNWithoutAProjectionAboveKeepsItsRank() {
        // Nothing says the rank is unused: the sink receives every column.
        let plan = F.sink(Self.topN())
        #expect(DropUnusedRank().rewrite(plan) == plan)
    }
}
