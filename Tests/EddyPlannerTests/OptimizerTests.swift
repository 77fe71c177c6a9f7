import EddyCore
import EddyPlanner
import Testing

/// The optimizer as a whole (each rule's tests are in Rules/), and plan facts the rules
/// rely on.
@Suite("Optimizer")
struct OptimizerTests {
    typealias F = Fixtures

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

    @Test func joinOutputNamesAreMadeUniqueAsFlinkDoes() {
        let join = LogicalPlan.join(F.join(.inner), left: F.scan, right: F.refundScan)
        #expect(join.schema.names == ["region", "amount", "note", "ts", "order_id", "amount0", "ts0"])
        #expect(Schema.uniqueNames(["a", "A", "a0", "a"]) == ["a", "A0", "a00", "a1"])
    }
}
