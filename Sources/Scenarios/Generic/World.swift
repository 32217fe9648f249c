import EDL
import GSL
import Learners

/// A population to learn from, enumerable so that expectations are exact:
/// how to draw the next example, where its inputs fall, and the true label
/// distribution at each input.
///
/// With a world and any ``PredictiveLearner``, ``GenericTrajectory`` runs
/// the prequential protocol and the exact test loss with no loop written for
/// the pair. A scenario's tuned trajectories are fast paths of the same
/// numbers (the conformance tests compare the two).
public protocol World {
    /// Draws the next example (a world may keep state, such as a counter of
    /// never-repeating inputs).
    mutating func draw(using random: RandomSource) -> LabeledExample

    /// The inputs a fresh example can have, with their probabilities
    /// (summing to 1); a world of never-repeating inputs gives one input
    /// never drawn, standing for every new one.
    var inputWeights: [(input: Int, weight: Double)] { get }

    /// P(y | x): the probability of every label y in 0..<k at `input`.
    func labelProbabilities(at input: Int) -> [Double]
}

extension World {
    /// L(θ) = Σ_x P(x) Σ_y P(y | x) · (−ln p_θ(y | x)): the exact expected code
    /// length of a fresh example under `learner`, in nats (compensated sums).
    public func expectedCodeLength(of learner: some PredictiveLearner) -> Double {
        var total = CompensatedSum()
        for (input, weight) in inputWeights where weight > 0 {
            let lengths = learner.codeLengths(at: input)
            for (label, probability) in labelProbabilities(at: input).enumerated() where probability > 0 {
                total.add(weight * probability * lengths[label])
            }
        }
        return total.value
    }
}
