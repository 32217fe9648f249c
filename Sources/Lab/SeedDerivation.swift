import GSL

/// Derives each replicate's 64-bit seed from the master seed, the cell (the
/// scenario and its parameters) and the replicate's index, so that adding
/// replicates or cells never changes the streams of the others, and the
/// output does not depend on how replicates are spread over threads.
public enum SeedDerivation {
    /// The seed of replicate `replicate` of the cell described by `cell`.
    public static func seed(master: UInt64, cell: String, replicate: Int) -> UInt64 {
        seed(cellSeed: cellSeed(master: master, cell: cell), replicate: replicate)
    }

    /// The seed shared by every replicate of the cell described by `cell`
    /// (compute it once per cell, not once per replicate).
    public static func cellSeed(master: UInt64, cell: String) -> UInt64 {
        var mixer = SplitMix64(seed: master ^ fingerprint(cell))
        return mixer.next()
    }

    /// The seed of replicate `replicate` of the cell whose ``cellSeed(master:cell:)`` is `cellSeed`.
    public static func seed(cellSeed: UInt64, replicate: Int) -> UInt64 {
        SplitMix64.mix(cellSeed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(replicate + 1))
    }

    /// A 64-bit FNV-1a fingerprint of a text, stable across runs and machines
    /// (unlike `Hasher`, which is seeded per process).
    public static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
