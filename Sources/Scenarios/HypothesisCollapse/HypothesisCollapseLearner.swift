import Foundation
import Learners

/// A learner whose exact population loss on a hypothesis-collapse world is known.
protocol HypothesisCollapseLearner: Learner {
    /// The expected code length of a fresh example at each input, in nats,
    /// when the rule's label there is `trueLabel(input)` and the data's noise
    /// is applied.
    func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double]
    /// The entropy of the learner's posterior over rules, in nats, if it has one.
    var posteriorEntropy: Double? { get }
    /// Σ_i −log p(y_i | x_i) over the `examples` examples learned so far
    /// (labels corrupted by `noise`), under the current state, in nats;
    /// `nil` when the learner does not track it.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double?
}

extension HypothesisCollapseLearner {
    /// Not tracked.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { nil }
}

extension FiniteClassBayesLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { tally.entropy }

    /// Noise-free, every rule left agrees with every training label: 0.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { noise.isNoiseFree ? 0 : nil }
}

extension DigitwiseBayesLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { tally.entropy }

    /// Noise-free, every digit value left agrees with every training label: 0.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { noise.isNoiseFree ? 0 : nil }
}

extension MAPHypothesisLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { nil }

    /// Noise-free, the pick is a most probable rule, so it agrees with every
    /// training label: −log(1 − ε) per example.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? {
        noise.isNoiseFree ? Double(examples) * -log(1 - errorProbability) : nil
    }
}

extension DigitwiseMAPLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { nil }

    /// Noise-free, each picked digit value agrees with every training label
    /// at its digit: −log(1 − ε) per example.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? {
        noise.isNoiseFree ? Double(examples) * -log(1 - errorProbability) : nil
    }
}

/// The calibrated learner that never learns, for any rule class.
struct UniformRuleLearner: HypothesisCollapseLearner {
    var base: UniformLearner

    init(labelCount: Int) {
        base = UniformLearner(labelCount: labelCount)
    }

    func codeLength(of example: LabeledExample) -> Double { base.codeLength(of: example) }
    mutating func update(on example: LabeledExample) {}
    mutating func codeThenUpdate(on example: LabeledExample) -> Double { base.codeLength(of: example) }
    /// log k per example.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { Double(examples) * base.uniformLabelCrossEntropy }
    var parameterCount: Int { 0 }
    func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { _ in base.uniformLabelCrossEntropy }
    }
    var posteriorEntropy: Double? { nil }
}
