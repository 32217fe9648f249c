import Foundation
import GSL

/// A plug-in learner: it predicts with one most probable rule ĥ of a finite
/// class (chosen uniformly among ties, and kept while it stays among the most
/// probable), with confidence 1 − ε on ĥ(x) and ε/(k−1) on every other label,
/// where ε = max(η, `floor`).
///
/// Unlike the Bayes mixture it commits early and pays −ln(ε/(k−1)) for every
/// label its pick gets wrong.
public struct MAPHypothesisLearner<Class: HypothesisClass>: Learner {
    /// The posterior it picks from.
    public private(set) var tally: HypothesisTally<Class>
    /// The rule it currently predicts with.
    public private(set) var pick: Int
    /// The probability it gives to labels other than its rule's: max(η, floor).
    public let errorProbability: Double
    private let random: RandomSource
    /// The learner's own noise model, ε = errorProbability, built once.
    private let predictive: LabelNoise

    /// Creates the learner; `random` breaks ties among most probable rules.
    /// - Parameter floor: the smallest error probability it admits (> 0), so
    ///   that a wrong pick costs a finite number of nats when η = 0.
    public init(hypotheses: Class, noise: LabelNoise, floor: Double, random: RandomSource) {
        precondition(floor > 0 && floor < 1, "the floor must be in (0, 1)")
        tally = HypothesisTally(hypotheses: hypotheses, noise: noise)
        errorProbability = max(noise.level, floor)
        predictive = LabelNoise(level: max(noise.level, floor), labelCount: hypotheses.labelCount)
        self.random = random
        pick = random.uniformInteger(below: hypotheses.hypothesisCount)
    }


    /// −ln p(y | x) with the picked rule, in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        let agrees = tally.hypotheses.label(of: pick, at: example.input) == example.label
        return -log(agrees ? 1 - errorProbability : predictive.flipProbability)
    }

    /// Conditions the posterior; re-picks uniformly among the most probable
    /// rules if the current pick fell behind.
    public mutating func update(on example: LabeledExample) {
        _ = tally.observe(example)
        if !tally.isMostProbable(pick) {
            pick = tally.mostProbable(random.uniformInteger(below: tally.consistentCount))
        }
    }

    /// A distribution over the m hypotheses: m − 1 free parameters.
    public var parameterCount: Int { tally.hypotheses.hypothesisCount - 1 }

    /// The expected code length of a fresh example at each input, whose rule
    /// label is `trueLabel` corrupted by the data's noise, in nats.
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { input in
            tally.noise.expectedCodeLength(
                trueLabel: trueLabel(input), masses: [(label: tally.hypotheses.label(of: pick, at: input), mass: 1)],
                predictive: predictive)
        }
    }
}
