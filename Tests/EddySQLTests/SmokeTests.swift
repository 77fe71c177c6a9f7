import Testing
@testable import EddySQL

@Test func spanUnionCoversBoth() {
    #expect(Span(3, 5).union(Span(1, 4)) == Span(1, 5))
}
