import EddyCore
import EddyPlanner

/// Small hand-built plans for optimizer rule tests.
enum Fixtures {
    static let orders = SourceDefinition(
        name: "orders", kind: .source,
        schema: Schema([Field("region", .varchar), Field("amount", .bigint), Field("note", .varchar), Field("ts", .timestamp)]),
        watermark: WatermarkSpec(column: 3, delayMillis: 5000), connector: nil)

    static var scan: LogicalPlan { .scan(orders, columns: [0, 1, 2, 3]) }

    static func col(_ i: Int, _ t: DataType) -> ScalarExpr { .column(index: i, type: t) }
    static func int(_ v: Int64) -> ScalarExpr { .literal(.int(v)) }
    static func gt(_ a: ScalarExpr, _ b: ScalarExpr) -> ScalarExpr { .call(.greater, args: [a, b], type: .boolean) }
    static func eq(_ a: ScalarExpr, _ b: ScalarExpr) -> ScalarExpr { .call(.equal, args: [a, b], type: .boolean) }

    static func sink(_ input: LogicalPlan) -> LogicalPlan {
        .sink(SinkSpec(name: "out", target: .stdout(query: 1)), description: "stdout", input: input)
    }

    static let refunds = SourceDefinition(
        name: "refunds", kind: .source,
        schema: Schema([Field("order_id", .bigint), Field("amount", .bigint), Field("ts", .timestamp)]),
        watermark: WatermarkSpec(column: 2, delayMillis: 0), connector: nil)
    static var refundScan: LogicalPlan { .scan(refunds, columns: [0, 1, 2]) }

    /// orders (region, amount, note, ts) joined to refunds (order_id, amount, ts) on amount = order_id.
    static func join(_ kind: JoinSpec.Kind) -> JoinSpec {
        JoinSpec(kind: kind, strategy: .regular, leftKeys: [1], rightKeys: [0])
    }

    static let eu = eq(col(0, .varchar), .literal(.string("eu")))
    /// refunds.amount > 10, as a column of the joined row.
    static let bigRefund = gt(col(5, .bigint), int(10))
    static let crossSide = gt(col(1, .bigint), col(5, .bigint))
}
