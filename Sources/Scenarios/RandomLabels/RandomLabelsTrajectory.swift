import EDL
import GSL
import Learners

/// One replicate of ``RandomLabels``: fresh uniform labels, inputs either
/// never repeating or uniform on 1...inputs, and one learner.
///
/// `@_specialize` gives the per-example loop code compiled for each learner,
/// which the runner otherwise reaches only as generic code through `any Trajectory`.
struct RandomLabelsTrajectory<Model: RandomLabelsLearner>: Trajectory {
    private(set) var learner: Model
    var isLearning = true
    private let random: RandomSource
    private let labelCount: Int
    private let inputCount: Int
    private var examplesDrawn = 0

    init(learner: Model, scenario: RandomLabels, random: RandomSource) {
        self.learner = learner
        self.random = random
        labelCount = scenario.labelCount
        inputCount = scenario.inputCount
    }

    @_specialize(where Model == DirichletMarginalLearner)
    @_specialize(where Model == Memoriser)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        for _ in 0..<count {
            examplesDrawn += 1
            // Input first (none to draw when every input is new), then the label.
            let input = inputCount == 0 ? examplesDrawn : random.uniformInteger(below: inputCount) + 1
            let label = random.uniformInteger(below: labelCount)
            let example = LabeledExample(input: input, label: label)
            accountant.record(codeLength: isLearning ? learner.codeThenUpdate(on: example) : learner.codeLength(of: example))
        }
    }

    func populationLoss() -> Double {
        learner.populationLoss(labelCount: labelCount, inputCount: inputCount)
    }

    var parameterCount: Int { learner.parameterCount }
}

/// A learner whose exact population loss on random labels is known.
protocol RandomLabelsLearner: Learner {
    /// The expected loss on a fresh example (uniform label; input new when
    /// `inputCount` is 0, else uniform on 1...inputCount), in nats.
    func populationLoss(labelCount: Int, inputCount: Int) -> Double
}

extension UniformLearner: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double { uniformLabelCrossEntropy }
}

extension DirichletMarginalLearner: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double { uniformLabelCrossEntropy }
}

extension Memoriser: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double {
        guard inputCount > 0 else { return unseenInputCrossEntropy }
        let unseen = Double(inputCount - seenInputCount)
        return (seenInputsCrossEntropySum + unseen * unseenInputCrossEntropy) / Double(inputCount)
    }
}
