import EddyCore
import EddyPlanner
import Testing

/// The tests of `RemoveTrivialFilter` (Sources/EddyPlanner/Optimizer/Rules/RemoveTrivialFilter.swift).
@Suite("RemoveTrivialFilter: a filter that is always true goes")
struct RemoveTrivialFilterTests {
    typealias F = Fixtures

    @Test func removeTrivialFilter() {
        #expect(RemoveTrivialFilter().rewrite(.filter(.trueLiteral, input: F.scan)) == F.scan)
    }
}
