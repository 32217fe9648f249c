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
    /// With noise, the training labels seen at each input, for the final
    /// model's training code length (noise-free it is known without them).
    private var trainingLabels: PerInputLabelCounts?
    /// The population loss and training code length computed together at
    /// the last checkpoint (nats), until the next example.
    private var checkpointLosses: (population: Double, training: Double)?

    init(learner: Model, rules: Rules, truth: Int, scenario: HypothesisCollapse, random: RandomSource) {
        self.learner = learner
        self.random = random
        self.rules = rules
        self.truth = truth
        noise = scenario.noise
        inputs = scenario.inputDistribution
        logRuleCount = log(Double(scenario.hypothesisCount))
        if !noise.isNoiseFree {
            // Dense counters while (inputs + 1)·k stays small, hashed beyond.
            let inputSpace = scenario.inputDistribution.ordinaryCount + 1
            trainingLabels = PerInputLabelCounts(
                labelCount: noise.labelCount, denseInputs: inputSpace * noise.labelCount <= 1 << 16 ? inputSpace : 0)
        }
    }

    @_specialize(where Model == FiniteClassBayesLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == BinaryVersionSpaceLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == DigitwiseBayesLearner, Rules == DigitsHypothesisClass)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        let k = noise.labelCount
        let first = examples
        examples += count
        if count > 0 { checkpointLosses = nil }
        for offset in 0..<count {
            let input = inputs.isCyclic ? (first + offset) % inputs.ordinaryCount + 1 : inputs.draw(using: random)
            var label = rules.label(of: truth, at: input)
            if noise.level > 0, random.bernoulli(noise.level) {
                label = (label + 1 + random.uniformInteger(below: k - 1)) % k
            }
            let example = LabeledExample(input: input, label: label)
            accountant.record(codeLength: isLearning ? learner.codeThenUpdate(on: example) : learner.codeLength(of: example))
            trainingLabels?.add(example)
        }
    }

    @_specialize(where Model == FiniteClassBayesLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == BinaryVersionSpaceLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == DigitwiseBayesLearner, Rules == DigitsHypothesisClass)
    func populationLoss() -> Double {
        if let checkpointLosses { return checkpointLosses.population }
        return population(of: learner.checkpointCodeLengths(at: inputs.support) { rules.label(of: truth, at: $0) })
    }

    /// Σ_x P(x)·L_x: the population loss from each input's expected code length.
    private func population(of lengths: [Double]) -> Double {
        var total = CompensatedSum()
        for (length, weight) in zip(lengths, inputs.weights) where weight > 0 {
            total.add(weight * length)
        }
        return total.value
    }

    /// With noise, computes the population loss and the training code length
    /// together (for the Bayes learner over m rules in one pass over them;
    /// the same population loss as ``populationLoss()`` alone). Specialised
    /// like ``advance(by:recording:)``: unspecialised, the pass calls the
    /// rule class through a witness per rule, input and label.
    @_specialize(where Model == FiniteClassBayesLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<HashedHypothesisClass>, Rules == HashedHypothesisClass)
    @_specialize(where Model == BinaryVersionSpaceLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<BinaryHashedHypothesisClass>, Rules == BinaryHashedHypothesisClass)
    @_specialize(where Model == FiniteClassBayesLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == MAPHypothesisLearner<TabulatedHypothesisClass>, Rules == TabulatedHypothesisClass)
    @_specialize(where Model == DigitwiseBayesLearner, Rules == DigitsHypothesisClass)
    mutating func finishCheckpoint() {
        guard checkpointLosses == nil, isLearning, let trainingLabels else { return }
        let both = learner.expectedAndTrainingCodeLengths(
            at: inputs.support, trueLabel: { rules.label(of: truth, at: $0) }, training: trainingLabels)
        var training = CompensatedSum()
        for length in both.training { training.add(length) }
        checkpointLosses = (population(of: both.expected), training.value)
    }

    var parameterCount: Int { learner.parameterCount }

    /// The learner's code length on its training examples (`nil` when
    /// frozen, or when the learner does not track it).
    func trainingCodeLength() -> Double? {
        guard isLearning else { return nil }
        if noise.isNoiseFree { return learner.trainingCodeLength(examples: examples, noise: noise) }
        return checkpointLosses?.training
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
    /// Whether examples ask the ordinary inputs in turn (1, 2, …, inputs, 1, …)
    /// instead of drawing them; the test distribution stays uniform.
    let isCyclic: Bool

    init(ordinaryCount: Int, diagnosticWeight: Double?, isCyclic: Bool = false) {
        self.ordinaryCount = ordinaryCount
        self.diagnosticWeight = diagnosticWeight ?? 0
        self.isCyclic = isCyclic
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
