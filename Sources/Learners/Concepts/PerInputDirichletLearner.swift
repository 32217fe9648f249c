import EDL
import Foundation

/// A learner with one symmetric Dirichlet(α) label estimate per input:
/// p(y | x) = (c_{x,y} + α)/(N_x + kα), uniform 1/k for an input never seen.
/// It learns each input's label gradually rather than in one shot.
public struct PerInputDirichletLearner: Learner {
    /// The per-input counts.
    @inlinable
    public var counts: PerInputLabelCounts { inputCounts }
    @usableFromInline var inputCounts: PerInputLabelCounts
    /// The pseudo-count α (> 0).
    public let concentration: Double
    /// Shared logarithms of small smoothed counts (the same bits as computing them).
    @usableFromInline var logs: SmoothedLogTable
    /// Σ_x [N_x log(N_x + kα) − Σ_y c_{x,y} log(c_{x,y} + α)]: the code length
    /// of the examples counted so far under the current counts, in nats,
    /// kept up to date per example.
    @usableFromInline var ownCodeLength = CompensatedSum()

    /// Creates the learner; inputs `0..<denseInputs` are counted in flat arrays.
    /// - Parameter inputSpace: the number of inputs (concepts) of the population, for ``parameterCount``.
    public init(labelCount: Int, concentration: Double, denseInputs: Int, inputSpace: Int) {
        self.inputSpace = inputSpace
        precondition(labelCount >= 2, "needs at least two labels")
        precondition(concentration > 0 && concentration.isFinite, "the concentration must be positive")
        inputCounts = PerInputLabelCounts(labelCount: labelCount, denseInputs: denseInputs)
        self.concentration = concentration
        logs = SmoothedLogTable.shared(labelCount: labelCount, concentration: concentration)
    }

    /// −ln p(y | x), in nats.
    @inlinable @inline(always)
    public func codeLength(of example: LabeledExample) -> Double {
        codeLength(label: example.label, at: example.input)
    }

    /// log(N_x + kα) − log(c_{x,y} + α), the logarithms from the shared
    /// table while the counts are small (the same bits).
    @inlinable @inline(always)
    func codeLength(label: Int, at input: Int) -> Double {
        logs.logTotal(inputCounts.total(of: input)) - logs.logCount(inputCounts.count(of: label, at: input))
    }

    /// Counts the example.
    @inlinable @inline(always)
    public mutating func update(on example: LabeledExample) {
        _ = codeThenUpdate(on: example)
    }

    /// Codes the example, then counts it, reading its counts once.
    @inlinable @inline(always)
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        let (total, count) = (inputCounts.total(of: example.input), inputCounts.count(of: example.label, at: example.input))
        // Past the shared table's first block, fill it as the counts reach it (c ≤ N_x).
        if total >= logs.totalsCovered || total >= logs.totalStepsCovered || count >= logs.countsCovered {
            coverTables(below: total + 1)
        }
        let length = logs.logTotal(total) - logs.logCount(count)
        ownCodeLength.add(
            logs.ownCodeLengthChange(
                total: total, count: count, codeLength: length, totalStep: logs.logTotalStep(total),
                countStep: logs.logCountStep(count)))
        inputCounts.add(example)
        return length
    }

    /// Fills the shared table's counts and totals below `needed` (a block at a time).
    @usableFromInline
    mutating func coverTables(below needed: Int) {
        logs.coverTotals(below: needed)
        logs.coverTotalSteps(below: needed)
        logs.coverCounts(below: needed)
    }

    /// The code length of the examples counted so far under the current
    /// counts, Σ_i −log p(y_i | x_i), in nats (the final model's code length
    /// on its own training examples).
    public var codeLengthOfSeenExamples: Double { ownCodeLength.value }

    /// k − 1 free probabilities per input seen.
    public var parameterCount: Int { (inputCounts.labelCount - 1) * inputSpace }

    /// The number of inputs (concepts) of the population.
    public let inputSpace: Int

    /// The expected code length of a fresh example at `input` whose label is
    /// `trueLabel` corrupted by `noise`, in nats: O(1) without noise, O(k) with.
    @inlinable @inline(always)
    public func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        let trueLoss = codeLength(label: trueLabel, at: input)
        guard noise.level > 0 else { return trueLoss }
        var otherLoss = 0.0
        for label in 0..<inputCounts.labelCount where label != trueLabel {
            otherLoss += codeLength(label: label, at: input)
        }
        return (1 - noise.level) * trueLoss + noise.flipProbability * otherLoss
    }
}
