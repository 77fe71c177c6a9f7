import EddyCore
import EddyPlanner
import Testing

/// The tests of `PushDownFilter` (Sources/EddyPlanner/Optimizer/Rules/PushDownFilter.swift).
@Suite("PushDownFilter: filters move toward the sources")
struct PushDownFilterTests {
    typealias F = Fixtures

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

    @Test func aFilterOverAUnionRunsInEveryInput() {
        let union = LogicalPlan.union([F.scan, F.scan])
        let plan = LogicalPlan.filter(F.eu, input: union)
        #expect(PushDownFilter().rewrite(plan) == .union([.filter(F.eu, input: F.scan), .filter(F.eu, input: F.scan)]))
    }

    @Test func anInnerJoinTakesEachConjunctToTheSideItReads() {
        let plan = LogicalPlan.filter(
            .and([F.eu, F.bigRefund, F.crossSide]), input: .join(F.join(.inner), left: F.scan, right: F.refundScan))
        let expected = LogicalPlan.filter(
            F.crossSide,
            input: .join(
                F.join(.inner), left: .filter(F.eu, input: F.scan),
                right: .filter(F.gt(F.col(1, .bigint), F.int(10)), input: F.refundScan)))
        #expect(PushDownFilter().rewrite(plan) == expected)
    }

    @Test func anOuterJoinKeepsConjunctsOnItsPaddedSide() {
        let both = ScalarExpr.and([F.eu, F.bigRefund])
        let left = LogicalPlan.filter(both, input: .join(F.join(.left), left: F.scan, right: F.refundScan))
        #expect(PushDownFilter().rewrite(left) == .filter(
            F.bigRefund, input: .join(F.join(.left), left: .filter(F.eu, input: F.scan), right: F.refundScan)))
        let right = LogicalPlan.filter(both, input: .join(F.join(.right), left: F.scan, right: F.refundScan))
        #expect(PushDownFilter().rewrite(right) == .filter(
            F.eu,
            input: .join(F.join(.right), left: F.scan, right: .filter(F.gt(F.col(1, .bigint), F.int(10)), input: F.refundScan))))
        let full = LogicalPlan.filter(both, input: .join(F.join(.full), left: F.scan, right: F.refundScan))
        #expect(PushDownFilter().rewrite(full) == full)
    }

    @Test func aConjunctReadingTheWatermarkStaysAboveAJoinAndAUnion() {
        let late = F.gt(F.col(3, .timestamp), .call(.currentWatermark, args: [F.col(3, .timestamp)], type: .timestamp))
        let overJoin = LogicalPlan.filter(late, input: .join(F.join(.inner), left: F.scan, right: F.refundScan))
        #expect(PushDownFilter().rewrite(overJoin) == overJoin)
        let overUnion = LogicalPlan.filter(late, input: .union([F.scan, F.scan]))
        #expect(PushDownFilter().rewrite(overUnion) == overUnion)
    }
}
