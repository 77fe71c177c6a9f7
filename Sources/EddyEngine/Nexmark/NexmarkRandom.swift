/// The pseudo-random numbers of the Nexmark generator: the SplitMix64 algorithm of Java's
/// `SplittableRandom`, which the reference generator draws from, with the same bounded
/// draws (`nextInt(bound)` by rejection, `nextDouble` from the top 53 bits). Seeded, so
/// that a seed always gives the same events.
public struct NexmarkRandom: Sendable {
    private static let goldenGamma: UInt64 = 0x9e37_79b9_7f4a_7c15
    private var seed: UInt64

    /// A sequence that depends only on `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    private static func mix64(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static func mix32(_ z0: UInt64) -> UInt32 {
        var z = z0
        z = (z ^ (z >> 33)) &* 0x62a9_d9ed_7997_05f5
        return UInt32(truncatingIfNeeded: ((z ^ (z >> 28)) &* 0xcb24_d0a5_c88c_35b3) >> 32)
    }

    private mutating func nextSeed() -> UInt64 {
        seed &+= Self.goldenGamma
        return seed
    }

    /// A uniformly distributed 64-bit value.
    public mutating func nextUInt64() -> UInt64 {
        Self.mix64(nextSeed())
    }

    /// A value in `0..<bound`, each equally likely; `bound` must be positive (Java's
    /// `nextInt(int)`).
    public mutating func nextInt(_ bound: Int) -> Int {
        precondition(bound > 0 && bound <= Int(Int32.max), "NexmarkRandom.nextInt: bound out of range")
        let b = Int32(bound)
        var r = Int32(bitPattern: Self.mix32(nextSeed()))
        let m = b &- 1
        if b & m == 0 {
            r &= m
        } else {
            // Rejection sampling on the top 31 bits, as Java does, so no value is favoured.
            var u = Int32(bitPattern: UInt32(bitPattern: r) >> 1)
            while true {
                r = u % b
                if u &+ m &- r >= 0 { break }
                u = Int32(bitPattern: Self.mix32(nextSeed()) >> 1)
            }
        }
        return Int(r)
    }

    /// A value in `0..<bound` for bounds beyond 32 bits (the generator's `LongGenerator`).
    public mutating func nextLong(_ bound: Int64) -> Int64 {
        precondition(bound > 0, "NexmarkRandom.nextLong: bound must be positive")
        if bound < Int64(Int32.max) { return Int64(nextInt(Int(bound))) }
        return Int64(nextUInt64() % UInt64(bound))
    }

    /// A value in `[0, 1)`.
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }
}
