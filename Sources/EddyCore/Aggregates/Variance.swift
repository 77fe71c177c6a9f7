/// The variance family (VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP) computed from a
/// count, a sum and a sum of squares in Double, as Flink computes them (it rewrites these
/// functions to the same sums). Sums add, subtract (a retraction) and merge by addition,
/// so the state is exactly retractable, two-phase partials are plain SUMs, and integer
/// inputs give the same bits in any order; the runtime kernel and the two-phase finish
/// compute one formula, so one worker and several agree. The price is cancellation when
/// |mean| is many orders of magnitude above the deviation: a negative difference is taken
/// as 0, never given as NaN.
public struct Variance: Sendable, Hashable {
    /// Divide by n - 1 (a sample), not n (a population): NULL for one value.
    public var sample: Bool
    /// The standard deviation: the square root of the variance.
    public var root: Bool

    public static let population = Variance(sample: false, root: false)
    public static let sampled = Variance(sample: true, root: false)
    public static let populationDeviation = Variance(sample: false, root: true)
    public static let sampledDeviation = Variance(sample: true, root: true)

    /// The fewest values that give a result: 1, or 2 for a sample.
    var minimumCount: Int64 { sample ? 2 : 1 }

    /// The statistic of `count` values with these sums; nil (NULL) for too few values.
    public func value(count: Int64, sum: Double, sumOfSquares: Double) -> Double? {
        guard count >= minimumCount else { return nil }
        let n = Double(count)
        let m2 = sumOfSquares - sum * sum / n
        if m2 < 0 { return 0 }
        let v = m2 / (sample ? Double(count - 1) : n)
        return root ? v.squareRoot() : v
    }

    /// The descriptor every member of the family shares: DOUBLE of a number, two-phase as
    /// COUNT(x), SUM(x) and SUM(x * x) in DOUBLE, finished by `expression`.
    public var descriptor: AggregateDescriptor {
        AggregateDescriptor(
            expectedArgument: "a number", resultType: { $0.isNumeric ? .double : nil },
            twoPhase: .parts(
                [PartialAggregate(.count), PartialAggregate(.sum, of: Self.double), PartialAggregate(.sum, of: Self.square)],
                finish: { parts, _ in expression(parts) }))
    }

    @Sendable static func double(_ x: ScalarExpr) -> ScalarExpr { x.type == .double ? x : .cast(x, to: .double) }

    @Sendable static func square(_ x: ScalarExpr) -> ScalarExpr {
        let d = double(x)
        return .call(.multiply, args: [d, d], type: .double)
    }

    /// `value(count:sum:sumOfSquares:)` as an expression over the combined parts
    /// (count, sum, sum of squares), step for step, so it rounds the same.
    public func expression(_ parts: [ScalarExpr]) -> ScalarExpr {
        let (count, sum, squares) = (parts[0], parts[1], parts[2])
        let n = ScalarExpr.cast(count, to: .double)
        let sumSquared = ScalarExpr.call(.multiply, args: [sum, sum], type: .double)
        let m2 = ScalarExpr.call(.subtract, args: [squares, .call(.divide, args: [sumSquared, n], type: .double)], type: .double)
        let divisor = sample ? ScalarExpr.cast(.call(.subtract, args: [count, .literal(.int(1))], type: .bigint), to: .double) : n
        var value = ScalarExpr.call(.divide, args: [m2, divisor], type: .double)
        if root { value = .call(.sqrt, args: [value], type: .double) }
        return .caseWhen(
            branches: [
                CaseBranch(condition: .call(.less, args: [count, .literal(.int(minimumCount))], type: .boolean), result: .literal(.null, type: .double)),
                CaseBranch(condition: .call(.less, args: [m2, .literal(.double(0))], type: .boolean), result: .literal(.double(0))),
            ],
            otherwise: value, type: .double)
    }
}
