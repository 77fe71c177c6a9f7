import EddyCore
import EddySQL
import Testing

@testable import EddyPlanner

/// The aggregate registry is the one list: the catalog, completion and the two-phase
/// rewrite read it, and every split it declares can actually run in two phases.
@Suite("Aggregate registry")
struct AggregateRegistryTests {
    @Test func theCatalogAndTheCompletionListReadTheRegistry() {
        let names = AggregateFunction.allCases.map(\.rawValue)
        #expect(BuiltinFunctions.aggregateNames == names)
        for name in names {
            #expect(FunctionCatalog.isAggregate(name.lowercased()))
            #expect(BuiltinFunctions.allNames.contains(name))
        }
        #expect(!FunctionCatalog.isAggregate("UPPER"))
        #expect(BuiltinFunctions.windowNames == ["TUMBLE", "HOP", "SESSION", "CUMULATE"])
        #expect(BuiltinFunctions.allNames.contains("ROW_NUMBER") && BuiltinFunctions.allNames.contains("DATE_FORMAT"))
        #expect(Set(BuiltinFunctions.allNames).count == BuiltinFunctions.allNames.count)
    }

    /// A part of a split aggregate is combined in one step, so the rewrite never has to
    /// split twice; a split function takes numbers.
    @Test(arguments: AggregateFunction.allCases)
    func everySplitCombinesInOneStep(_ function: AggregateFunction) {
        guard case .parts(let parts, _) = function.descriptor.twoPhase else { return }
        for part in parts {
            guard case .combinedBy = part.function.descriptor.twoPhase else {
                Issue.record("\(function.rawValue) has a part \(part.function.rawValue) that splits again")
                continue
            }
        }
        #expect(Split.of(function, argument: .bigint) != nil)
        #expect(Split.of(function, argument: .double) != nil)
    }

    @Test func theTwoPhaseRewriteSplitsAverageIntoSumAndCount() throws {
        let split = try #require(Split.of(.avg, argument: .double))
        #expect(split.localCalls.map(\.function) == [.sum, .count])
        #expect(split.combiners == [.sum, .sum])
        #expect(split.derived.isEmpty)
    }
}

/// The two-phase split of one call `F(x)` with `x` of type `argument`.
private enum Split {
    static func of(_ function: AggregateFunction, argument: DataType) -> TwoPhaseAggregation.Split? {
        guard let type = function.descriptor.resultType(argument) else { return nil }
        return TwoPhaseAggregation.Split(
            [AggregateCall(function: function, argument: 0, resultType: type)], over: Schema([Field("x", argument)]))
    }
}
