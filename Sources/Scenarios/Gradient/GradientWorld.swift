import GSL
import Learners

/// The population a gradient learner is trained on: how to draw an example,
/// and the exact population loss of a model.
protocol GradientWorld {
    associatedtype Model: GradientModel
    /// Draws one example from the population.
    func draw(using random: RandomSource) -> LabeledExample
    /// The exact population loss of `model`, in nats per example.
    func populationLoss(of model: Model) -> Double
    /// E[L(θ′) − L(θ)] over the next example (x, y) ~ P, where θ′ is θ after
    /// one optimiser step on that example alone: positive means the step
    /// raises the population loss in expectation (a failure of population
    /// monotonicity, property P1 of Docs/Theory.md). `nil` when too costly to compute.
    func expectedStepChange(of model: Model, optimizer: GradientOptimizer) -> Double?

    /// What ``expectedStepChange(of:optimizer:memo:)`` may keep between
    /// steps: its results for the parts of the model no step has changed since.
    associatedtype StepChangeMemo = Void
    /// An empty memo for runs with `optimizer`.
    func makeStepChangeMemo(optimizer: GradientOptimizer) -> StepChangeMemo
    /// ``expectedStepChange(of:optimizer:)``, the same number bit for bit,
    /// reusing what `memo` holds and keeping what it computes.
    func expectedStepChange(of model: Model, optimizer: GradientOptimizer, memo: inout StepChangeMemo) -> Double?
    /// Makes `memo` forget what the step `model` is about to take changes.
    func modelWillStep(_ model: Model, memo: inout StepChangeMemo)
    /// ``populationLoss(of:)``, the same number bit for bit, reusing what
    /// `memo` holds (the default recomputes it).
    func populationLoss(of model: Model, memo: inout StepChangeMemo) -> Double
    /// Whether the next single-example step raises the population loss in
    /// expectation: ``raisesLoss(change:populationLoss:)`` of the expected
    /// step change and the population loss; `nil` when the change is too
    /// costly to compute. A world may decide it without the exact sums, but
    /// must give the same answer.
    func stepRaisesLoss(of model: Model, optimizer: GradientOptimizer, memo: inout StepChangeMemo) -> Bool?

    /// The world's own metrics of a final model (after the gradient
    /// learners' ``GradientSettings/metrics``); none by default.
    func metricValues(of model: Model) -> [Double?]

    /// ``populationLoss(of:)`` and ``metricValues(of:)`` together (a world
    /// whose metrics come from the same pass over the inputs overrides it).
    func populationLossAndMetrics(of model: Model) -> (loss: Double, metrics: [Double?])
}

extension GradientWorld {
    func metricValues(of model: Model) -> [Double?] { [] }

    func populationLoss(of model: Model, memo: inout StepChangeMemo) -> Double { populationLoss(of: model) }

    func stepRaisesLoss(of model: Model, optimizer: GradientOptimizer, memo: inout StepChangeMemo) -> Bool? {
        stepRaisesLossFromFullSums(of: model, optimizer: optimizer, memo: &memo)
    }

    /// ``stepRaisesLoss(of:optimizer:memo:)`` from the expected step change
    /// and the population loss themselves (what a world's faster decision must agree with).
    func stepRaisesLossFromFullSums(of model: Model, optimizer: GradientOptimizer, memo: inout StepChangeMemo) -> Bool? {
        guard let change = expectedStepChange(of: model, optimizer: optimizer, memo: &memo) else { return nil }
        return Self.raisesLoss(change: change, populationLoss: { populationLoss(of: model, memo: &memo) })
    }

    /// The smallest threshold a step change must exceed to count as raising the loss, nats.
    static var smallestThreshold: Double { 1e-12 }

    /// Whether an expected step change of `change` nats raises the loss: it
    /// exceeds 10⁻¹² × max(1, L), L the population loss (rounding noise
    /// of a sum of tiny terms is not a violation); `populationLoss` is asked
    /// only when the change exceeds 10⁻¹².
    static func raisesLoss(change: Double, populationLoss: () -> Double) -> Bool {
        change > smallestThreshold && change > smallestThreshold * max(1, populationLoss())
    }

    func populationLossAndMetrics(of model: Model) -> (loss: Double, metrics: [Double?]) {
        (populationLoss(of: model), metricValues(of: model))
    }
}

extension GradientWorld where StepChangeMemo == Void {
    func makeStepChangeMemo(optimizer: GradientOptimizer) {}

    /// Recomputed from scratch at every step.
    func expectedStepChange(of model: Model, optimizer: GradientOptimizer, memo: inout Void) -> Double? {
        expectedStepChange(of: model, optimizer: optimizer)
    }

    func modelWillStep(_ model: Model, memo: inout Void) {}
}

/// The largest number of operations a per-step expectation may cost.
let expectedChangeWorkLimit = 1 << 16

/// A tabular population: inputs 0..<rows with probabilities `weights`, each
/// with a true label seen through symmetric noise (uniform labels are noise
/// (k − 1)/k around any label).
struct TableWorld: GradientWorld {
    typealias Model = SoftmaxTable
    let weights: [Double]
    let noise: Double
    let truth: @Sendable (Int) -> Int
    let sampler: @Sendable (RandomSource) -> LabeledExample

    /// The bytes one replicate holds with a `rows` × `labels` softmax table
    /// trained by `settings` on `examples` examples: the table's logits and
    /// gradient, its touched-row marks and list, the optimizer's moments, the
    /// world's input weights, the monotonicity check's kept row losses (and SGD's terms), and what
    /// ``GradientSettings/replicateMemory(model:examples:)`` adds.
    static func replicateMemory(rows: Int, labels: Int, settings: GradientSettings, examples: Int) -> Double {
        let parameters = Double(rows) * Double(labels)
        let model =
            MemoryEstimate.array(2 * parameters, stride: 8) + MemoryEstimate.array(Double(rows), stride: 9)
            + settings.optimizerMemory(parameters: rows * labels)
        let isSGD = if case .sgd = settings.optimizer { true } else { false }
        let kept = settings.tracksMonotonicity ? TableStepChangeMemo.memory(rows: rows, labels: labels, keepsTerms: isSGD) : 0
        return settings.replicateMemory(model: model, examples: examples) + MemoryEstimate.array(Double(rows), stride: 8) + kept
    }

    func draw(using random: RandomSource) -> LabeledExample { sampler(random) }

    func populationLoss(of model: SoftmaxTable) -> Double {
        var total = 0.0
        for row in weights.indices where weights[row] > 0 {
            total += weights[row] * model.expectedCodeLength(row: row, truth: truth(row), noise: noise)
        }
        return total
    }

    func expectedStepChange(of model: SoftmaxTable, optimizer: GradientOptimizer) -> Double? {
        var memo = TableStepChangeMemo(rows: weights.count, isKept: false)
        return expectedStepChange(of: model, optimizer: optimizer, memo: &memo)
    }

    /// A step on (x, y) changes only row x, so with plain SGD each row's
    /// terms stay valid until a step touches that row; an Adam step changes
    /// every row's terms (its bias correction counts all steps), so nothing
    /// is kept for Adam.
    func makeStepChangeMemo(optimizer: GradientOptimizer) -> TableStepChangeMemo {
        let isSGD = if case .sgd = optimizer { true } else { false }
        return TableStepChangeMemo(rows: weights.count, isKept: isSGD)
    }

    /// The sum over rows x (weight w_x > 0) and labels y (probability p > 0)
    /// of w_x·p·w_x·(L_x after a step on (x, y) − L_x now), added up in that
    /// order whether its terms are recomputed or reused.
    func expectedStepChange(
        of model: SoftmaxTable, optimizer: GradientOptimizer, memo: inout TableStepChangeMemo
    ) -> Double? {
        let k = model.labelCount
        guard weights.count * k * k <= expectedChangeWorkLimit else { return nil }
        guard memo.isKept else {
            var change = 0.0
            for row in weights.indices where weights[row] > 0 {
                let t = truth(row)
                model.expectedCodeLengthsAroundSteps(row: row, truth: t, noise: noise, optimizer: optimizer) { label, now, after in
                    change += term(row: row, label: label, truth: t, labels: k, now: now, after: after)
                }
            }
            return change
        }
        refresh(model, optimizer: optimizer, memo: &memo)
        return memo.terms.withUnsafeBufferPointer { terms in
            var change = 0.0
            for term in terms { change += term }
            return change
        }
    }

    /// One term of the expected one-step change: w_x·p_y·w_x·(L_x after a
    /// step on (x, y) − L_x now), p_y the label's probability under the noise.
    @inline(__always)
    private func term(row: Int, label: Int, truth: Int, labels k: Int, now: Double, after: Double) -> Double {
        let p = label == truth ? 1 - noise : noise / Double(k - 1)
        return weights[row] * p * weights[row] * (after - now)
    }

    /// Brings the rows the last steps changed up to date in `memo` (SGD):
    /// their one-step-change terms and weighted code lengths.
    private func refresh(_ model: SoftmaxTable, optimizer: GradientOptimizer, memo: inout TableStepChangeMemo) {
        let k = model.labelCount
        memo.prepare(labels: k)
        let stale = memo.takeStale()
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { row in
            for x in stale {
                for label in 0..<k { row[label] = 0 }
                var weightedLoss = 0.0
                if weights[x] > 0 {
                    let t = truth(x)
                    model.expectedCodeLengthsAroundSteps(row: x, truth: t, noise: noise, optimizer: optimizer) { label, now, after in
                        row[label] = term(row: x, label: label, truth: t, labels: k, now: now, after: after)
                        weightedLoss = weights[x] * now
                    }
                }
                memo.keep(row: x, terms: UnsafeBufferPointer(row), weightedLoss: weightedLoss)
            }
        }
        memo.returnStale(stale)
    }

    /// Whether the next step raises the population loss in expectation
    /// (``GradientWorld/raisesLoss(change:populationLoss:)``), decided with
    /// SGD from the memo's running totals when their error bounds put the
    /// change clearly on one side of the threshold (O(k²) per step), and
    /// from the full sums otherwise: the same answer either way.
    func stepRaisesLoss(of model: SoftmaxTable, optimizer: GradientOptimizer, memo: inout TableStepChangeMemo) -> Bool? {
        guard memo.isKept else { return stepRaisesLossFromFullSums(of: model, optimizer: optimizer, memo: &memo) }
        let k = model.labelCount
        guard weights.count * k * k <= expectedChangeWorkLimit else { return nil }
        refresh(model, optimizer: optimizer, memo: &memo)
        let change = memo.change.interval(termCount: weights.count * k)
        if change.high <= Self.smallestThreshold {
            memo.count(bounded: true)
            return false
        }
        let loss = memo.loss.interval(termCount: weights.count)
        // fl(1e-12 × max(1, L)) for every L in the loss interval lies in [lowest, highest].
        let lowest = Self.smallestThreshold * max(1, loss.low) * (1 - 0x1p-50)
        let highest = Self.smallestThreshold * max(1, loss.high) * (1 + 0x1p-50)
        if change.low > highest {
            memo.count(bounded: true)
            return true
        }
        if change.high <= lowest {
            memo.count(bounded: true)
            return false
        }
        memo.count(bounded: false)
        return stepRaisesLossFromFullSums(of: model, optimizer: optimizer, memo: &memo)
    }

    /// ``populationLoss(of:)``, the same bits, from the rows' kept code
    /// lengths where no step has changed them.
    func populationLoss(of model: SoftmaxTable, memo: inout TableStepChangeMemo) -> Double {
        var total = 0.0
        for row in weights.indices where weights[row] > 0 {
            total += memo.weightedLoss(row: row) {
                weights[row] * model.expectedCodeLength(row: row, truth: truth(row), noise: noise)
            }
        }
        return total
    }

    func modelWillStep(_ model: SoftmaxTable, memo: inout TableStepChangeMemo) {
        for row in model.pendingRows { memo.forget(row: row) }
    }
}

/// Hypothesis collapse for the skill-selection model: the loss is recomputed
/// over all inputs, so per-step monotonicity is tracked only for small classes.
struct SkillWorld<Rules: HypothesisClass>: GradientWorld {
    typealias Model = SkillMixture<Rules>
    let rules: Rules
    let truth: Int
    let noise: LabelNoise
    let inputs: InputDistribution

    func draw(using random: RandomSource) -> LabeledExample {
        let input = inputs.draw(using: random)
        var label = rules.label(of: truth, at: input)
        if noise.level > 0, random.bernoulli(noise.level) {
            label = (label + 1 + random.uniformInteger(below: noise.labelCount - 1)) % noise.labelCount
        }
        return LabeledExample(input: input, label: label)
    }

    func populationLoss(of model: Model) -> Double {
        let lengths = model.expectedCodeLengths(at: inputs.support, trueLabel: { rules.label(of: truth, at: $0) }, noise: noise)
        return zip(lengths, inputs.weights).reduce(0) { $0 + ($1.1 > 0 ? $1.0 * $1.1 : 0) }
    }

    func expectedStepChange(of model: Model, optimizer: GradientOptimizer) -> Double? {
        let labels = noise.level > 0 ? noise.labelCount : 1
        let cost = inputs.support.count * labels * rules.hypothesisCount * inputs.support.count
        guard cost <= expectedChangeWorkLimit else { return nil }
        let now = populationLoss(of: model)
        var change = 0.0
        for (input, weight) in zip(inputs.support, inputs.weights) where weight > 0 {
            let t = rules.label(of: truth, at: input)
            for label in 0..<noise.labelCount {
                let p = label == t ? 1 - noise.level : noise.flipProbability
                guard p > 0 else { continue }
                var trial = model
                trial.accumulateGradient(of: LabeledExample(input: input, label: label))
                trial.step(with: optimizer)
                change += weight * p * (populationLoss(of: trial) - now)
            }
        }
        return change
    }
}
