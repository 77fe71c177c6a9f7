import EddyCore
import Testing

@testable import EddyRuntime

private func eval(_ e: ScalarExpr, _ columns: [Column] = [], rows: Int = 1) -> [Value] {
    let column = ExprCompiler.compile(e)(Batch(columns: columns, rowCount: rows))
    return (0..<rows).map { column.value(at: $0) }
}

private func lit(_ v: Value) -> ScalarExpr { .literal(v) }
private let null = ScalarExpr.literal(.null, type: .boolean)
private func call(_ f: ScalarFunction, _ args: ScalarExpr..., type: DataType) -> ScalarExpr { .call(f, args: args, type: type) }

@Suite("Expression kernels")
struct ExpressionTests {
    @Test func threeValuedLogic() {
        let t = ScalarExpr.trueLiteral, f = ScalarExpr.falseLiteral
        #expect(eval(call(.and, null, f, type: .boolean)) == [.bool(false)])
        #expect(eval(call(.and, null, t, type: .boolean)) == [.null])
        #expect(eval(call(.or, null, t, type: .boolean)) == [.bool(true)])
        #expect(eval(call(.or, null, f, type: .boolean)) == [.null])
        #expect(eval(call(.not, null, type: .boolean)) == [.null])
    }

    @Test func aLiteralIsItsValueOnEveryRowConvertedToItsType() {
        #expect(eval(lit(.string("buy")), rows: 3) == Array(repeating: .string("buy"), count: 3))
        #expect(eval(lit(.bool(false)), rows: 2) == [.bool(false), .bool(false)])
        #expect(eval(lit(.timestamp(-5)), rows: 2) == [.timestamp(-5), .timestamp(-5)])
        #expect(eval(.literal(.int(3), type: .double), rows: 2) == [.double(3), .double(3)])
        #expect(eval(.literal(.null, type: .varchar), rows: 3) == [.null, .null, .null])
        #expect(eval(lit(.int(1)), rows: 0) == [])
    }

    @Test func arithmeticWithNullsAndDivisionByZero() {
        #expect(eval(call(.add, lit(.int(2)), lit(.int(3)), type: .bigint)) == [.int(5)])
        #expect(eval(call(.divide, lit(.int(7)), lit(.int(2)), type: .bigint)) == [.int(3)])
        #expect(eval(call(.divide, lit(.int(7)), lit(.int(0)), type: .bigint)) == [.null])
        #expect(eval(call(.modulo, lit(.int(-7)), lit(.int(3)), type: .bigint)) == [.int(-1)])
        #expect(eval(call(.multiply, lit(.double(1.5)), .literal(.null, type: .double), type: .double)) == [.null])
        #expect(eval(call(.add, lit(.timestamp(1000)), lit(.interval(500)), type: .timestamp)) == [.timestamp(1500)])
    }

    @Test func inListFollowsSQLNullRules() {
        let x = lit(.int(2))
        #expect(eval(call(.inList, x, lit(.int(1)), lit(.int(2)), type: .boolean)) == [.bool(true)])
        #expect(eval(call(.inList, x, lit(.int(1)), .literal(.null, type: .bigint), type: .boolean)) == [.null])
        #expect(eval(call(.inList, x, lit(.int(1)), lit(.int(3)), type: .boolean)) == [.bool(false)])
    }

    @Test(arguments: [
        ("abc", "a%", true), ("abc", "%c", true), ("abc", "%b%", true), ("abc", "a_c", true), ("abc", "_", false),
        ("abc", "abc", true), ("abc", "ab", false), ("", "%", true), ("aXbXc", "a%b%c", true), ("mississippi", "%s_i%pi", true),
    ])
    func likePatterns(text: String, pattern: String, expected: Bool) {
        #expect(eval(call(.like, lit(.string(text)), lit(.string(pattern)), type: .boolean)) == [.bool(expected)])
    }

    @Test func stringFunctions() {
        #expect(eval(call(.upper, lit(.string("héllo")), type: .varchar)) == [.string("HÉLLO")])
        #expect(eval(call(.charLength, lit(.string("héllo")), type: .bigint)) == [.int(5)])
        #expect(eval(call(.substring, lit(.string("streaming")), lit(.int(3)), lit(.int(4)), type: .varchar)) == [.string("ream")])
        #expect(eval(call(.substring, lit(.string("abc")), lit(.int(0)), lit(.int(2)), type: .varchar)) == [.string("ab")])
        #expect(eval(call(.concat, lit(.string("a")), lit(.string("b")), type: .varchar)) == [.string("ab")])
    }

    @Test func roundingFunctions() {
        #expect(eval(call(.round, lit(.double(2.5)), type: .double)) == [.double(3)])
        #expect(eval(call(.round, lit(.double(-2.5)), type: .double)) == [.double(-3)])
        #expect(eval(call(.round, lit(.double(3.14159)), lit(.int(2)), type: .double)) == [.double(3.14)])
        #expect(eval(call(.floor, lit(.double(-1.5)), type: .double)) == [.double(-2)])
        #expect(eval(call(.ceil, lit(.double(1.2)), type: .double)) == [.double(2)])
        #expect(eval(call(.abs, lit(.int(-4)), type: .bigint)) == [.int(4)])
    }

    @Test func caseAndCoalesce() {
        let c = ScalarExpr.caseWhen(
            branches: [CaseBranch(condition: null, result: lit(.string("a"))), CaseBranch(condition: .trueLiteral, result: lit(.string("b")))],
            otherwise: nil, type: .varchar)
        #expect(eval(c) == [.string("b")])
        #expect(eval(call(.coalesce, .literal(.null, type: .bigint), lit(.int(4)), type: .bigint)) == [.int(4)])
    }

    @Test func castsThatFailGiveNull() {
        #expect(eval(.cast(lit(.string("42")), to: .bigint)) == [.int(42)])
        #expect(eval(.cast(lit(.string("forty")), to: .bigint)) == [.null])
        #expect(eval(.cast(lit(.double(3.9)), to: .bigint)) == [.int(3)])
        #expect(eval(.cast(lit(.string("2024-01-01 00:00:00")), to: .timestamp)) == [.timestamp(1_704_067_200_000)])
        #expect(eval(.cast(lit(.int(5)), to: .varchar)) == [.string("5")])
    }

    @Test func filterNarrowsTheSelectionWithoutCopying() throws {
        let batch = Batch.fromRows([[.int(1)], [.int(5)], [.null], [.int(9)]], types: [.bigint])
        let filter = FilterOperator(predicate: call(.greater, .column(index: 0, type: .bigint), lit(.int(2)), type: .boolean))
        var out: [Batch] = []
        try filter.process(batch, port: 0) { out.append($0) }
        #expect(out.first?.selection == [1, 3])
        #expect(out.first?.rows() == [[.int(5)], [.int(9)]])
    }
}
