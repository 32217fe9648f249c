import Learners

/// A learner of per-concept labels whose expected loss on one concept is
/// known exactly, so the population loss can be kept as a running sum.
protocol ConceptLearner: Learner {
    /// The expected code length, in nats, of a fresh example of the concept
    /// at `input` whose label is `trueLabel`, corrupted by `noise`.
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double
}

extension OneShotConceptLearner: ConceptLearner {
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        expectedCodeLength(at: input, trueLabel: trueLabel)
    }
}

extension DigitwiseBayesLearner: ConceptLearner {
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        expectedCodeLength(at: input, trueLabel: trueLabel)
    }
}

extension PerInputDirichletLearner: ConceptLearner {}

extension UniformLearner: ConceptLearner {
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        uniformLabelCrossEntropy
    }
}
