import Learners

/// What one step at a concept reports: the input, the code length, and the
/// input's expected code length before and after the update, in nats.
typealias ConceptStepReport = (_ input: Int, _ codeLength: Double, _ before: Double, _ after: Double) -> Void

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

    /// Codes `example`, updates on it, and returns the code length with the
    /// concept's expected code length after the update (as
    /// ``expectedCodeLength(at:trueLabel:noise:)`` with `trueLabel`), in nats:
    /// what a noisy example asks of the learner, in one call.
    mutating func codeThenUpdate(
        on example: LabeledExample, expectingAfter trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, after: Double)

    /// Codes then learns `count` noise-free examples at the inputs
    /// `nextInput()` gives, `trueLabel(input)` being an input's label.
    /// Examples the learner codes at exactly 0 nats without changing are
    /// only counted; for every other one, in order, `step(input,
    /// codeLength, before, after)` gets its code length and the input's
    /// expected code length before and after the update (as
    /// ``step(on:trueLabel:noise:)``), all in nats.
    /// - Returns: the number of examples only counted.
    /// - Precondition: `noise` is noise-free.
    mutating func codeThenLearnNoiseFree(
        count: Int, noise: LabelNoise, nextInput: () -> Int, trueLabel: (Int) -> Int,
        step: ConceptStepReport
    ) -> Int

    /// Codes then learns `count` noisy examples in a loop of its own, when
    /// it has one for `noise`: each example comes from `nextExample()` with
    /// the rule label of its input, and `step(input, codeLength, before,
    /// after)` gets, in order, its code length and its input's expected code
    /// length under the rule label before and after the update (as
    /// ``step(on:trueLabel:noise:)``), all in nats.
    /// - Returns: `false`, having called neither closure, when the learner
    ///   has no such loop (the trajectory then steps example by example).
    mutating func codeThenLearnNoisy(
        count: Int, noise: LabelNoise, nextExample: () -> (example: LabeledExample, trueLabel: Int),
        step: ConceptStepReport
    ) -> Bool

    /// Σ_i −log p(y_i | x_i) over the `examples` examples learned so far
    /// (labels corrupted by `noise`), under the current state, in nats;
    /// `nil` when the learner does not track it.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double?
}

extension ConceptLearner {
    /// Not tracked.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { nil }

    /// One full step per example; none is only counted.
    @inline(always)
    mutating func codeThenLearnNoiseFree(
        count: Int, noise: LabelNoise, nextInput: () -> Int, trueLabel: (Int) -> Int,
        step: ConceptStepReport
    ) -> Int {
        precondition(noise.isNoiseFree, "noise-free examples only")
        for _ in 0..<count {
            let input = nextInput()
            let label = trueLabel(input)
            let result = self.step(on: LabeledExample(input: input, label: label), trueLabel: label, noise: noise)
            step(input, result.codeLength, result.before, result.after)
        }
        return 0
    }

    /// No loop of its own.
    @inline(always)
    mutating func codeThenLearnNoisy(
        count: Int, noise: LabelNoise, nextExample: () -> (example: LabeledExample, trueLabel: Int),
        step: ConceptStepReport
    ) -> Bool {
        false
    }

    /// Code-then-update, then the expected loss.
    @inline(always)
    mutating func codeThenUpdate(
        on example: LabeledExample, expectingAfter trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, after: Double) {
        let length = codeThenUpdate(on: example)
        return (length, expectedCodeLength(at: example.input, trueLabel: trueLabel, noise: noise))
    }

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
    /// Noise-free, every example's concept holds the label it showed: 0.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { noise.isNoiseFree ? 0 : nil }

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

    /// One mutating call: calling the non-mutating expected loss right after
    /// the update copied the learner (and waited for the stores just made).
    @inline(always)
    mutating func codeThenUpdate(
        on example: LabeledExample, expectingAfter trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, after: Double) {
        let step = codeThenUpdate(on: example, expectedAfterFor: trueLabel)
        return (step.codeLength, step.expectedAfter)
    }

    /// With two labels, the tally's own loop over the kept code lengths.
    @inline(always)
    mutating func codeThenLearnNoisy(
        count: Int, noise: LabelNoise, nextExample: () -> (example: LabeledExample, trueLabel: Int),
        step: ConceptStepReport
    ) -> Bool {
        guard tally.keepsBinaryLosses else { return false }
        codeThenLearn(count: count, nextExample: nextExample, step: step)
        return true
    }
}

extension PerInputDirichletLearner: ConceptLearner {
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { codeLengthOfSeenExamples }
}

extension UniformLearner: ConceptLearner {
    /// log k per example.
    func trainingCodeLength(examples: Int, noise: LabelNoise) -> Double? { Double(examples) * uniformLabelCrossEntropy }

    @inline(always)
    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        uniformLabelCrossEntropy
    }
}
