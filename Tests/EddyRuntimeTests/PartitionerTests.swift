import EddyCore
import Testing

@testable import EddyRuntime

/// The partitioner sends each row to the worker owning its key's group, the hash of the
/// key's checkpoint encoding: the same worker whatever it cached before.
@Suite("Partitioner")
struct PartitionerTests {
    /// The worker of one string key, computed from scratch.
    private func owner(_ key: String, workers: Int) -> Int {
        let encoder = KeyEncoder(types: [.varchar])
        let encoded = encoder.encode([Column(type: .varchar, values: .strings([key]))], rows: [0])
        return keyGroupOwner(encoder.keyGroup(of: encoded[0]), workers: workers)
    }

    @Test func everyRowGoesToItsKeysOwnerAcrossCacheResets() {
        let workers = 3
        let partitioner = Partitioner(columns: [1], types: [.varchar], workers: workers)
        // More distinct keys than the cache keeps, so it starts over in the middle; keys
        // come back after that.
        let keys = (0..<(2 * Partitioner.maxCachedKeys)).map { "k\($0 % (Partitioner.maxCachedKeys + 10_000))" }
        for chunk in stride(from: 0, to: keys.count, by: 8_192) {
            let slice = Array(keys[chunk..<min(chunk + 8_192, keys.count)])
            let batch = Batch(
                columns: [Column(type: .bigint, values: .ints(slice.indices.map { Int64($0) })), Column(type: .varchar, values: .strings(slice))],
                rowCount: slice.count)
            let shares = partitioner.split(batch)
            #expect(shares.reduce(0) { $0 + $1.count } == slice.count)
            for (worker, rows) in shares.enumerated() {
                for r in rows where owner(slice[Int(r)], workers: workers) != worker {
                    Issue.record("row \(chunk + Int(r)) (\(slice[Int(r)])) went to worker \(worker)")
                    return
                }
            }
        }
    }
}
