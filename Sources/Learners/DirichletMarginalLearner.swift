import EDL
/// A learner of the label marginal that ignores the input: symmetric
/// Dirichlet(α) counts over all labels seen (KT for α = 1/2, Laplace for α = 1).
///
/// It is the exact Bayesian learner for i.i.d. labels with a Dirichlet(α)
/// prior, so its prequential total is −log of the Dirichlet-multinomial
/// marginal likelihood, whatever the order of the examples.
public struct DirichletMarginalLearner: Learner, Sendable {
    /// The smoothed label counts.
    @inlinable
    public var counts: DirichletLabelCounts { labelCounts }
    @usableFromInline var labelCounts: DirichletLabelCounts

    /// Creates the learner for `labelCount` labels and pseudo-count `concentration` (α > 0).
    public init(labelCount: Int, concentration: Double) {
        labelCounts = DirichletLabelCounts(labelCount: labelCount, concentration: concentration)
    }

    /// −log p(y), in nats: the input is ignored.
    @inlinable @inline(always)
    public func codeLength(of example: LabeledExample) -> Double {
        labelCounts.codeLength(of: example.label)
    }

    /// Counts the label.
    @inlinable @inline(always)
    public mutating func update(on example: LabeledExample) {
        labelCounts.add(example.label)
    }

    /// Codes then learns `count` examples, each taken from `nextExample()`,
    /// handing each code length (nats) to `record` (the same numbers as
    /// `count` calls of ``codeThenUpdate(on:)``, without a uniqueness check
    /// of the counts per example), or, for a stretch of at least k examples
    /// inside the shared log table, their summed code length to
    /// `recordStretch` (see ``DirichletLabelCounts/codeThenAdd(count:nextLabel:record:recordStretch:)``).
    @inlinable @inline(always)
    public mutating func codeThenUpdate(
        count: Int, nextExample: () -> LabeledExample, record: (Double) -> Void,
        recordStretch: (_ examples: Int, _ codeLength: CompensatedSum) -> Void
    ) {
        labelCounts.codeThenAdd(
            count: count, nextLabel: { nextExample().label }, record: record, recordStretch: recordStretch)
    }

    /// k − 1 free label probabilities.
    @inlinable
    public var parameterCount: Int { labelCounts.labelCount - 1 }

    /// The code length of the labels counted so far under the current
    /// estimate, in nats (``DirichletLabelCounts/codeLengthOfCountedLabels``),
    /// read in place rather than through a copy of the counts.
    @inlinable
    public var codeLengthOfCountedLabels: Double { labelCounts.codeLengthOfCountedLabels }

    /// The cross-entropy against uniformly distributed labels, in nats.
    @inlinable
    public var uniformLabelCrossEntropy: Double { labelCounts.uniformLabelCrossEntropy }
}
