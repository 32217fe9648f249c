import Foundation

/// The exact Bayesian learner of the `digits` class, factorised by digit:
/// identical predictions to ``FiniteClassBayesLearner`` over all k^D rules,
/// at O(k) per example.
public struct DigitwiseBayesLearner: Learner {
    /// The factorised posterior.
    public var tally: DigitTally { storedTally }
    /// The factorised posterior, stored (``codeThenLearn(count:nextExample:step:)``, inlined, updates it).
    @usableFromInline var storedTally: DigitTally

    /// The uniform prior over D-digit base-k rules, with likelihood `noise`.
    public init(digitCount: Int, noise: LabelNoise) {
        storedTally = DigitTally(digitCount: digitCount, noise: noise)
    }

    /// −ln p(y | x) under the posterior mixture, in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        if storedTally.keepsBinaryLosses { return storedTally.binaryCodeLength(ofLabel: example.label, at: example.input) }
        return -log(storedTally.noise.probability(ruleMass: storedTally.mass(ofLabel: example.label, at: example.input)))
    }

    /// Conditions the digit's posterior on the example.
    public mutating func update(on example: LabeledExample) {
        _ = storedTally.observe(example)
    }

    /// Codes, then conditions.
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        if storedTally.keepsBinaryLosses { return storedTally.binaryCodeThenObserve(example) }
        return -log(storedTally.noise.probability(ruleMass: storedTally.observe(example)))
    }

    /// Codes, conditions, and returns the code length with the expected code
    /// length afterwards of a fresh example at the same input whose rule
    /// label is `trueLabel` (as ``expectedCodeLength(at:trueLabel:)``), in
    /// nats: the same numbers as the two calls, in one.
    public mutating func codeThenUpdate(
        on example: LabeledExample, expectedAfterFor trueLabel: Int
    ) -> (codeLength: Double, expectedAfter: Double) {
        if storedTally.keepsBinaryLosses { return storedTally.binaryCodeThenObserve(example, expectedAfterFor: trueLabel) }
        let length = -log(storedTally.noise.probability(ruleMass: storedTally.observe(example)))
        return (length, storedTally.expectedCodeLength(at: example.input, trueLabel: trueLabel))
    }

    /// Codes then learns `count` examples with two labels, each from
    /// `nextExample()` with the rule label of its input; `step(input,
    /// codeLength, before, after)` gets each example's code length and its
    /// input's expected code length under the rule label before and after
    /// the update, in nats, in order (the numbers of
    /// ``expectedCodeLength(at:trueLabel:)`` and
    /// ``codeThenUpdate(on:expectedAfterFor:)``, in one loop:
    /// ``DigitTally/binaryCodeThenObserve(count:nextExample:step:)``).
    /// - Precondition: two labels (``DigitTally/keepsBinaryLosses``).
    @inlinable @inline(__always)
    public mutating func codeThenLearn(
        count: Int, nextExample: () -> (example: LabeledExample, trueLabel: Int),
        step: (_ input: Int, _ codeLength: Double, _ before: Double, _ after: Double) -> Void
    ) {
        storedTally.binaryCodeThenObserve(count: count, nextExample: nextExample, step: step)
    }

    /// A distribution over k values per digit: D·(k − 1) free parameters.
    public var parameterCount: Int { storedTally.digitCount * (storedTally.labelCount - 1) }

    /// The expected code length of a fresh example at each input (1…D),
    /// whose rule label is `trueLabel` corrupted by the noise, in nats.
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { input in
            let masses = storedTally.posterior(ofDigit: input - 1).enumerated().filter { $0.element > 0 }
                .map { (label: $0.offset, mass: $0.element) }
            return storedTally.noise.expectedCodeLength(trueLabel: trueLabel(input), masses: masses)
        }
    }

    /// The expected code length of a fresh example at one input (1…D), in
    /// nats, without allocating.
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        if storedTally.keepsBinaryLosses { return storedTally.binaryExpectedCodeLength(at: input, trueLabel: trueLabel) }
        return storedTally.expectedCodeLength(at: input, trueLabel: trueLabel)
    }
}
