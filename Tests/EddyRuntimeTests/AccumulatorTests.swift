import EddyCore
import Testing

@testable import EddyRuntime

/// Feeds `values` (NULL where nil) into `slot` of `accumulator`, one row each.
private func feed(_ accumulator: Accumulator, _ values: [Value], slot: Int32 = 0, type: DataType) {
    accumulator.grow(to: Int(slot) + 1)
    let column = Batch.fromRows(values.map { [$0] }, types: [type]).columns[0]
    accumulator.update(rows: (0..<Int32(values.count)).map { $0 }, slots: Array(repeating: slot, count: values.count), input: column)
}

private func retract(_ accumulator: RetractableAccumulator, _ values: [Value], slot: Int32 = 0, type: DataType) {
    let column = Batch.fromRows(values.map { [$0] }, types: [type]).columns[0]
    accumulator.retract(rows: (0..<Int32(values.count)).map { $0 }, slots: Array(repeating: slot, count: values.count), input: column)
}

private func state(_ accumulator: Accumulator, slot: Int = 0) -> [UInt8] {
    var w = StateWriter()
    accumulator.write(slot, to: &w)
    return w.bytes
}

private func call(_ f: AggregateFunction, distinct: Bool = false, _ type: DataType = .double) -> AggregateCall {
    AggregateCall(function: f, argument: 0, distinct: distinct, resultType: f.descriptor.resultType(type) ?? type)
}

private let ints: [Value] = [2, 4, 4, 4, 5, 5, 7, 9].map { .int($0) }
private let variances: [AggregateFunction] = [.varPop, .varSamp, .stddevPop, .stddevSamp]

@Suite("Accumulators")
struct AccumulatorTests {
    /// SUM and AVG are one generic class each; a checkpoint written by the per-type classes
    /// before them still reads, because the bytes are the same.
    @Test func genericSumAndAverageKeepTheCheckpointEncoding() throws {
        let sumInt = AggregateKernels.accumulator(call(.sum, .bigint), inputType: .bigint)
        feed(sumInt, [.int(5), .null, .int(7)], type: .bigint)
        var expected = StateWriter()
        expected.writeInt(Int64(12))
        expected.writeBool(true)
        #expect(state(sumInt) == expected.bytes)
        #expect(sumInt.result(0) == .int(12))

        let sumDouble = AggregateKernels.accumulator(call(.sum), inputType: .double)
        feed(sumDouble, [.double(1.5)], type: .double)
        expected = StateWriter()
        expected.writeDouble(1.5)
        expected.writeBool(true)
        #expect(state(sumDouble) == expected.bytes)

        let avgInt = AggregateKernels.accumulator(call(.avg, .bigint), inputType: .bigint)
        feed(avgInt, [.int(-4), .int(-3)], type: .bigint)
        expected = StateWriter()
        expected.writeInt(Int64(-7))
        expected.writeInt(Int64(2))
        #expect(state(avgInt) == expected.bytes)
        #expect(avgInt.result(0) == .int(-3))  // truncated toward zero

        let avgDouble = AggregateKernels.accumulator(call(.avg), inputType: .double)
        feed(avgDouble, [.double(1), .double(2)], type: .double)
        #expect(avgDouble.result(0) == .double(1.5))
        var r = StateReader(state(avgDouble))
        let restored = AggregateKernels.accumulator(call(.avg), inputType: .double)
        restored.grow(to: 1)
        try restored.read(0, from: &r)
        #expect(restored.result(0) == .double(1.5))
    }

    @Test func varianceOfAPopulationAndOfASample() {
        let results = variances.map { f -> Value in
            let a = AggregateKernels.accumulator(call(f, .bigint), inputType: .bigint)
            feed(a, ints + [.null], type: .bigint)
            return a.result(0)
        }
        #expect(results == [.double(4), .double(32.0 / 7), .double(2), .double((32.0 / 7).squareRoot())])
    }

    @Test func noValuesGiveNullAndOneValueGivesNullOnlyForASample() {
        for f in variances {
            let a = AggregateKernels.accumulator(call(f), inputType: .double)
            feed(a, [.null], type: .double)
            #expect(a.result(0) == .null)
            feed(a, [.double(3.5)], type: .double)
            #expect(a.result(0) == (f == .varSamp || f == .stddevSamp ? .null : .double(0)))
            #expect(a.results([0], type: .double).value(at: 0) == a.result(0))
        }
    }

    /// Retracting a value gives what never having seen it gives; retracting every value
    /// gives NULL and exact zeros.
    @Test func varianceRetracts() {
        for f in variances {
            let a = AggregateKernels.retractable(call(f), inputType: .double)
            feed(a, [.double(2), .double(4), .double(9)], type: .double)
            retract(a, [.double(2)], type: .double)
            let b = AggregateKernels.retractable(call(f), inputType: .double)
            feed(b, [.double(4), .double(9)], type: .double)
            #expect(a.result(0) == b.result(0))
            retract(a, [.double(4), .double(9)], type: .double)
            #expect(a.result(0) == .null)
            let empty = AggregateKernels.retractable(call(f), inputType: .double)
            empty.grow(to: 1)
            #expect(state(a) == state(empty))
        }
    }

    @Test func varianceMergesSessionsAndSurvivesACheckpoint() throws {
        let a = AggregateKernels.accumulator(call(.stddevSamp, .bigint), inputType: .bigint)
        feed(a, Array(ints[..<3]), slot: 0, type: .bigint)
        feed(a, Array(ints[3...]), slot: 1, type: .bigint)
        a.merge(from: 1, into: 0)
        #expect(a.result(0) == .double((32.0 / 7).squareRoot()))
        let restored = AggregateKernels.accumulator(call(.stddevSamp, .bigint), inputType: .bigint)
        restored.grow(to: 1)
        var r = StateReader(state(a))
        try restored.read(0, from: &r)
        #expect(restored.result(0) == a.result(0))
    }

    @Test func distinctVarianceCountsEachValueOnce() {
        let a = AggregateKernels.accumulator(call(.varPop, distinct: true, .bigint), inputType: .bigint)
        feed(a, ints, type: .bigint)
        let b = AggregateKernels.accumulator(call(.varPop, .bigint), inputType: .bigint)
        feed(b, [2, 4, 5, 7, 9].map { .int($0) }, type: .bigint)
        #expect(a.result(0) == b.result(0))
    }

    /// Two-phase aggregation finishes with `Variance.expression` over the summed parts;
    /// the kernel with `Variance.value`. They must round alike, or one worker and two
    /// would disagree.
    @Test(arguments: [Variance.population, .sampled, .populationDeviation, .sampledDeviation])
    func theTwoPhaseFinishEqualsTheKernel(_ statistic: Variance) {
        let samples: [(Int64, Double, Double)] = [
            (0, 0, 0), (1, 3.5, 12.25), (2, 0.1 + 0.2, 0.01 + 0.04), (8, 40, 232), (5, 27, 175),
            (3, 3e9 + 6, 3e18 + 1.2e10 + 14), (3, 1, 0.2),
        ]
        let parts = [ScalarExpr.column(index: 0, type: .bigint), .column(index: 1, type: .double), .column(index: 2, type: .double)]
        let batch = Batch(
            columns: [
                Column(type: .bigint, values: .ints(samples.map(\.0))), Column(type: .double, values: .doubles(samples.map(\.1))),
                Column(type: .double, values: .doubles(samples.map(\.2))),
            ], rowCount: samples.count)
        let column = ExprCompiler.compile(statistic.expression(parts))(batch)
        for (i, s) in samples.enumerated() {
            let kernel = statistic.value(count: s.0, sum: s.1, sumOfSquares: s.2).map(Value.double) ?? .null
            #expect(column.value(at: i) == kernel, "row \(i)")
        }
    }
}
