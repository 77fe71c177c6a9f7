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
}
