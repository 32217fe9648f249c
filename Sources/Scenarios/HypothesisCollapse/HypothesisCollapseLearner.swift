import Learners

/// A learner whose exact population loss on a hypothesis-collapse world is known.
protocol HypothesisCollapseLearner: Learner {
    /// The expected code length of a fresh example at each input, in nats,
    /// when the rule's label there is `trueLabel(input)` and the data's noise
    /// is applied.
    func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double]
    /// The entropy of the learner's posterior over rules, in nats, if it has one.
    var posteriorEntropy: Double? { get }
}

extension FiniteClassBayesLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { tally.entropy }
}

extension DigitwiseBayesLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { tally.entropy }
}

extension MAPHypothesisLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { nil }
}

extension DigitwiseMAPLearner: HypothesisCollapseLearner {
    var posteriorEntropy: Double? { nil }
}

/// The calibrated learner that never learns, for any rule class.
struct UniformRuleLearner: HypothesisCollapseLearner {
    var base: UniformLearner

    init(labelCount: Int) {
        base = UniformLearner(labelCount: labelCount)
    }

    func codeLength(of example: LabeledExample) -> Double { base.codeLength(of: example) }
    mutating func update(on example: LabeledExample) {}
    mutating func codeThenUpdate(on example: LabeledExample) -> Double { base.codeLength(of: example) }
    var parameterCount: Int { 0 }
    func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        inputs.map { _ in base.uniformLabelCrossEntropy }
    }
    var posteriorEntropy: Double? { nil }
}
