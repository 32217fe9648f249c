import Foundation

/// The exact Bayesian learner of the `digits` class, factorised by digit:
/// identical predictions to ``FiniteClassBayesLearner`` over all k^D rules,
/// at O(k) per example.
public struct DigitwiseBayesLearner: Learner {
    /// The factorised posterior.
    public private(set) var tally: DigitTally

    /// The uniform prior over D-digit base-k rules, with likelihood `noise`.
    public init(digitCount: Int, noise: LabelNoise) {
        tally = DigitTally(digitCount: digitCount, noise: noise)
    }

    /// −ln p(y | x) under the posterior mixture, in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        if tally.keepsBinaryLosses { return tally.binaryCodeLength(ofLabel: example.label, at: example.input) }
        return -log(tally.noise.probability(ruleMass: tally.mass(ofLabel: example.label, at: example.input)))
    }

    /// Conditions the digit's posterior on the example.
    public mutating func update(on example: LabeledExample) {
        _ = tally.observe(example)
    }

    /// Codes, then conditions.
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        if tally.keepsBinaryLosses { return tally.binaryCodeThenObserve(example) }
        return -log(tally.noise.probability(ruleMass: tally.observe(example)))
    }

    /// Codes, conditions, and returns the code length with the expected code
    /// length afterwards of a fresh example at the same input whose rule
    /// label is `trueLabel` (as ``expectedCodeLength(at:trueLabel:)``), in
    /// nats: the same numbers as the two calls, in one.
    public mutating func codeThenUpdate(
        on example: LabeledExample, expectedAfterFor trueLabel: Int
    ) -> (codeLength: Double, expectedAfter: Double) {
        if tally.keepsBinaryLosses { return tally.binaryCodeThenObserve(example, expectedAfterFor: trueLabel) }
        let length = -log(tally.noise.probability(ruleMass: tally.observe(example)))
        return (length, tally.expectedCodeLength(at: example.input, trueLabel: trueLabel))
    }

    /// A distribution over k values per digit: D·(k − 1) free parameters.
    public var parameterCount: Int { tally.digitCount * (tally.labelCount - 1) }

    /// The expected code length of a fresh example at each input (1…D),
    /// whose rule label is `trueLabel` corrupted by the noise, in nats.
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { input in
            let masses = tally.posterior(ofDigit: input - 1).enumerated().filter { $0.element > 0 }
                .map { (label: $0.offset, mass: $0.element) }
            return tally.noise.expectedCodeLength(trueLabel: trueLabel(input), masses: masses)
        }
    }

    /// The expected code length of a fresh example at one input (1…D), in
    /// nats, without allocating.
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        if tally.keepsBinaryLosses { return tally.binaryExpectedCodeLength(at: input, trueLabel: trueLabel) }
        return tally.expectedCodeLength(at: input, trueLabel: trueLabel)
    }
}
