import EddyRuntime

/// Where an exactly-once database sink stages its changes: each checkpoint's changes are
/// one segment, numbered from 1, each change a sequence number in it (from 1), so that a
/// checkpoint's commit applies exactly its segment, in order.
struct StagingSegments {
    /// The segment changes are staged under now.
    private(set) var segment: Int64 = 1
    /// The last sequence number used in `segment`.
    private(set) var sequence: Int64 = 0
    /// How many changes `segment` holds.
    private(set) var staged: Int64 = 0

    /// Takes the next `count` sequence numbers of the current segment; the first of them.
    mutating func take(_ count: Int) -> Int64 {
        let first = sequence + 1
        sequence += Int64(count)
        staged += Int64(count)
        return first
    }

    /// A checkpoint closes the current segment (what its commit will apply); later changes
    /// go into the next.
    mutating func close() -> SinkCommit {
        let commit = SinkCommit(finalLength: 0, stagedLength: staged, segment: segment)
        self = StagingSegments(segment: segment + 1)
        return commit
    }

    /// After recovering checkpoint `c`: changes go into the segment after its.
    mutating func resume(after c: SinkCommit) { self = StagingSegments(segment: c.segment + 1) }

    private init(segment: Int64) { self.segment = segment }
    init() {}
}
