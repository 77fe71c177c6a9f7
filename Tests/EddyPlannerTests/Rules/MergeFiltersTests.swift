import EddyCore
import EddyPlanner
import Testing

/// The tests of `MergeFilters` (Sources/EddyPlanner/Optimizer/Rules/MergeFilters.swift).
@Suite("MergeFilters: adjacent filters become one")
struct MergeFiltersTests {
    typealias F = Fixtures

    @Test func mergeFiltersMakesOneConjunction() {
        let a = F.gt(F.col(1, .bigint), F.int(1)), b = F.eq(F.col(0, .varchar), .literal(.string("eu")))
        let plan = LogicalPlan.filter(a, input: .filter(b, input: F.scan))
        #expect(MergeFilters().rewrite(plan) == .filter(.and([b, a]), input: F.scan))
    }
}
