import EDL
import Foundation
import GSL
import Learners

/// One replicate of ``HypothesisCollapse``: a world (the rule class and the
/// true rule h*), a stream of examples labelled by h* through the noise, and
/// one learner.
///
/// The runner reaches trajectories through `any Trajectory`, where a generic
/// type runs its unspecialised code; `@_specialize` makes the hot methods
/// jump to code compiled for the common learner and class pairs (5× faster
/// for the Bayes learner on m = 2^20 rules).
struct HypothesisCollapseTrajectory<Model: HypothesisCollapseLearner, Rules: HypothesisClass>: Trajectory {
    private(set) var learner: Model
    var isLearning = true
    private let random: RandomSource
    private let rules: Rules
    /// The true rule h*.
    let truth: Int
    private let noise: LabelNoise
    private let inputs: InputDistribution
    private let logRuleCount: Double
    /// The number of examples so far.
    private var examples = 0

    init(learner: Model, rules: Rules, truth: Int, scenario: HypothesisCollapse, random: RandomSource) {
        self.learner = learner
        self.random = random
        self.rules = rules
        self.truth = truth
        noise = scenario.noise
        inputs = scenario.inputDistribution
        logRuleCount = log(Double(scenario.hypothesisCount))
    }

    @_specialize(where Model == FiniteClassBayesLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == DigitwiseBayesLearner, Rules == DigitsHypothesisClass)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        let k = noise.labelCount
        examples += count
        for _ in 0..<count {
            let input = inputs.draw(using: random)
            var label = rules.label(of: truth, at: input)
            if noise.level > 0, random.bernoulli(noise.level) {
                label = (label + 1 + random.uniformInteger(below: k - 1)) % k
            }
            let example = LabeledExample(input: input, label: label)
            accountant.record(codeLength: isLearning ? learner.codeThenUpdate(on: example) : learner.codeLength(of: example))
        }
    }

    @_specialize(where Model == FiniteClassBayesLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == DigitwiseBayesLearner, Rules == DigitsHypothesisClass)
    func populationLoss() -> Double {
        let lengths = learner.expectedCodeLengths(at: inputs.support) { rules.label(of: truth, at: $0) }
        var total = CompensatedSum()
        for (length, weight) in zip(lengths, inputs.weights) where weight > 0 {
            total.add(weight * length)
        }
        return total.value
    }

    var parameterCount: Int { learner.parameterCount }

    /// The learner's code length on its training examples (`nil` when
    /// frozen, or when the learner does not track it).
    func trainingCodeLength() -> Double? {
        isLearning ? learner.trainingCodeLength(examples: examples, noise: noise) : nil
    }

    /// posterior_entropy and rule_information, in nats.
    func metricValues() -> [Double?] {
        guard let entropy = learner.posteriorEntropy else { return [nil, nil] }
        return [entropy, logRuleCount - entropy]
    }
}

/// Where the inputs of a hypothesis-collapse world come from.
struct InputDistribution: Sendable {
    /// The inputs with positive or zero probability, in order.
    let support: [Int]
    /// Their probabilities.
    let weights: [Double]
    /// The number of ordinary inputs (1…inputs).
    let ordinaryCount: Int
    /// The probability of the diagnostic input 0 (0 when there is none).
    let diagnosticWeight: Double

    init(ordinaryCount: Int, diagnosticWeight: Double?) {
        self.ordinaryCount = ordinaryCount
        self.diagnosticWeight = diagnosticWeight ?? 0
        let ordinary = Array(1...ordinaryCount)
        let share = (1 - self.diagnosticWeight) / Double(ordinaryCount)
        if diagnosticWeight != nil {
            support = [0] + ordinary
            weights = [self.diagnosticWeight] + ordinary.map { _ in share }
        } else {
            support = ordinary
            weights = ordinary.map { _ in share }
        }
    }

    @inline(always)
    func draw(using random: RandomSource) -> Int {
        if diagnosticWeight > 0, random.uniform() < diagnosticWeight { return 0 }
        return random.uniformInteger(below: ordinaryCount) + 1
    }
}
