import GSL
import Learners

/// The `random` class with two labels: every rule gives every input
/// 1…inputs an independent uniform label, fixed for the world. The labels of
/// one rule at 64 consecutive inputs are the 64 bits of one counter-based
/// hash of (world key, rule, block of inputs), so no m × inputs table is
/// stored and one hash serves 64 inputs (``HashedHypothesisClass`` hashes
/// every label on its own, which k > 2 labels need).
struct BinaryHashedHypothesisClass: BinaryHypothesisClass {
    let hypothesisCount: Int
    var labelCount: Int { 2 }
    /// The world's key (from the replicate's generator).
    let key: UInt64

    /// Rules at most 2^32 (the rule fills the hash word's upper half).
    init(hypothesisCount: Int, key: UInt64) {
        precondition(hypothesisCount >= 1 && hypothesisCount <= 1 << 32, "between 1 and 2^32 rules")
        self.hypothesisCount = hypothesisCount
        self.key = key
    }

    @inline(__always)
    func labelWord(of hypothesis: Int, block: Int) -> UInt64 {
        // (rule, block) → one 64-bit word, injective for rule, block < 2^32;
        // the odd multiplier and the SplitMix64 finaliser are bijections, so
        // distinct pairs give distinct hashes.
        let word = UInt64(truncatingIfNeeded: hypothesis) << 32 | UInt64(truncatingIfNeeded: block) & 0xFFFF_FFFF
        return SplitMix64.mix(key &+ word &* 0x9E37_79B9_7F4A_7C15)
    }

    @inline(__always)
    func label(of hypothesis: Int, at input: Int) -> Int {
        // Input x ≥ 1 is bit (x − 1) mod 64 of block ⌊(x − 1)/64⌋; input 0
        // (never an ordinary input) wraps to the last bit of block 2^32 − 1,
        // which no input below 2^38 reaches: no branch.
        let position = UInt64(truncatingIfNeeded: input &- 1) & 0x3F_FFFF_FFFF
        let word = labelWord(of: hypothesis, block: Int(truncatingIfNeeded: position >> 6))
        return Int(truncatingIfNeeded: (word >> (position & 63)) & 1)
    }
}
