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
    /// The part of the population loss carried by `rows` (all of it when
    /// `rows` is empty), or `nil` when that is too costly to track per step.
    func loss(of model: Model, rows: [Int]) -> Double?
}

/// A tabular population: inputs 0..<rows with probabilities `weights`, each
/// with a true label seen through symmetric noise (uniform labels are noise
/// (k − 1)/k around any label).
struct TableWorld: GradientWorld {
    typealias Model = SoftmaxTable
    let weights: [Double]
    let noise: Double
    let truth: @Sendable (Int) -> Int
    let sampler: @Sendable (RandomSource) -> LabeledExample

    func draw(using random: RandomSource) -> LabeledExample { sampler(random) }

    func populationLoss(of model: SoftmaxTable) -> Double {
        var total = 0.0
        for row in weights.indices where weights[row] > 0 {
            total += weights[row] * model.expectedCodeLength(row: row, truth: truth(row), noise: noise)
        }
        return total
    }

    func loss(of model: SoftmaxTable, rows: [Int]) -> Double? {
        rows.reduce(0) { $0 + weights[$1] * model.expectedCodeLength(row: $1, truth: truth($1), noise: noise) }
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
    /// Track per-step monotonicity when m × inputs is at most this.
    static var trackingLimit: Int { 1 << 16 }

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

    func loss(of model: Model, rows: [Int]) -> Double? {
        rules.hypothesisCount * inputs.support.count <= Self.trackingLimit ? populationLoss(of: model) : nil
    }
}
