import EddyCore
import EddyPlanner
import Testing

/// The tests of `SimplifyExpressions` (Sources/EddyPlanner/Optimizer/Rules/SimplifyExpressions.swift).
@Suite("SimplifyExpressions: constant folding and boolean identities")
struct SimplifyExpressionsTests {
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
}
