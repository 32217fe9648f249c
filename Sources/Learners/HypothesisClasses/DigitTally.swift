import Foundation

/// The exact posterior of the factorised `digits` class: a rule is a number
/// with D base-k digits, input j (1…D) reveals digit j − 1, and under a
/// uniform prior (uniform over m = k^D rules) the posterior factorises into
/// D independent posteriors over k values.
///
/// Digit j's posterior over values v is ∝ e^{λ(n_j − c_{j,v})}, with c_{j,v}
/// the examples at input j labelled v and λ the log-likelihood change per
/// disagreement of the noise model. Each example costs O(k), not O(m).
///
/// Weights are kept relative to the digit's most probable value, so none
/// exceeds 1: the one with the largest count when λ < 0 (the noise keeps a
/// label more often than it moves it to any one other, η < (k − 1)/k), the
/// one with the smallest count when λ > 0 (η > (k − 1)/k: the observed label
/// is then evidence against a value); every value is equally probable at λ = 0.
public struct DigitTally: Sendable {
    /// The number of digits D.
    public let digitCount: Int
    /// The noise model (its label count is k).
    public let noise: LabelNoise
    /// counts[j·k + v] = c_{j,v}.
    @usableFromInline var counts: [Int32]
    /// The count of each digit's most probable value: its largest count when
    /// λ ≤ 0, its smallest when λ > 0.
    @usableFromInline var best: [Int32]
    /// Whether larger counts are more probable (λ ≤ 0).
    @usableFromInline let favoursLargerCounts: Bool
    /// e^{−|λ|·b} for b = 0, 1, …: the weight of a value whose count is b
    /// away from its digit's best, relative to it (entry 0 is 1). It covers
    /// every b up to the largest count so far (each new entry is computed
    /// when a count first reaches it), or stops at the first entry that
    /// underflows to 0, or at ``weightTableLimit`` entries; beyond it a
    /// weight is computed.
    @usableFromInline var awayWeights: [Double] = [1]
    /// Whether every weight past the table is 0 (its last entry underflowed).
    @usableFromInline var weightsVanishPastTable = false
    /// −|λ| (λ is ``LabelNoise/logLikelihoodPerDisagreement``, −∞
    /// noise-free), kept: a computed λ was two logs per weight.
    @usableFromInline let logWeightPerCount: Double

    /// With two labels (k = 2), the code lengths that go with each entry b
    /// of ``awayWeights`` (see ``BinaryDigitLosses``); empty for k > 2.
    @usableFromInline var binaryLosses: [BinaryDigitLosses] = []
    /// Whether the two-label code lengths are kept (k = 2): the learner then
    /// asks for them (``binaryCodeThenObserve(_:)`` and its kin), and every
    /// other label count takes the general path untouched.
    public private(set) var keepsBinaryLosses: Bool

    /// The most entries of a tally's table of posterior weights (32 KiB,
    /// and 128 KiB more of code lengths with two labels).
    public static let weightTableLimit = 4096

    /// The most bytes a tally's tables take beside its counts: the weights,
    /// and with two labels their code lengths.
    public static func tableBytes(labelCount: Int) -> Int {
        weightTableLimit * (MemoryLayout<Double>.stride + (labelCount == 2 ? MemoryLayout<BinaryDigitLosses>.stride : 0))
    }

    /// With k = 2 a digit's two weights are 1 and e^{−|λ|·b}, b the distance
    /// between its two counts, and their sum is the same in either order; so
    /// every code length the tally reports for the digit is a function of b
    /// and of whether the label is the digit's best value. They are computed
    /// once per b, with the operations of the general path in the same
    /// order, when the weight table reaches b.
    @usableFromInline
    struct BinaryDigitLosses: Sendable {
        /// −ln p(y) of a label y that is the digit's best value.
        @usableFromInline var codeLengthOfBest: Double
        /// −ln p(y) of the other label.
        @usableFromInline var codeLengthOfOther: Double
        /// The expected code length when the rule label is the best value.
        @usableFromInline var expectedWhenTrueIsBest: Double
        /// The expected code length when the rule label is the other value.
        @usableFromInline var expectedWhenTrueIsOther: Double

        /// The entry for a digit whose other value weighs `weightOfOther`
        /// (the best weighs 1): −ln p(y) from ``DigitTally/mass(ofLabel:at:)``
        /// and ``DigitTally/expectedCodeLength(at:trueLabel:)`` written out
        /// for k = 2, the same operations in the same order (tested bit for
        /// bit against them).
        @usableFromInline
        init(weightOfOther other: Double, noise: LabelNoise) {
            var total = 0.0
            total += 1
            total += other
            let bestLoss = -log(noise.probability(ruleMass: 1 / total))
            let otherLoss = -log(noise.probability(ruleMass: other / total))
            codeLengthOfBest = bestLoss
            codeLengthOfOther = otherLoss
            func expected(trueLoss: Double, otherLogProbability: Double) -> Double {
                guard noise.level > 0 else { return trueLoss }
                var otherLoss = 0.0
                otherLoss -= otherLogProbability
                return (1 - noise.level) * trueLoss + noise.flipProbability * otherLoss
            }
            expectedWhenTrueIsBest = expected(
                trueLoss: bestLoss, otherLogProbability: log(noise.probability(ruleMass: other / total)))
            expectedWhenTrueIsOther = expected(
                trueLoss: otherLoss, otherLogProbability: log(noise.probability(ruleMass: 1 / total)))
        }
    }

    /// The prior: every digit uniform on 0..<k.
    public init(digitCount: Int, noise: LabelNoise) {
        precondition(digitCount >= 1, "needs at least one digit")
        self.digitCount = digitCount
        self.noise = noise
        counts = Array(repeating: 0, count: digitCount * noise.labelCount)
        best = Array(repeating: 0, count: digitCount)
        favoursLargerCounts = !(noise.logLikelihoodPerDisagreement > 0)
        logWeightPerCount = -abs(noise.logLikelihoodPerDisagreement)
        weightsVanishPastTable = noise.isNoiseFree
        keepsBinaryLosses = noise.labelCount == 2
        if keepsBinaryLosses { binaryLosses = [BinaryDigitLosses(weightOfOther: 1, noise: noise)] }
    }

    /// The number of labels k.
    public var labelCount: Int { noise.labelCount }

    /// The unnormalised weight of value v of digit `digit`, relative to its best value.
    @inline(always)
    private func weight(digit: Int, value: Int) -> Double {
        let count = counts[digit * labelCount + value]
        let away = Int(favoursLargerCounts ? best[digit] - count : count - best[digit])
        if away < awayWeights.count { return awayWeights[away] }
        return weightsVanishPastTable ? 0 : Self.weight(away: away, logWeightPerCount)
    }

    /// e^{−|λ|·b}: the one formula for the table's entries and the weights past it.
    @inlinable @inline(__always)
    static func weight(away: Int, _ logWeightPerCount: Double) -> Double {
        exp(logWeightPerCount * Double(away))
    }

    /// Extends the weight table to cover `away`, if it can grow.
    @inlinable @inline(__always)
    mutating func coverWeights(upTo away: Int) {
        if away >= awayWeights.count, !weightsVanishPastTable, awayWeights.count < Self.weightTableLimit {
            growWeights(upTo: away)
        }
    }

    /// Appends table entries up to `away`, or until the table stops growing.
    @usableFromInline
    mutating func growWeights(upTo away: Int) {
        while away >= awayWeights.count, !weightsVanishPastTable, awayWeights.count < Self.weightTableLimit {
            let next = Self.weight(away: awayWeights.count, logWeightPerCount)
            awayWeights.append(next)
            if keepsBinaryLosses { binaryLosses.append(BinaryDigitLosses(weightOfOther: next, noise: noise)) }
            if next == 0 { weightsVanishPastTable = true }
        }
    }

    /// With k = 2, the code lengths of a digit whose two counts are `away`
    /// apart: the table's entry, or past the table the entry computed from
    /// the weight the general path uses there (0 once the table's last
    /// weight underflowed, else e^{−|λ|·b}). Both are the general path's
    /// numbers bit for bit: it adds the two weights in value order and the
    /// entry best first, and a sum of two doubles is the same in either order.
    @inlinable @inline(__always)
    func binaryLosses(away: Int) -> BinaryDigitLosses {
        if away < binaryLosses.count { return binaryLosses[away] }
        return pastTableLosses(away: away)
    }

    /// ``binaryLosses(away:)`` past the table (computed: four logarithms).
    @usableFromInline
    func pastTableLosses(away: Int) -> BinaryDigitLosses {
        BinaryDigitLosses(
            weightOfOther: weightsVanishPastTable ? 0 : Self.weight(away: away, logWeightPerCount), noise: noise)
    }

    /// With k = 2, the code lengths for `digit`'s state and whether `label`
    /// is its best value.
    @inlinable @inline(__always)
    func binaryLosses(digit: Int, label: Int) -> (losses: BinaryDigitLosses, labelIsBest: Bool) {
        let first = counts[2 * digit]
        let second = counts[2 * digit + 1]
        let away = Int(first > second ? first - second : second - first)
        return (binaryLosses(away: away), counts[2 * digit + label] == best[digit])
    }

    /// The posterior over digit `digit`'s values, summing to 1.
    public func posterior(ofDigit digit: Int) -> [Double] {
        let weights = (0..<labelCount).map { weight(digit: digit, value: $0) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The posterior mass of the rules that give `label` to `input` (1…D).
    public func mass(ofLabel label: Int, at input: Int) -> Double {
        let digit = input - 1
        var total = 0.0
        for value in 0..<labelCount { total += weight(digit: digit, value: value) }
        return weight(digit: digit, value: label) / total
    }

    /// −ln p(`label` | `input`) under the posterior and the noise, in nats,
    /// with two labels, from ``binaryLosses(away:)`` (the kept code lengths
    /// inside the table, computed past it).
    /// - Precondition: ``keepsBinaryLosses``.
    @inline(__always)  // within the module (`always` would make it inlinable)
    public func binaryCodeLength(ofLabel label: Int, at input: Int) -> Double {
        precondition(keepsBinaryLosses, "two-label code lengths are not kept")
        let (losses, isBest) = binaryLosses(digit: input - 1, label: label)
        return isBest ? losses.codeLengthOfBest : losses.codeLengthOfOther
    }

    /// Returns the example's code length before the update (as
    /// ``binaryCodeLength(ofLabel:at:)``), counts it, and returns the expected
    /// code length afterwards of a fresh example at the same input whose
    /// rule label is `trueLabel` (as ``binaryExpectedCodeLength(at:trueLabel:)``),
    /// all in nats. One mutating call: a non-mutating call right after the
    /// update copied the tally, waiting for the stores just made.
    /// - Precondition: ``keepsBinaryLosses``.
    @inline(__always)  // within the module
    public mutating func binaryCodeThenObserve(
        _ example: LabeledExample, expectedAfterFor trueLabel: Int
    ) -> (codeLength: Double, expectedAfter: Double) {
        let length = binaryCodeLength(ofLabel: example.label, at: example.input)
        count(example)
        let (losses, isBest) = binaryLosses(digit: example.input - 1, label: trueLabel)
        return (length, isBest ? losses.expectedWhenTrueIsBest : losses.expectedWhenTrueIsOther)
    }

    /// Returns the example's code length before the update, in nats (as
    /// ``binaryCodeLength(ofLabel:at:)``), then counts it.
    /// - Precondition: ``keepsBinaryLosses``.
    @inline(__always)  // within the module (`always` would make it inlinable)
    public mutating func binaryCodeThenObserve(_ example: LabeledExample) -> Double {
        let length = binaryCodeLength(ofLabel: example.label, at: example.input)
        count(example)
        return length
    }

    /// Codes then counts `count` examples with two labels, each from
    /// `nextExample()` with the rule label of its input; `step(input,
    /// codeLength, before, after)` gets, in order, each example's code
    /// length and its input's expected code length under the rule label
    /// before and after the update (all in nats): the numbers of
    /// ``binaryExpectedCodeLength(at:trueLabel:)`` then
    /// ``binaryCodeThenObserve(_:expectedAfterFor:)``, bit for bit.
    ///
    /// One loop for a whole stretch: the counts are taken out of the tally
    /// for it, so writing them neither copies nor checks their buffers, and
    /// an inlined caller's closures keep their state in registers.
    /// - Precondition: ``keepsBinaryLosses``; every input in 1…D, every label 0 or 1.
    @inlinable @inline(__always)
    public mutating func binaryCodeThenObserve(
        count: Int, nextExample: () -> (example: LabeledExample, trueLabel: Int),
        step: (_ input: Int, _ codeLength: Double, _ before: Double, _ after: Double) -> Void
    ) {
        precondition(keepsBinaryLosses, "two-label code lengths are not kept")
        var counts: [Int32] = []
        var best: [Int32] = []
        swap(&counts, &self.counts)
        swap(&best, &self.best)
        defer {
            swap(&counts, &self.counts)
            swap(&best, &self.best)
        }
        let favoursLargerCounts = self.favoursLargerCounts
        counts.withUnsafeMutableBufferPointer { counts in
            best.withUnsafeMutableBufferPointer { best in
                for _ in 0..<count {
                    let (example, trueLabel) = nextExample()
                    let digit = example.input &- 1
                    precondition(UInt(bitPattern: digit) < UInt(bitPattern: best.count), "input out of range")
                    precondition(
                        UInt(bitPattern: example.label) < 2 && UInt(bitPattern: trueLabel) < 2, "label out of range")
                    let (first, second, leader) = (counts[2 &* digit], counts[2 &* digit &+ 1], best[digit])
                    let losses = binaryLosses(away: Int(first > second ? first &- second : second &- first))
                    let labelled = example.label == 0 ? first : second
                    let codeLength = labelled == leader ? losses.codeLengthOfBest : losses.codeLengthOfOther
                    let before =
                        (trueLabel == 0 ? first : second) == leader
                        ? losses.expectedWhenTrueIsBest : losses.expectedWhenTrueIsOther
                    // Count it, as count(_:) does.
                    let grown = labelled + 1
                    let (newFirst, newSecond) = example.label == 0 ? (grown, second) : (first, grown)
                    counts[2 &* digit &+ example.label] = grown
                    let newLeader =
                        favoursLargerCounts
                        ? max(leader, grown) : labelled == leader ? min(newFirst, newSecond) : leader
                    best[digit] = newLeader
                    coverWeights(upTo: Int(grown))
                    let after = binaryLosses(away: Int(newFirst > newSecond ? newFirst &- newSecond : newSecond &- newFirst))
                    let afterLength =
                        (trueLabel == 0 ? newFirst : newSecond) == newLeader
                        ? after.expectedWhenTrueIsBest : after.expectedWhenTrueIsOther
                    step(example.input, codeLength, before, afterLength)
                }
            }
        }
    }

    /// Returns the mass of the example's label before the update, then counts it.
    public mutating func observe(_ example: LabeledExample) -> Double {
        let mass = mass(ofLabel: example.label, at: example.input)
        count(example)
        return mass
    }

    /// Counts the example.
    @inline(always)
    private mutating func count(_ example: LabeledExample) {
        let digit = example.input - 1
        let before = counts[digit * labelCount + example.label]
        counts[digit * labelCount + example.label] = before + 1
        if favoursLargerCounts {
            best[digit] = max(best[digit], before + 1)
        } else if before == best[digit] {
            best[digit] = counts[(digit * labelCount)..<((digit + 1) * labelCount)].min() ?? 0
        }
        // No count is farther from its best than the largest count, and only this one grew.
        coverWeights(upTo: Int(before) + 1)
    }

    /// Whether `value` is among the most probable values of `digit` (every
    /// value is when λ = 0).
    public func isMostProbable(_ value: Int, ofDigit digit: Int) -> Bool {
        logWeightPerCount == 0 || counts[digit * labelCount + value] == best[digit]
    }

    /// The most probable values of `digit`.
    public func mostProbableValues(ofDigit digit: Int) -> [Int] {
        (0..<labelCount).filter { isMostProbable($0, ofDigit: digit) }
    }

    /// The posterior entropy over rules, Σ_j H(digit j), in nats.
    public var entropy: Double {
        var total = 0.0
        for digit in 0..<digitCount {
            for p in posterior(ofDigit: digit) where p > 0 { total -= p * log(p) }
        }
        return total
    }

    /// The expected code length, in nats, of a fresh example at `input`
    /// (1…D) whose rule label is `trueLabel`, corrupted by the noise: O(k),
    /// no allocation.
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        let digit = input - 1
        var total = 0.0
        for value in 0..<labelCount { total += weight(digit: digit, value: value) }
        let trueLoss = -log(noise.probability(ruleMass: weight(digit: digit, value: trueLabel) / total))
        guard noise.level > 0 else { return trueLoss }
        var otherLoss = 0.0
        for value in 0..<labelCount where value != trueLabel {
            otherLoss -= log(noise.probability(ruleMass: weight(digit: digit, value: value) / total))
        }
        return (1 - noise.level) * trueLoss + noise.flipProbability * otherLoss
    }

    /// ``expectedCodeLength(at:trueLabel:)`` with two labels, from
    /// ``binaryLosses(away:)`` (kept inside the table, computed past it).
    /// - Precondition: ``keepsBinaryLosses``.
    @inline(__always)  // within the module (`always` would make it inlinable)
    public func binaryExpectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        precondition(keepsBinaryLosses, "two-label code lengths are not kept")
        let (losses, isBest) = binaryLosses(digit: input - 1, label: trueLabel)
        return isBest ? losses.expectedWhenTrueIsBest : losses.expectedWhenTrueIsOther
    }
}
