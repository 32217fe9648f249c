/// A learner of the label marginal that ignores the input: symmetric
/// Dirichlet(α) counts over all labels seen (KT for α = 1/2, Laplace for α = 1).
///
/// It is the exact Bayesian learner for i.i.d. labels with a Dirichlet(α)
/// prior, so its prequential total is −log of the Dirichlet-multinomial
/// marginal likelihood, whatever the order of the examples.
public struct DirichletMarginalLearner: Learner {
    /// The smoothed label counts.
    public private(set) var counts: DirichletLabelCounts

    /// Creates the learner for `labelCount` labels and pseudo-count `concentration` (α > 0).
    public init(labelCount: Int, concentration: Double) {
        counts = DirichletLabelCounts(labelCount: labelCount, concentration: concentration)
    }

    /// −log p(y), in nats: the input is ignored.
    @inline(__always)
    public func codeLength(of example: LabeledExample) -> Double {
        counts.codeLength(of: example.label)
    }

    /// Counts the label.
    @inline(__always)
    public mutating func update(on example: LabeledExample) {
        counts.add(example.label)
    }

    /// k − 1 free label probabilities.
    public var parameterCount: Int { counts.labelCount - 1 }

    /// The cross-entropy against uniformly distributed labels, in nats.
    public var uniformLabelCrossEntropy: Double { counts.uniformLabelCrossEntropy }
}
