import Foundation

/// The exact posterior of the factorised `digits` class: a rule is a number
/// with D base-k digits, input j (1…D) reveals digit j − 1, and under a
/// uniform prior (uniform over m = k^D rules) the posterior factorises into
/// D independent posteriors over k values.
///
/// Digit j's posterior over values v is ∝ e^{λ(n_j − c_{j,v})}, with c_{j,v}
/// the examples at input j labelled v and λ the log-likelihood change per
/// disagreement of the noise model. Each example costs O(k), not O(m).
public struct DigitTally: Sendable {
    /// The number of digits D.
    public let digitCount: Int
    /// The noise model (its label count is k).
    public let noise: LabelNoise
    /// counts[j·k + v] = c_{j,v}.
    private var counts: [Int32]
    /// The largest count per digit.
    private var largest: [Int32]
    /// exp(λ·b) for b = 0, 1, …: the weight of a value b counts behind its
    /// digit's largest, relative to it (entry 0 is 1). It covers every b up
    /// to the largest count so far (each new entry is computed when a count
    /// first reaches it), or stops at the first entry that underflows to 0,
    /// or at ``weightTableLimit`` entries; beyond it a weight is computed.
    private var behindWeights: [Double] = [1]
    /// Whether every weight past the table is 0 (its last entry underflowed).
    private var weightsVanishPastTable = false
    /// λ, ``LabelNoise/logLikelihoodPerDisagreement`` (−∞ noise-free), kept:
    /// a computed λ was two logs per weight.
    private let logLikelihoodPerDisagreement: Double

    /// The most entries of a tally's table of posterior weights (32 KiB).
    public static let weightTableLimit = 4096

    /// The prior: every digit uniform on 0..<k.
    public init(digitCount: Int, noise: LabelNoise) {
        precondition(digitCount >= 1, "needs at least one digit")
        self.digitCount = digitCount
        self.noise = noise
        counts = Array(repeating: 0, count: digitCount * noise.labelCount)
        largest = Array(repeating: 0, count: digitCount)
        logLikelihoodPerDisagreement = noise.logLikelihoodPerDisagreement
        weightsVanishPastTable = noise.isNoiseFree
    }

    /// The number of labels k.
    public var labelCount: Int { noise.labelCount }

    /// The unnormalised weight of value v of digit `digit`, relative to its best value.
    @inline(always)
    private func weight(digit: Int, value: Int) -> Double {
        let behind = Int(largest[digit] - counts[digit * labelCount + value])
        if behind < behindWeights.count { return behindWeights[behind] }
        return weightsVanishPastTable ? 0 : Self.weight(behind: behind, logLikelihoodPerDisagreement)
    }

    /// exp(λ·b): the one formula for the table's entries and the weights past it.
    @inline(always)
    private static func weight(behind: Int, _ logLikelihoodPerDisagreement: Double) -> Double {
        exp(logLikelihoodPerDisagreement * Double(behind))
    }

    /// Extends the weight table to cover `behind`, if it can grow.
    @inline(always)
    private mutating func coverWeights(upTo behind: Int) {
        while behind >= behindWeights.count, !weightsVanishPastTable, behindWeights.count < Self.weightTableLimit {
            let next = Self.weight(behind: behindWeights.count, logLikelihoodPerDisagreement)
            behindWeights.append(next)
            if next == 0 { weightsVanishPastTable = true }
        }
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

    /// Returns the mass of the example's label before the update, then counts it.
    public mutating func observe(_ example: LabeledExample) -> Double {
        let mass = mass(ofLabel: example.label, at: example.input)
        let digit = example.input - 1
        counts[digit * labelCount + example.label] += 1
        largest[digit] = max(largest[digit], counts[digit * labelCount + example.label])
        // No value of the digit is more than its largest count behind.
        coverWeights(upTo: Int(largest[digit]))
        return mass
    }

    /// Whether `value` is among the most probable values of `digit`.
    public func isMostProbable(_ value: Int, ofDigit digit: Int) -> Bool {
        counts[digit * labelCount + value] == largest[digit]
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
}
