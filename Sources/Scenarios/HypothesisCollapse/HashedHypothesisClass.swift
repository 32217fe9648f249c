import GSL
import Learners

/// The `random` and `diagnostic` classes: every rule gives every input
/// 1…inputs an independent uniform label, fixed for the world, derived from a
/// counter-based hash of (world key, rule, input) so no m × inputs table is
/// stored. With a diagnostic input, input 0 gets label h from rule h, so all
/// m rules disagree there (this needs k ≥ m).
struct HashedHypothesisClass: HypothesisClass {
    let hypothesisCount: Int
    let labelCount: Int
    /// The world's key (from the replicate's generator).
    let key: UInt64
    /// Whether input 0 is the diagnostic input.
    let hasDiagnosticInput: Bool

    @inline(always)
    func label(of hypothesis: Int, at input: Int) -> Int {
        if input == 0 && hasDiagnosticInput { return hypothesis }
        // (rule, input) → one 64-bit word, injective for rule, input < 2^32;
        // the odd multiplier and the SplitMix64 finaliser are bijections, so
        // distinct pairs give distinct hashes.
        let word = UInt64(truncatingIfNeeded: hypothesis) << 32 | UInt64(truncatingIfNeeded: input)
        let hash = SplitMix64.mix(key &+ word &* 0x9E37_79B9_7F4A_7C15)
        // Lemire's multiply-shift maps the hash to 0..<k with bias below k/2^64.
        return Int(hash.multipliedFullWidth(by: UInt64(labelCount)).high)
    }
}

/// The `digits` class: rule h written in base k, input j (1…D) reveals digit j − 1.
struct DigitsHypothesisClass: HypothesisClass {
    let hypothesisCount: Int
    let labelCount: Int

    func label(of hypothesis: Int, at input: Int) -> Int {
        var value = hypothesis
        for _ in 1..<input { value /= labelCount }
        return value % labelCount
    }
}
