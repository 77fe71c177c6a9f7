/// Everything the front end and the planner need to know of one aggregate function, so that
/// adding a function is one entry in `AggregateFunction.descriptor` (plus its runtime
/// kernel) instead of edits to a catalog, the analyzer, the plan checker and the two-phase
/// rewrite. The runtime reads the function identity and `twoPhase`; it finds the kernel
/// from the identity in its own table (`AggregateKernels`), since EddyCore cannot name it.
public struct AggregateDescriptor: Sendable {
    /// The result type of `F(*)`; nil when the function refuses `*` (all but COUNT).
    public let starResultType: DataType?
    /// What the argument must be, in words, for the diagnostic that refuses another type.
    public let expectedArgument: String
    /// The type rule: the result type for an argument of type `t`, nil where the function
    /// does not take `t`. The analyzer and the plan checker both ask it, so they agree.
    public let resultType: @Sendable (_ argument: DataType) -> DataType?
    /// How the function runs as a first (local) and second (global) phase.
    public let twoPhase: TwoPhaseSplit

    public init(
        starResultType: DataType? = nil, expectedArgument: String, resultType: @escaping @Sendable (DataType) -> DataType?,
        twoPhase: TwoPhaseSplit
    ) {
        self.starResultType = starResultType
        self.expectedArgument = expectedArgument
        self.resultType = resultType
        self.twoPhase = twoPhase
    }
}

/// How partial results of an aggregate combine when a window aggregation runs in two
/// phases (a local partial aggregate per batch, then a global one after the shuffle).
public enum TwoPhaseSplit: Sendable {
    /// Partial results are values of the function itself, and the second phase applies
    /// `combiner` to them: partial counts are summed, extremes taken again.
    case combinedBy(AggregateFunction)
    /// The first phase computes `parts` instead (each a function whose own split is
    /// `combinedBy`), the second combines each part, and `finish` computes the result from
    /// the combined parts (in the order of `parts`) as an expression of the given result
    /// type: AVG travels as SUM and COUNT and is divided at the end.
    case parts([PartialAggregate], finish: @Sendable (_ parts: [ScalarExpr], _ resultType: DataType) -> ScalarExpr)
}

/// One part of a split aggregate: a function applied to a value made from the call's
/// argument (the argument itself when `argument` is nil; `x * x` for a sum of squares).
public struct PartialAggregate: Sendable {
    public let function: AggregateFunction
    public let argument: (@Sendable (_ callArgument: ScalarExpr) -> ScalarExpr)?

    public init(_ function: AggregateFunction, of argument: (@Sendable (ScalarExpr) -> ScalarExpr)? = nil) {
        self.function = function
        self.argument = argument
    }
}
