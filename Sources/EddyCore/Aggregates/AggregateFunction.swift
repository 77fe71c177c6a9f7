/// The aggregate functions, and the one place each is described: adding an aggregate is a
/// case here, its descriptor below, and its kernel in the runtime's `AggregateKernels`.
/// The analyzer, the function catalog, the plan checker and the two-phase rewrite all read
/// `descriptor`; the raw value is the SQL name and the name in compiled plans.
public enum AggregateFunction: String, Codable, Sendable, Hashable, CaseIterable {
    case count = "COUNT"
    case sum = "SUM"
    case min = "MIN"
    case max = "MAX"
    case avg = "AVG"
    case varPop = "VAR_POP"
    case varSamp = "VAR_SAMP"
    case stddevPop = "STDDEV_POP"
    case stddevSamp = "STDDEV_SAMP"

    public var descriptor: AggregateDescriptor {
        switch self {
        case .count:
            return AggregateDescriptor(
                starResultType: .bigint, expectedArgument: "a value", resultType: { _ in .bigint }, twoPhase: .combinedBy(.sum))
        case .sum:
            return AggregateDescriptor(expectedArgument: "a number", resultType: Self.sameNumber, twoPhase: .combinedBy(.sum))
        case .min, .max:
            return AggregateDescriptor(expectedArgument: "a value", resultType: { $0 }, twoPhase: .combinedBy(self))
        case .avg:
            // AVG of integers is an integer, truncated toward zero, as in Flink.
            return AggregateDescriptor(
                expectedArgument: "a number", resultType: Self.sameNumber,
                twoPhase: .parts([PartialAggregate(.sum), PartialAggregate(.count)], finish: Self.average))
        case .varPop: return Variance.population.descriptor
        case .varSamp: return Variance.sampled.descriptor
        case .stddevPop: return Variance.populationDeviation.descriptor
        case .stddevSamp: return Variance.sampledDeviation.descriptor
        }
    }

    /// SUM and AVG keep their argument's type (intervals add up to intervals).
    @Sendable static func sameNumber(_ t: DataType) -> DataType? { t.isNumeric || t == .interval ? t : nil }

    /// The sum divided by the count, NULL without values.
    @Sendable static func average(_ parts: [ScalarExpr], _ type: DataType) -> ScalarExpr {
        let (sum, count) = (parts[0], parts[1])
        let numerator = type == .double ? ScalarExpr.cast(sum, to: .double) : sum
        let denominator = type == .double ? ScalarExpr.cast(count, to: .double) : count
        return .caseWhen(
            branches: [CaseBranch(condition: .call(.equal, args: [count, .literal(.int(0))], type: .boolean), result: .literal(.null, type: type))],
            otherwise: .call(.divide, args: [numerator, denominator], type: type), type: type)
    }
}
