import EddyCore
import EddyPlanner
import Testing

@Suite("Optimizer rules")
struct OptimizerRuleTests {
    typealias F = Fixtures

    @Test func simplifyFoldsConstantsAndBooleanIdentities() {
        let s = SimplifyExpressions.simplify
        let x = F.col(1, .bigint)
        #expect(s(.call(.add, args: [F.int(1), F.int(2)], type: .bigint)) == F.int(3))
        #expect(s(.call(.add, args: [x, F.int(0)], type: .bigint)) == x)
        #expect(s(.call(.multiply, args: [F.int(1), x], type: .bigint)) == x)
        let p = F.gt(x, F.int(3))
        #expect(s(.call(.and, args: [p, .trueLiteral], type: .boolean)) == p)
        #expect(s(.call(.or, args: [p, .trueLiteral], type: .boolean)) == .trueLiteral)
        #expect(s(.call(.not, args: [.call(.not, args: [p], type: .boolean)], type: .boolean)) == p)
        #expect(s(F.gt(F.int(1), F.int(2))) == .falseLiteral)
        #expect(s(.call(.and, args: [p, .falseLiteral], type: .boolean)) == .falseLiteral)
    }

    @Test func simplifyLeavesNullComparisonsNull() {
        let e = F.eq(.literal(.null, type: .bigint), F.int(1))
        #expect(SimplifyExpressions.simplify(e) == .literal(.null, type: .boolean))
    }

    @Test func mergeFiltersMakesOneConjunction() {
        let a = F.gt(F.col(1, .bigint), F.int(1)), b = F.eq(F.col(0, .varchar), .literal(.string("eu")))
        let plan = LogicalPlan.filter(a, input: .filter(b, input: F.scan))
        #expect(MergeFilters().rewrite(plan) == .filter(.and([b, a]), input: F.scan))
    }

    @Test func pushDownFilterGoesBelowAProjectionRewritingColumns() {
        let project = LogicalPlan.project([F.col(1, .bigint), F.col(0, .varchar)], names: ["amount", "region"], input: F.scan)
        let plan = LogicalPlan.filter(F.gt(F.col(0, .bigint), F.int(15)), input: project)
        let expected = LogicalPlan.project(
            [F.col(1, .bigint), F.col(0, .varchar)], names: ["amount", "region"],
            input: .filter(F.gt(F.col(1, .bigint), F.int(15)), input: F.scan))
        #expect(PushDownFilter().rewrite(plan) == expected)
    }

    @Test func pushDownFilterSplitsAtAWindowAggregation() {
        let spec = WindowAggregateSpec(
            window: .tumble(size: 1000), timeColumn: 3, keyColumns: [0],
            aggregates: [AggregateCall(function: .count, argument: nil, resultType: .bigint)])
        let agg = LogicalPlan.windowAggregate(spec, keyNames: ["region"], aggregateNames: ["n"], input: F.scan)
        let onKey = F.eq(F.col(0, .varchar), .literal(.string("eu")))
        let onCount = F.gt(F.col(3, .bigint), F.int(2))
        let plan = LogicalPlan.filter(.and([onKey, onCount]), input: agg)
        let expected = LogicalPlan.filter(
            onCount,
            input: .windowAggregate(spec, keyNames: ["region"], aggregateNames: ["n"], input: .filter(onKey, input: F.scan)))
        #expect(PushDownFilter().rewrite(plan) == expected)
    }

    @Test func pushDownFilterKeepsAFilterOnAnAggregateAbove() {
        let spec = WindowAggregateSpec(window: .tumble(size: 1000), timeColumn: 3, keyColumns: [0], aggregates: [])
        let agg = LogicalPlan.windowAggregate(spec, keyNames: ["region"], aggregateNames: [], input: F.scan)
        let plan = LogicalPlan.filter(F.gt(F.col(1, .timestamp), .literal(.timestamp(0))), input: agg)
        #expect(PushDownFilter().rewrite(plan) == plan)
    }

    @Test func mergeProjectionsSubstitutesInnerExpressions() {
        let inner = LogicalPlan.project([.call(.add, args: [F.col(1, .bigint), F.int(1)], type: .bigint)], names: ["a1"], input: F.scan)
        let plan = LogicalPlan.project([.call(.multiply, args: [F.col(0, .bigint), F.int(2)], type: .bigint)], names: ["x"], input: inner)
        let merged = MergeProjections().rewrite(plan)
        let expected = LogicalPlan.project(
            [.call(.multiply, args: [.call(.add, args: [F.col(1, .bigint), F.int(1)], type: .bigint), F.int(2)], type: .bigint)],
            names: ["x"], input: F.scan)
        #expect(merged == expected)
    }

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

    @Test func removeIdentityProjection() {
        let identity = LogicalPlan.project(
            [F.col(0, .varchar), F.col(1, .bigint), F.col(2, .varchar), F.col(3, .timestamp)],
            names: ["region", "amount", "note", "ts"], input: F.scan)
        #expect(RemoveIdentityProjection().rewrite(identity) == F.scan)
        let renamed = LogicalPlan.project(
            [F.col(0, .varchar), F.col(1, .bigint), F.col(2, .varchar), F.col(3, .timestamp)],
            names: ["r", "amount", "note", "ts"], input: F.scan)
        #expect(RemoveIdentityProjection().rewrite(renamed) == renamed)
    }

    @Test func removeTrivialFilter() {
        #expect(RemoveTrivialFilter().rewrite(.filter(.trueLiteral, input: F.scan)) == F.scan)
    }

    @Test func theOptimizerReachesAFixedPointAndRecordsItsSteps() {
        let plan = F.sink(.filter(.call(.and, args: [F.gt(F.col(0, .bigint), F.int(10)), .trueLiteral], type: .boolean),
            input: .project([F.col(1, .bigint)], names: ["amount"], input: F.scan)))
        let (optimized, steps) = Optimizer().optimizeWithTrace(plan)
        #expect(Optimizer().optimize(optimized) == optimized)
        #expect(steps.map(\.rule).contains("SimplifyExpressions"))
        #expect(steps.map(\.rule).contains("PushDownFilter"))
        guard case .sink(_, _, .project(_, _, .filter(_, .scan(_, let columns)))) = optimized else {
            Issue.record("unexpected plan \(optimized)")
            return
        }
        #expect(columns == [1, 3])
    }
}
