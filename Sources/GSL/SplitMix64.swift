/// Steele, Lea and Flood's SplitMix64 sequence: a bijective 64-bit mixer
/// stepped by the golden-ratio increment.
///
/// Used to expand one 64-bit seed into a generator's full state and to derive
/// independent seeds for replicates. Its first output is a bijection of the
/// seed, so distinct seeds give distinct first outputs.
public struct SplitMix64: Sendable {
    /// The current state; each ``next()`` adds the golden-ratio increment.
    @inlinable
    public var state: UInt64 { current }
    @usableFromInline var current: UInt64

    /// Starts the sequence at `seed`.
    public init(seed: UInt64) {
        current = seed
    }

    /// The next 64-bit output.
    @inlinable
    public mutating func next() -> UInt64 {
        current &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(current)
    }

    /// The SplitMix64 finaliser: a bijection of 64-bit words with good avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
