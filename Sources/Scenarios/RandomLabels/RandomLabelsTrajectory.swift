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
        // The generator's state in registers when it is xoshiro256** (the
        // same draws either way).
        if var generator = random.localXoshiro() {
            advance(by: count, drawingFrom: &generator, recording: &accountant)
            random.resume(from: generator)
        } else {
            var source = random
            advance(by: count, drawingFrom: &source, recording: &accountant)
        }
    }

    /// ``advance(by:recording:)`` drawing inputs and labels from `draws`.
    @inline(always)
    private mutating func advance<Draws: UniformIntegerDrawing>(
        by count: Int, drawingFrom draws: inout Draws, recording accountant: inout PrequentialAccountant
    ) {
        // Locals for the loop, so a value generator's state and the
        // accountant's sums can stay in registers; written back at the end.
        var generator = draws
        // Taken out rather than copied: a copy would share the part arrays,
        // and its first record would copy them (a malloc per call, and a
        // composite calls once per example).
        var books = PrequentialAccountant()
        swap(&books, &accountant)
        var drawn = examplesDrawn
        defer {
            draws = generator
            swap(&books, &accountant)
            examplesDrawn = drawn
        }
        let (inputCount, labelCount) = (self.inputCount, self.labelCount)
        guard isLearning else {
            for _ in 0..<count {
                drawn += 1
                let input = inputCount == 0 ? drawn : generator.uniformInteger(below: inputCount) + 1
                let label = generator.uniformInteger(below: labelCount)
                books.record(codeLength: learner.codeLength(of: LabeledExample(input: input, label: label)))
            }
            return
        }
        // (The closures are written at the call, not stored: a stored closure
        // would box its captures and check exclusivity at run time.)
        learner.codeThenUpdate(
            count: count,
            nextExample: {
                // Input first (none to draw when every input is new), then the label.
                drawn += 1
                let input = inputCount == 0 ? drawn : generator.uniformInteger(below: inputCount) + 1
                return LabeledExample(input: input, label: generator.uniformInteger(below: labelCount))
            },
            record: { books.record(codeLength: $0) },
            recordStretch: { books.recordExamples($0, codeLength: $1) })
    }

    func populationLoss() -> Double {
        learner.populationLoss(labelCount: labelCount, inputCount: inputCount)
    }

    var parameterCount: Int { learner.parameterCount }

    /// The learner's code length on its training examples (`nil` when frozen:
    /// θ* is then θ₀, and its code length on them is MDL).
    func trainingCodeLength() -> Double? {
        isLearning ? learner.trainingCodeLength(examples: examplesDrawn) : nil
    }
}

/// A learner whose exact population loss on random labels is known.
protocol RandomLabelsLearner: Learner {
    /// The expected loss on a fresh example (uniform label; input new when
    /// `inputCount` is 0, else uniform on 1...inputCount), in nats.
    func populationLoss(labelCount: Int, inputCount: Int) -> Double

    /// Codes then learns `count` examples, each taken from `nextExample()`,
    /// handing each code length (nats) to `record` (the same numbers as
    /// `count` calls of `codeThenUpdate(on:)`), or the summed code length
    /// of a stretch of them to `recordStretch` when the learner knows the
    /// sum without its terms.
    mutating func codeThenUpdate(
        count: Int, nextExample: () -> LabeledExample, record: (Double) -> Void,
        recordStretch: (_ examples: Int, _ codeLength: CompensatedSum) -> Void)

    /// Σ_i −log p(y_i | x_i) over the `examples` examples learned so far,
    /// under the current state, in nats.
    func trainingCodeLength(examples: Int) -> Double
}

extension RandomLabelsLearner {
    /// One `codeThenUpdate(on:)` per example.
    @inline(always)
    mutating func codeThenUpdate(
        count: Int, nextExample: () -> LabeledExample, record: (Double) -> Void,
        recordStretch: (_ examples: Int, _ codeLength: CompensatedSum) -> Void
    ) {
        for _ in 0..<count { record(codeThenUpdate(on: nextExample())) }
    }
}

extension UniformLearner: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double { uniformLabelCrossEntropy }

    /// log k per example.
    func trainingCodeLength(examples: Int) -> Double { Double(examples) * uniformLabelCrossEntropy }
}

extension DirichletMarginalLearner: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double { uniformLabelCrossEntropy }

    func trainingCodeLength(examples: Int) -> Double { codeLengthOfCountedLabels }
}

extension Memoriser: RandomLabelsLearner {
    func populationLoss(labelCount: Int, inputCount: Int) -> Double {
        guard inputCount > 0 else { return unseenInputCrossEntropy }
        let unseen = Double(inputCount - seenInputCount)
        return (seenInputsCrossEntropySum + unseen * unseenInputCrossEntropy) / Double(inputCount)
    }

    func trainingCodeLength(examples: Int) -> Double { codeLengthOfSeenExamples }
}
