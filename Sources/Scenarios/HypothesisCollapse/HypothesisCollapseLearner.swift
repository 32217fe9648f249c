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
    /// ``expectedCodeLengths(at:trueLabel:)`` as a checkpoint asks for it:
    /// the same numbers, or equal up to rounding where the learner has a
    /// faster exact route (the noisy two-label Bayes learner counts its rules
    /// per weight level). The population loss and
    /// ``expectedAndTrainingCodeLengths(at:trueLabel:training:)`` use it.
    func checkpointCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double]
    /// ``checkpointCodeLengths(at:trueLabel:)`` (the same numbers), and with
    /// them, per input x, the code length under the current state of the
    /// training labels `training` counted there, Σ_y c_{x,y}·(−log p(y | x)),
    /// in nats.
    func expectedAndTrainingCodeLengths(
        at inputs: [Int], trueLabel: (Int) -> Int, training: PerInputLabelCounts
    ) -> (expected: [Double], training: [Double])
}

extension HypothesisCollapseLearner {
    /// ``expectedCodeLengths(at:trueLabel:)``.
    func checkpointCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        expectedCodeLengths(at: inputs, trueLabel: trueLabel)
    }

    /// Not tracked.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { nil }

    /// The training labels coded one (input, label) pair at a time with
    /// ``Learner/codeLength(of:)``: O(k) per input plus a code length per
    /// label seen there.
    func expectedAndTrainingCodeLengths(
        at inputs: [Int], trueLabel: (Int) -> Int, training: PerInputLabelCounts
    ) -> (expected: [Double], training: [Double]) {
        let trained = inputs.map { input in
            var length = 0.0
            guard training.total(of: input) > 0 else { return length }
            for label in 0..<training.labelCount {
                let count = training.count(of: label, at: input)
                if count > 0 { length += Double(count) * codeLength(of: LabeledExample(input: input, label: label)) }
            }
            return length
        }
        return (checkpointCodeLengths(at: inputs, trueLabel: trueLabel), trained)
    }
}

extension LabelNoise {
    /// Σ_y c_{input,y}·(−log p(y)) for the labels `training` counted at
    /// `input`, in nats, under a predictive that gives each label in `masses`
    /// `probability(ruleMass:)` and every other label `flipProbability`.
    func codeLength(
        ofLabelsAt input: Int, in training: PerInputLabelCounts, masses: UnsafeBufferPointer<(label: Int, mass: Double)>
    ) -> Double {
        let total = training.total(of: input)
        guard total > 0 else { return 0 }
        var length = 0.0
        var listed = 0
        for (label, mass) in masses {
            let count = training.count(of: label, at: input)
            guard count > 0 else { continue }
            length += Double(count) * -log(probability(ruleMass: mass))
            listed += count
        }
        if total > listed { length += Double(total - listed) * -log(flipProbability) }
        return length
    }
}

extension FiniteClassBayesLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { tally.entropy }

    /// Noise-free, every rule left agrees with every training label: 0.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { noise.isNoiseFree ? 0 : nil }

    /// One pass over the m rules per input for both: the training labels
    /// are coded from the same label masses as the expected code length.
    /// With noise and two-label random rules (tabulated or not), from the
    /// rules counted per weight level
    /// (``HypothesisTally/mapLabelMassesByLevel(at:_:)``); otherwise one pass
    /// over the rules per input.
    func checkpointCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        let truths = inputs.map(trueLabel)
        let noise = tally.noise
        return mapCheckpointMasses(at: inputs) { position, masses in
            noise.expectedCodeLength(trueLabel: truths[position], masses: masses)
        }
    }

    /// One pass over the m rules per input for both (or per weight level, as
    /// ``checkpointCodeLengths(at:trueLabel:)``): the training labels are
    /// coded from the same label masses as the expected code length.
    func expectedAndTrainingCodeLengths(
        at inputs: [Int], trueLabel: (Int) -> Int, training: PerInputLabelCounts
    ) -> (expected: [Double], training: [Double]) {
        let truths = inputs.map(trueLabel)
        let noise = tally.noise
        let both = mapCheckpointMasses(at: inputs) { position, masses in
            (
                noise.expectedCodeLength(trueLabel: truths[position], masses: masses),
                noise.codeLength(ofLabelsAt: inputs[position], in: training, masses: masses)
            )
        }
        return (both.map(\.0), both.map(\.1))
    }

    /// Each input's (label, mass) pairs under `transform`: counted per weight
    /// level for a noisy tally over the two-label random classes, else the
    /// tally's pass per input.
    private func mapCheckpointMasses<Result: Sendable>(
        at inputs: [Int],
        _ transform: @Sendable (_ position: Int, _ masses: UnsafeBufferPointer<(label: Int, mass: Double)>) -> Result
    ) -> [Result] {
        if !tally.noise.isNoiseFree {
            if let tabulated = tally as? HypothesisTally<TabulatedHypothesisClass> {
                return tabulated.mapLabelMassesByLevel(at: inputs, transform)
            }
            if let hashed = tally as? HypothesisTally<BinaryHashedHypothesisClass> {
                return hashed.mapLabelMassesByLevel(at: inputs, transform)
            }
        }
        return tally.mapLabelMasses(at: inputs, transform)
    }
}

extension BinaryVersionSpaceLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { entropy }
    /// Noise-free (the only way it is used), every rule left agrees with every training label: 0.
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
