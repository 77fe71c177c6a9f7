import EddyCore

/// The runtime half of the aggregate registry: the kernels of one aggregate function. Its
/// type rule and two-phase split are in its EddyCore descriptor (`AggregateFunction`);
/// the runtime cannot be named from there, so each function finds its kernels here, by
/// identity, in one exhaustive switch the compiler checks.
struct AggregateKernel {
    /// Over windows (append-only input; session windows merge slots).
    let accumulator: (_ call: AggregateCall, _ inputType: DataType?) -> Accumulator
    /// Over a changelog: every update can be taken back.
    let retractable: (_ call: AggregateCall, _ inputType: DataType?) -> RetractableAccumulator
}

public enum AggregateKernels {
    static func kernel(_ function: AggregateFunction) -> AggregateKernel {
        switch function {
        case .count:
            return AggregateKernel(
                accumulator: { call, _ in CountAccumulator(countsNulls: call.argument == nil) },
                retractable: { call, _ in RetractableCount(countsNulls: call.argument == nil) })
        case .sum, .avg:
            let averages = function == .avg
            return AggregateKernel(
                accumulator: { call, type in
                    if type == .double { return SumAccumulator<Double>(resultType: call.resultType, averages: averages) }
                    return SumAccumulator<Int64>(resultType: call.resultType, averages: averages)
                },
                retractable: { call, _ in RetractableSum(resultType: call.resultType, average: averages) })
        case .min, .max:
            return AggregateKernel(
                accumulator: { call, type in ExtremumAccumulator(type: type ?? call.resultType, keepsMax: function == .max) },
                retractable: { _, _ in MultisetExtremum(keepsMax: function == .max) })
        case .varPop: return variance(.population)
        case .varSamp: return variance(.sampled)
        case .stddevPop: return variance(.populationDeviation)
        case .stddevSamp: return variance(.sampledDeviation)
        }
    }

    /// One class serves windows and changelogs: its sums subtract and add alike.
    private static func variance(_ statistic: Variance) -> AggregateKernel {
        AggregateKernel(accumulator: { _, _ in VarianceAccumulator(statistic) }, retractable: { _, _ in VarianceAccumulator(statistic) })
    }

    /// The accumulator of a window aggregation's call over rows whose argument has type
    /// `inputType`; DISTINCT wraps it.
    public static func accumulator(_ call: AggregateCall, inputType: DataType?) -> Accumulator {
        let base = kernel(call.function).accumulator(call, inputType)
        return call.distinct ? DistinctAccumulator(base) : base
    }

    /// The accumulator of a changelog aggregation's call; DISTINCT wraps it.
    public static func retractable(_ call: AggregateCall, inputType: DataType?) -> RetractableAccumulator {
        let base = kernel(call.function).retractable(call, inputType)
        return call.distinct ? RetractableDistinct(base) : base
    }
}
