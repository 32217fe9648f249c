import Foundation

/// Symmetric label noise: the observed label is the rule's label with
/// probability 1 − η, otherwise uniform over the other k − 1 labels.
public struct LabelNoise: Sendable, Equatable {
    /// The noise level η in [0, 1).
    public let level: Double
    /// The number of labels k (≥ 2).
    public let labelCount: Int

    /// Creates the noise model.
    public init(level: Double, labelCount: Int) {
        precondition(level >= 0 && level < 1, "the noise level must be in [0, 1)")
        precondition(labelCount >= 2, "label noise needs at least two labels")
        self.level = level
        self.labelCount = labelCount
    }

    /// Whether labels are never flipped.
    public var isNoiseFree: Bool { level == 0 }

    /// P(observed y | rule label ≠ y) = η/(k − 1).
    public var flipProbability: Double { level / Double(labelCount - 1) }

    /// ln P(y | rule disagrees) − ln P(y | rule agrees) = ln(η/(k−1)) − ln(1 − η):
    /// the log-likelihood change per disagreement (−∞ without noise).
    public var logLikelihoodPerDisagreement: Double {
        isNoiseFree ? -.infinity : log(flipProbability) - log1p(-level)
    }

    /// The entropy of the channel, H(η) + η ln(k − 1), in nats: the best
    /// achievable loss L* when the rule is known.
    public var entropy: Double {
        guard level > 0 else { return 0 }
        return -(1 - level) * log1p(-level) - level * log(level) + level * log(Double(labelCount - 1))
    }

    /// The predictive probability of label y from a posterior that puts mass
    /// `ruleMass` on rules that give y: (1 − η)·W + η/(k−1)·(1 − W).
    @inline(always)
    public func probability(ruleMass: Double) -> Double {
        flipProbability + (1 - level - flipProbability) * ruleMass
    }

    /// The expected code length, in nats, of a fresh label drawn from this
    /// noise around the rule label `trueLabel`, under a predictive that gives
    /// each label in `masses` the probability
    /// `predictive.probability(ruleMass:)` and every other label
    /// `predictive.flipProbability`.
    ///
    /// - Parameters:
    ///   - masses: (label, predictive mass of the rules giving it), each label
    ///     at most once; labels not listed have mass 0.
    ///   - predictive: the learner's own noise model; `nil` means this one
    ///     (the Bayes learner knows the noise).
    public func expectedCodeLength(
        trueLabel: Int, masses: some Sequence<(label: Int, mass: Double)>, predictive: LabelNoise? = nil
    ) -> Double {
        let model = predictive ?? self
        var trueMass = 0.0
        var otherLoss = 0.0
        var otherListed = 0
        for (label, mass) in masses {
            if label == trueLabel {
                trueMass = mass
            } else {
                otherLoss -= log(model.probability(ruleMass: mass))
                otherListed += 1
            }
        }
        let trueLoss = -log(model.probability(ruleMass: trueMass))
        guard level > 0 else { return trueLoss }
        let unlisted = Double(labelCount - 1 - otherListed)
        let unlistedLoss = unlisted > 0 ? unlisted * -log(model.flipProbability) : 0
        return (1 - level) * trueLoss + flipProbability * (otherLoss + unlistedLoss)
    }
}
