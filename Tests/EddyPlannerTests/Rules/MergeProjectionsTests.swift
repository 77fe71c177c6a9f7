import EddyCore
import EddyPlanner
import Testing

/// The tests of `MergeProjections` (Sources/EddyPlanner/Optimizer/Rules/MergeProjections.swift).
@Suite("MergeProjections: adjacent projections become one")
struct MergeProjectionsTests {
    typealias F = Fixtures

    @Test func mergeProjectionsSubstitutesInnerExpressions() {
        let inner = LogicalPlan.project([.call(.add, args: [F.col(1, .bigint), F.int(1)], type: .bigint)], names: ["a1"], input: F.scan)
        let plan = LogicalPlan.project([.call(.multiply, args: [F.col(0, .bigint), F.int(2)], type: .bigint)], names: ["x"], input: inner)
        let merged = MergeProjections().rewrite(plan)
        let expected = LogicalPlan.project(
            [.call(.multiply, args: [.call(.add, args: [F.col(1, .bigint), F.int(1)], type: .bigint), F.int(2)], type: .bigint)],
            names: ["x"], input: F.scan)
        #expect(merged == expected)
    }
}
