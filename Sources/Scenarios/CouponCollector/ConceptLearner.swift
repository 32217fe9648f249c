import Learners

/// A learner of per-concept labels whose expected loss on one concept is
/// known exactly, so the population loss can be kept as a running sum.
protocol ConceptLearner: Learner {
    /// The expected code length, in nats, of a fresh example of the concept
    /// at `input` whose label is `trueLabel`, corrupted by `noise`.
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double

    /// One prequential step at one concept: codes `example`, updates on it,
    /// and returns the code length with the concept's expected code length
    /// (as ``expectedCodeLength(at:trueLabel:noise:)``) before and after the
    /// update, all in nats.
    mutating func step(
        on example: LabeledExample, trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, before: Double, after: Double)

    /// Whether, on noise-free examples, the expected code length at a
    /// concept changes exactly at the concept's first example and never
    /// after, and every later example of it is coded at exactly 0 nats
    /// (true for the one-shot learner only).
    static var changesOnlyAtFirstSight: Bool { get }

    /// Whether the learner has seen an example at `input` (used only when
    /// ``changesOnlyAtFirstSight`` is true).
    func hasSeen(_ input: Int) -> Bool
}

extension ConceptLearner {
    /// Most learners keep changing their estimate.
    static var changesOnlyAtFirstSight: Bool { false }

    /// Never consulted for learners that keep changing.
    func hasSeen(_ input: Int) -> Bool { false }

    /// The step from three calls: expected loss, code-then-update, expected loss.
    @inline(always)
    mutating func step(
        on example: LabeledExample, trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, before: Double, after: Double) {
        let before = expectedCodeLength(at: example.input, trueLabel: trueLabel, noise: noise)
        let length = codeThenUpdate(on: example)
        let after = expectedCodeLength(at: example.input, trueLabel: trueLabel, noise: noise)
        return (length, before, after)
    }
}

extension OneShotConceptLearner: ConceptLearner {
    /// log k before the first example of a concept, 0 after it, for good.
    static var changesOnlyAtFirstSight: Bool { true }

    @inline(always)
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        expectedCodeLength(at: input, trueLabel: trueLabel)
    }

    /// The same numbers as the three-call step; a concept seen before keeps
    /// its expected code length, so it is not read again after the update.
    @inline(always)
    mutating func step(
        on example: LabeledExample, trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, before: Double, after: Double) {
        let seenBefore = hasSeen(example.input)
        let before = seenBefore ? expectedCodeLength(at: example.input, trueLabel: trueLabel) : unseenCodeLength
        let length = codeThenUpdate(on: example)
        if seenBefore { return (length, before, before) }
        return (length, before, expectedCodeLength(at: example.input, trueLabel: trueLabel))
    }
}

extension DigitwiseBayesLearner: ConceptLearner {
    @inline(always)
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        expectedCodeLength(at: input, trueLabel: trueLabel)
    }
}

extension PerInputDirichletLearner: ConceptLearner {}

extension UniformLearner: ConceptLearner {
    @inline(always)
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        uniformLabelCrossEntropy
    }
}
