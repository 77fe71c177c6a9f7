import EddyCore
import EddyPlanner
import Testing

/// Filters moving through unions and joins, columns pruned through joins, and union
/// branches that can never emit a row.
@Suite("Pushdown and pruning through unions and joins")
struct PushDownAndPruneTests {
    typealias F = Fixtures

    static let refunds = SourceDefinition(
        name: "refunds", kind: .source,
        schema: Schema([Field("order_id", .bigint), Field("amount", .bigint), Field("ts", .timestamp)]),
        watermark: WatermarkSpec(column: 2, delayMillis: 0), connector: nil)
    static var refundScan: LogicalPlan { .scan(refunds, columns: [0, 1, 2]) }

    /// orders (region, amount, note, ts) joined to refunds (order_id, amount, ts) on amount = order_id.
    static func join(_ kind: JoinSpec.Kind) -> JoinSpec {
        JoinSpec(kind: kind, strategy: .regular, leftKeys: [1], rightKeys: [0])
    }

    static let eu = F.eq(F.col(0, .varchar), .literal(.string("eu")))
    /// refunds.amount > 10, as a column of the joined row.
    static let bigRefund = F.gt(F.col(5, .bigint), F.int(10))
    static let crossSide = F.gt(F.col(1, .bigint), F.col(5, .bigint))

    @Test func aFilterOverAUnionRunsInEveryInput() {
        let union = LogicalPlan.union([F.scan, F.scan])
        let plan = LogicalPlan.filter(Self.eu, input: union)
        #expect(PushDownFilter().rewrite(plan) == .union([.filter(Self.eu, input: F.scan), .filter(Self.eu, input: F.scan)]))
    }

    @Test func anInnerJoinTakesEachConjunctToTheSideItReads() {
        let plan = LogicalPlan.filter(
            .and([Self.eu, Self.bigRefund, Self.crossSide]), input: .join(Self.join(.inner), left: F.scan, right: Self.refundScan))
        let expected = LogicalPlan.filter(
            Self.crossSide,
            input: .join(
                Self.join(.inner), left: .filter(Self.eu, input: F.scan),
                right: .filter(F.gt(F.col(1, .bigint), F.int(10)), input: Self.refundScan)))
        #expect(PushDownFilter().rewrite(plan) == expected)
    }

    @Test func anOuterJoinKeepsConjunctsOnItsPaddedSide() {
        let both = ScalarExpr.and([Self.eu, Self.bigRefund])
        let left = LogicalPlan.filter(both, input: .join(Self.join(.left), left: F.scan, right: Self.refundScan))
        #expect(PushDownFilter().rewrite(left) == .filter(
            Self.bigRefund, input: .join(Self.join(.left), left: .filter(Self.eu, input: F.scan), right: Self.refundScan)))
        let right = LogicalPlan.filter(both, input: .join(Self.join(.right), left: F.scan, right: Self.refundScan))
        #expect(PushDownFilter().rewrite(right) == .filter(
            Self.eu,
            input: .join(Self.join(.right), left: F.scan, right: .filter(F.gt(F.col(1, .bigint), F.int(10)), input: Self.refundScan))))
        let full = LogicalPlan.filter(both, input: .join(Self.join(.full), left: F.scan, right: Self.refundScan))
        #expect(PushDownFilter().rewrite(full) == full)
    }

    @Test func aConjunctReadingTheWatermarkStaysAboveAJoinAndAUnion() {
        let late = F.gt(F.col(3, .timestamp), .call(.currentWatermark, args: [F.col(3, .timestamp)], type: .timestamp))
        let overJoin = LogicalPlan.filter(late, input: .join(Self.join(.inner), left: F.scan, right: Self.refundScan))
        #expect(PushDownFilter().rewrite(overJoin) == overJoin)
        let overUnion = LogicalPlan.filter(late, input: .union([F.scan, F.scan]))
        #expect(PushDownFilter().rewrite(overUnion) == overUnion)
    }

    @Test func pruningThroughAJoinKeepsKeysAndDropsWhatOnlyAFilterRead() {
        // SELECT refunds.amount ... WHERE region = 'eu': orders keeps amount (the key) and
        // drops region once its filter has run; note is never read.
        let join = LogicalPlan.join(Self.join(.inner), left: .filter(Self.eu, input: F.scan), right: Self.refundScan)
        let plan = F.sink(.project([F.col(5, .bigint)], names: ["refund"], input: join))
        let pruned = PruneColumns().rewrite(plan)
        guard case .sink(_, _, .project(let exprs, _, .join(let spec, let left, let right))) = pruned else {
            Issue.record("unexpected shape: \(pruned)")
            return
        }
        #expect(left == .project([F.col(1, .bigint)], names: ["amount"], input: .filter(Self.eu, input: .scan(F.orders, columns: [0, 1, 3]))))
        #expect(right == .project([F.col(0, .bigint), F.col(1, .bigint)], names: ["order_id", "amount"], input: Self.refundScan))
        #expect(spec.leftKeys == [0] && spec.rightKeys == [0])
        #expect(exprs == [F.col(2, .bigint)])
        #expect(PruneColumns().rewrite(pruned) == pruned, "pruning again changes nothing")
    }

    @Test func joinOutputNamesAreMadeUniqueAsFlinkDoes() {
        let join = LogicalPlan.join(Self.join(.inner), left: F.scan, right: Self.refundScan)
        #expect(join.schema.names == ["region", "amount", "note", "ts", "order_id", "amount0", "ts0"])
        #expect(Schema.uniqueNames(["a", "A", "a0", "a"]) == ["a", "A0", "a00", "a1"])
    }

    @Test func anAlwaysFalseBranchLeavesTheUnion() {
        let empty = LogicalPlan.filter(.falseLiteral, input: F.scan)
        let kept = LogicalPlan.filter(Self.eu, input: F.scan)
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
        let empty = LogicalPlan.filter(.falseLiteral, input: Self.refundScan)
        #expect(LogicalPlan.join(Self.join(.inner), left: F.scan, right: empty).isProvablyEmpty)
        #expect(!LogicalPlan.join(Self.join(.left), left: F.scan, right: empty).isProvablyEmpty)
        #expect(LogicalPlan.project([F.col(0, .bigint)], names: ["order_id"], input: empty).isProvablyEmpty)
        #expect(!LogicalPlan.aggregate(
            GroupAggregateSpec(keyColumns: [], aggregates: []), keyNames: [], aggregateNames: [], input: empty).isProvablyEmpty)
    }
}
