import Foundation
import GSL

/// The plug-in learner of the `digits` class: per digit it predicts one most
/// probable value (chosen uniformly among ties, kept while it stays among the
/// most probable) with confidence 1 − ε, ε = max(η, floor).
public struct DigitwiseMAPLearner: Learner {
    /// The factorised posterior it picks from.
    public private(set) var tally: DigitTally
    /// The value it predicts for each digit.
    public private(set) var picks: [Int]
    /// The probability it gives to labels other than its pick: max(η, floor).
    public let errorProbability: Double
    private let random: RandomSource
    /// The learner's own noise model, ε = errorProbability, built once.
    private let predictive: LabelNoise

    /// Creates the learner; `random` breaks ties.
    public init(digitCount: Int, noise: LabelNoise, floor: Double, random: RandomSource) {
        precondition(floor > 0 && floor < 1, "the floor must be in (0, 1)")
        tally = DigitTally(digitCount: digitCount, noise: noise)
        errorProbability = max(noise.level, floor)
        predictive = LabelNoise(level: max(noise.level, floor), labelCount: noise.labelCount)
        self.random = random
        picks = (0..<digitCount).map { _ in random.uniformInteger(below: noise.labelCount) }
    }


    /// −ln p(y | x) with the picked digit value, in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        -log(picks[example.input - 1] == example.label ? 1 - errorProbability : predictive.flipProbability)
    }

    /// Counts the example; re-picks the digit uniformly among its most
    /// probable values if the pick fell behind.
    public mutating func update(on example: LabeledExample) {
        _ = tally.observe(example)
        let digit = example.input - 1
        if !tally.isMostProbable(picks[digit], ofDigit: digit) {
            let best = tally.mostProbableValues(ofDigit: digit)
            picks[digit] = best[random.uniformInteger(below: best.count)]
        }
    }

    /// A distribution over k values per digit: D·(k − 1) free parameters.
    public var parameterCount: Int { tally.digitCount * (tally.labelCount - 1) }

    /// The expected code length of a fresh example at each input (1…D), in nats.
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { input in
            tally.noise.expectedCodeLength(
                trueLabel: trueLabel(input), masses: [(label: picks[input - 1], mass: 1)], predictive: predictive)
        }
    }
}
