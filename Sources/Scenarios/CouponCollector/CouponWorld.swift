import GSL
import Learners

/// The coupon collector's population as a ``World``: concepts drawn with
/// their frequencies, each showing its world-fixed label through the label
/// noise. It draws exactly what ``CouponCollectorTrajectory`` draws, in the
/// same order (the world's hash key first, then concept and noise per
/// example), so the two see the same examples from the same seed.
struct CouponWorld: World {
    private let labels: HashedHypothesisClass
    let noise: LabelNoise
    let frequencies: ConceptFrequencies

    init(scenario: CouponCollector, random: RandomSource) {
        let key = UInt64(random.uniformInteger(below: 1 << 32)) << 32 | UInt64(random.uniformInteger(below: 1 << 32))
        labels = HashedHypothesisClass(
            hypothesisCount: 1, labelCount: scenario.labelCount, key: key, hasDiagnosticInput: false)
        noise = scenario.noise
        frequencies = scenario.frequencies
    }

    /// Concept c is input c + 1.
    func draw(using random: RandomSource) -> LabeledExample {
        let concept = frequencies.draw(using: random)
        var observed = labels.label(of: 0, at: concept)
        if noise.level > 0, random.bernoulli(noise.level) {
            let k = noise.labelCount
            observed = (observed + 1 + random.uniformInteger(below: k - 1)) % k
        }
        return LabeledExample(input: concept + 1, label: observed)
    }

    var inputWeights: [(input: Int, weight: Double)] {
        (0..<frequencies.count).map { ($0 + 1, frequencies.probability(of: $0)) }
    }

    /// The concept's label with probability 1 − η, each other label η/(k − 1).
    func labelProbabilities(at input: Int) -> [Double] {
        let k = noise.labelCount
        var probabilities = Array(repeating: noise.level / Double(k - 1), count: k)
        probabilities[labels.label(of: 0, at: input - 1)] = 1 - noise.level
        return probabilities
    }
}
