import EddyCore
import EddyPlanner
import Testing

/// The tests of `RemoveIdentityProjection` (Sources/EddyPlanner/Optimizer/Rules/RemoveIdentityProjection.swift).
@Suite("RemoveIdentityProjection: a projection that changes nothing goes")
struct RemoveIdentityProjectionTests {
    typealias F = Fixtures

    @Test func removeIdentityProjection() {
        let identity = LogicalPlan.project(
            [F.col(0, .varchar), F.col(1, .bigint), F.col(2, .varchar), F.col(3, .timestamp)],
            names: ["region", "amount", "note", "ts"], input: F.scan)
        #expect(RemoveIdentityProjection().rewrite(identity) == F.scan)
        let renamed = LogicalPlan.project(
            [F.col(0, .varchar), F.col(1, .bigint), F.col(2, .varchar), F.col(3, .timestamp)],
            names: ["r", "amount", "note", "ts"], input: F.scan)
        #expect(RemoveIdentityProjection().rewrite(renamed) == renamed)
    }
}
