import EDL
import Foundation

/// A learner that memorises the labels it has seen for each input.
///
/// For an input it has seen, it predicts from that input's own label counts
/// with Dirichlet(α) smoothing, (c_{x,y} + α)/(N_x + kα); for an input it has
/// never seen, it falls back to the learned label marginal with the same α.
/// On random labels it pays log k on first sight of an input and becomes
/// over-confident on what it memorised, so its test loss rises above log k.
public struct Memoriser: Learner {
    /// The number of labels k.
    public let labelCount: Int
    /// The pseudo-count α (> 0).
    public let concentration: Double
    /// The fallback for unseen inputs: the label marginal.
    @inlinable
    public var marginal: DirichletLabelCounts { labelMarginal }
    @usableFromInline var labelMarginal: DirichletLabelCounts
    /// The per-input label counts.
    @inlinable
    public var counts: PerInputLabelCounts { inputCounts }
    @usableFromInline var inputCounts: PerInputLabelCounts
    /// Σ over seen inputs x of the per-input cross-entropy against uniform
    /// labels, log(N_x + kα) − (1/k) Σ_y log(c_{x,y} + α), in nats.
    @usableFromInline var seenCrossEntropy = CompensatedSum()
    /// Σ_x Σ_y c_{x,y}·(log(N_x + kα) − log(c_{x,y} + α)) = Σ_x [N_x log(N_x + kα)
    /// − Σ_y c_{x,y} log(c_{x,y} + α)]: the code length of the examples seen
    /// so far under the current counts, in nats, kept up to date per example.
    @usableFromInline var ownCodeLength = CompensatedSum()
    /// log k.
    @usableFromInline let logLabelCount: Double

    /// Creates the learner for `labelCount` labels and pseudo-count `concentration`.
    ///
    /// - Parameter denseInputs: inputs in `0..<denseInputs` are counted in
    ///   flat arrays (fast, `denseInputs × k` counters); others in hash maps.
    ///   Use it when the input space is known and small.
    /// - Parameter inputSpace: the number of inputs the population has (0: every input is new), for
    ///   ``parameterCount``.
    /// - Parameter keepsInputCounts: false when the caller guarantees that no
    ///   input repeats: then no per-input count would ever be read again, and
    ///   none is kept (the code lengths and losses are the same; nothing grows with n).
    public init(
        labelCount: Int, concentration: Double, denseInputs: Int = 0, inputSpace: Int = 0, keepsInputCounts: Bool = true
    ) {
        self.inputSpace = inputSpace
        self.keepsInputCounts = keepsInputCounts
        precondition(labelCount >= 1, "needs at least one label")
        precondition(concentration > 0 && concentration.isFinite, "the concentration must be positive")
        self.labelCount = labelCount
        self.concentration = concentration
        labelMarginal = DirichletLabelCounts(labelCount: labelCount, concentration: concentration)
        inputCounts = PerInputLabelCounts(labelCount: labelCount, denseInputs: denseInputs)
        logLabelCount = log(Double(labelCount))
    }

    /// The number of distinct inputs seen so far (0 when it keeps no input counts).
    public var seenInputCount: Int { counts.distinctInputs }

    /// Whether it counts labels per input (false: inputs never repeat, see ``init(labelCount:concentration:denseInputs:inputSpace:keepsInputCounts:)``).
    public let keepsInputCounts: Bool

    /// The number of inputs of the population (0: unbounded, every input new).
    public let inputSpace: Int

    /// The number of trainable parameters, fixed in n: k − 1 for the marginal
    /// plus k − 1 for each input of the population, (k − 1)·(1 + inputs).
    /// With never-repeating inputs (inputSpace 0) only the marginal is ever
    /// read again, so P = k − 1.
    public var parameterCount: Int { (labelCount - 1) * (1 + inputSpace) }

    /// −log p(y | x), in nats.
    @inlinable @inline(always)
    public func codeLength(of example: LabeledExample) -> Double {
        let seen = inputCounts.total(of: example.input)
        guard seen > 0 else {
            return labelMarginal.codeLength(of: example.label)
        }
        let count = inputCounts.count(of: example.label, at: example.input)
        return labelMarginal.logs.logTotal(seen) - labelMarginal.logs.logCount(count)
    }

    /// Counts the label for its input and in the marginal.
    @inlinable @inline(always)
    public mutating func update(on example: LabeledExample) {
        let seen = inputCounts.total(of: example.input)
        let count = inputCounts.count(of: example.label, at: example.input)
        if seen == 0 {
            // A new input enters the seen set with cross-entropy log(kα) − log α = log k.
            seenCrossEntropy.add(logLabelCount)
        }
        // log(N_x + 1 + kα) − log(N_x + kα) − (1/k)[log(c + 1 + α) − log(c + α)]
        let logs = labelMarginal.logs
        let (totalStep, countStep) = (logs.logTotalStep(seen), logs.logCountStep(count))
        seenCrossEntropy.add(totalStep - countStep / Double(labelCount))
        ownCodeLength.add(
            logs.ownCodeLengthChange(
                total: seen, count: count, codeLength: logs.logTotal(seen) - logs.logCount(count), totalStep: totalStep,
                countStep: countStep))
        if keepsInputCounts { inputCounts.add(example) }
        labelMarginal.add(example.label)
    }

    /// The cross-entropy against uniform labels on one input the learner has
    /// never seen, in nats.
    public var unseenInputCrossEntropy: Double { labelMarginal.uniformLabelCrossEntropy }

    /// The code length of the examples seen so far under the current counts,
    /// Σ_i −log p(y_i | x_i), in nats (the final model's code length on its
    /// own training examples).
    public var codeLengthOfSeenExamples: Double { ownCodeLength.value }

    /// The sum over all seen inputs of their cross-entropy against uniform
    /// labels, in nats (divide by the number of inputs for a mean).
    public var seenInputsCrossEntropySum: Double { seenCrossEntropy.value }
}
