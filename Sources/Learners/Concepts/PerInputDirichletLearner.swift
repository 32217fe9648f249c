import Foundation

/// A learner with one symmetric Dirichlet(α) label estimate per input:
/// p(y | x) = (c_{x,y} + α)/(N_x + kα), uniform 1/k for an input never seen.
/// It learns each input's label gradually rather than in one shot.
public struct PerInputDirichletLearner: Learner {
    /// The per-input counts.
    public private(set) var counts: PerInputLabelCounts
    /// The pseudo-count α (> 0).
    public let concentration: Double

    /// Creates the learner; inputs `0..<denseInputs` are counted in flat arrays.
    public init(labelCount: Int, concentration: Double, denseInputs: Int) {
        precondition(labelCount >= 2, "needs at least two labels")
        precondition(concentration > 0 && concentration.isFinite, "the concentration must be positive")
        counts = PerInputLabelCounts(labelCount: labelCount, denseInputs: denseInputs)
        self.concentration = concentration
    }

    /// −ln p(y | x), in nats.
    @inline(__always)
    public func codeLength(of example: LabeledExample) -> Double {
        codeLength(label: example.label, at: example.input)
    }

    @inline(__always)
    private func codeLength(label: Int, at input: Int) -> Double {
        let k = Double(counts.labelCount)
        return log(Double(counts.total(of: input)) + k * concentration)
            - log(Double(counts.count(of: label, at: input)) + concentration)
    }

    /// Counts the example.
    @inline(__always)
    public mutating func update(on example: LabeledExample) {
        counts.add(example)
    }

    /// k − 1 free probabilities per input seen.
    public var parameterCount: Int { (counts.labelCount - 1) * counts.distinctInputs }

    /// The expected code length of a fresh example at `input` whose label is
    /// `trueLabel` corrupted by `noise`, in nats: O(1) without noise, O(k) with.
    @inline(__always)
    public func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        let trueLoss = codeLength(label: trueLabel, at: input)
        guard noise.level > 0 else { return trueLoss }
        var otherLoss = 0.0
        for label in 0..<counts.labelCount where label != trueLabel {
            otherLoss += codeLength(label: label, at: input)
        }
        return (1 - noise.level) * trueLoss + noise.flipProbability * otherLoss
    }
}
