import Foundation

/// The exact Bayesian learner over a finite hypothesis class with a uniform
/// prior and symmetric label noise as likelihood: it predicts with the
/// posterior mixture, p(y | x) = (1 − η)·W_x(y) + η/(k−1)·(1 − W_x(y)), where
/// W_x(y) is the posterior mass of the rules that give x the label y.
///
/// Its prequential total is −ln of the marginal likelihood of the labels, in
/// any order; noise-free that is ln m − ln |V_n|.
public struct FiniteClassBayesLearner<Class: HypothesisClass>: Learner {
    /// The posterior.
    @usableFromInline var posterior: HypothesisTally<Class>

    /// The posterior.
    public var tally: HypothesisTally<Class> { posterior }

    /// The prior over `hypotheses`, with likelihood `noise`.
    public init(hypotheses: Class, noise: LabelNoise) {
        posterior = HypothesisTally(hypotheses: hypotheses, noise: noise)
    }

    /// −ln p(y | x) under the posterior mixture, in nats.
    @inlinable
    public func codeLength(of example: LabeledExample) -> Double {
        -log(tally.noise.probability(ruleMass: tally.mass(ofLabel: example.label, at: example.input)))
    }

    /// Conditions the posterior on the example.
    @inlinable
    public mutating func update(on example: LabeledExample) {
        _ = posterior.observe(example)
    }

    /// Codes and conditions in one pass over the rules.
    @inlinable
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        -log(posterior.noise.probability(ruleMass: posterior.observe(example)))
    }

    /// A distribution over the m hypotheses: m − 1 free parameters.
    public var parameterCount: Int { tally.hypotheses.hypothesisCount - 1 }

    /// The expected code length of a fresh example at each input, whose rule
    /// label is given by `trueLabel` and then corrupted by the noise, in nats.
    @inlinable
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        let truths = inputs.map(trueLabel)
        let noise = tally.noise
        return tally.mapLabelMasses(at: inputs) { position, masses in
            noise.expectedCodeLength(trueLabel: truths[position], masses: masses)
        }
    }
}
