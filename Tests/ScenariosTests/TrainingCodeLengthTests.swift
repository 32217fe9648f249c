import EDL
import Foundation
import GSL
import Learners
@testable import Scenarios
import Testing

/// The training code lengths the scenarios declare for their learners
/// (Σ_i −log p_θ*(y_i | x_i)), checked by coding every training example
/// again with the final learner.
@Suite("Training code lengths")
struct TrainingCodeLengthTests {
    /// Noise-free examples of rule `truth` at random inputs 1...inputs, and
    /// their total code length under the learner after all of them.
    private func replay<L: Learner>(
        _ learner: inout L, rules: some HypothesisClass, truth: Int, inputs: Int, count: Int, seed: UInt64
    ) throws -> Double {
        let random = try RandomSource(seed: seed)
        var examples: [LabeledExample] = []
        for _ in 0..<count {
            let input = random.uniformInteger(below: inputs) + 1
            let example = LabeledExample(input: input, label: rules.label(of: truth, at: input))
            _ = learner.codeThenUpdate(on: example)
            examples.append(example)
        }
        return examples.reduce(0) { $0 + learner.codeLength(of: $1) }
    }

    @Test("noise-free Bayes over rules and over digits: every training example is coded at 0 nats")
    func bayes() throws {
        let noise = LabelNoise(level: 0, labelCount: 3)
        let hashed = HashedHypothesisClass(hypothesisCount: 729, labelCount: 3, key: 77, hasDiagnosticInput: false)
        var rules = FiniteClassBayesLearner(hypotheses: hashed, noise: noise)
        let replayed = try replay(&rules, rules: hashed, truth: 100, inputs: 12, count: 40, seed: 3)
        #expect(replayed == 0 && rules.trainingCodeLength(examples: 40, noise: noise) == 0)

        let digitRules = DigitsHypothesisClass(hypothesisCount: 729, labelCount: 3)
        var digits = DigitwiseBayesLearner(digitCount: 6, noise: noise)
        let replayedDigits = try replay(&digits, rules: digitRules, truth: 500, inputs: 6, count: 40, seed: 4)
        #expect(replayedDigits == 0 && digits.trainingCodeLength(examples: 40, noise: noise) == 0)
    }

    @Test("noise-free MAP over rules and over digits: every training example is coded at −log(1 − floor)")
    func map() throws {
        let noise = LabelNoise(level: 0, labelCount: 2)
        let hashed = HashedHypothesisClass(hypothesisCount: 256, labelCount: 2, key: 5, hasDiagnosticInput: false)
        var rules = MAPHypothesisLearner(hypotheses: hashed, noise: noise, floor: 0.03, random: try RandomSource(seed: 1))
        let replayed = try replay(&rules, rules: hashed, truth: 17, inputs: 10, count: 30, seed: 5)
        let declared = try #require(rules.trainingCodeLength(examples: 30, noise: noise))
        #expect(abs(replayed - declared) < 1e-12 && abs(declared - 30 * -log(0.97)) < 1e-12)

        let digitRules = DigitsHypothesisClass(hypothesisCount: 256, labelCount: 2)
        var digits = DigitwiseMAPLearner(digitCount: 8, noise: noise, floor: 0.03, random: try RandomSource(seed: 2))
        let replayedDigits = try replay(&digits, rules: digitRules, truth: 200, inputs: 8, count: 30, seed: 6)
        let declaredDigits = try #require(digits.trainingCodeLength(examples: 30, noise: noise))
        #expect(abs(replayedDigits - declaredDigits) < 1e-12)
    }

    @Test("the one-shot coupon learner codes every noise-free training example at 0 nats")
    func oneShot() throws {
        let noise = LabelNoise(level: 0, labelCount: 3)
        let labels = HashedHypothesisClass(hypothesisCount: 1, labelCount: 3, key: 9, hasDiagnosticInput: false)
        var learner = OneShotConceptLearner(inputCount: 51, labelCount: 3)
        let replayed = try replay(&learner, rules: labels, truth: 0, inputs: 50, count: 200, seed: 7)
        #expect(replayed == 0 && learner.trainingCodeLength(examples: 200, noise: noise) == 0)
    }

    /// Noisy examples of rule `truth` at random inputs 1...inputs, learned by
    /// `learner`; returns them with their label counts per input.
    private func learnNoisy<L: HypothesisCollapseLearner>(
        _ learner: inout L, rules: some HypothesisClass, truth: Int, noise: LabelNoise, inputs: Int, count: Int,
        seed: UInt64
    ) throws -> ([LabeledExample], PerInputLabelCounts) {
        let random = try RandomSource(seed: seed)
        var examples: [LabeledExample] = []
        var counts = PerInputLabelCounts(labelCount: noise.labelCount, denseInputs: seed.isMultiple(of: 2) ? inputs + 1 : 0)
        for _ in 0..<count {
            let input = random.uniformInteger(below: inputs) + 1
            var label = rules.label(of: truth, at: input)
            if random.bernoulli(noise.level) {
                label = (label + 1 + random.uniformInteger(below: noise.labelCount - 1)) % noise.labelCount
            }
            let example = LabeledExample(input: input, label: label)
            _ = learner.codeThenUpdate(on: example)
            examples.append(example)
            counts.add(example)
        }
        return (examples, counts)
    }

    /// Checks the fused pass: the expected code lengths bit for bit, and the
    /// training code length against coding every training example again.
    private func expectFusedPass<L: HypothesisCollapseLearner>(
        _ learner: L, examples: [LabeledExample], counts: PerInputLabelCounts, inputs: Int,
        truth: @escaping (Int) -> Int, _ label: String
    ) throws {
        let support = Array(1...inputs)
        let both = learner.expectedAndTrainingCodeLengths(at: support, trueLabel: truth, training: counts)
        #expect(both.expected == learner.expectedCodeLengths(at: support, trueLabel: truth), "\(label)")
        let replayed = examples.reduce(0) { $0 + learner.codeLength(of: $1) }
        let fused = both.training.reduce(0, +)
        #expect(abs(fused - replayed) <= 1e-12 * replayed, "\(label): \(fused) vs \(replayed)")
    }

    @Test("with noise, one pass gives the exact test loss and the training code length of Bayes and MAP, over rules and digits")
    func noisyFusedPass() throws {
        let noise = LabelNoise(level: 0.2, labelCount: 3)
        let hashed = HashedHypothesisClass(hypothesisCount: 243, labelCount: 3, key: 31, hasDiagnosticInput: false)
        let truthRule = { (input: Int) in hashed.label(of: 40, at: input) }
        var bayes = FiniteClassBayesLearner(hypotheses: hashed, noise: noise)
        var (examples, counts) = try learnNoisy(&bayes, rules: hashed, truth: 40, noise: noise, inputs: 9, count: 300, seed: 2)
        try expectFusedPass(bayes, examples: examples, counts: counts, inputs: 9, truth: truthRule, "bayes")
        var map = MAPHypothesisLearner(hypotheses: hashed, noise: noise, floor: 0.01, random: try RandomSource(seed: 9))
        (examples, counts) = try learnNoisy(&map, rules: hashed, truth: 40, noise: noise, inputs: 9, count: 300, seed: 3)
        try expectFusedPass(map, examples: examples, counts: counts, inputs: 9, truth: truthRule, "map")

        let digitRules = DigitsHypothesisClass(hypothesisCount: 243, labelCount: 3)
        let truthDigits = { (input: Int) in digitRules.label(of: 100, at: input) }
        var digits = DigitwiseBayesLearner(digitCount: 5, noise: noise)
        (examples, counts) = try learnNoisy(&digits, rules: digitRules, truth: 100, noise: noise, inputs: 5, count: 300, seed: 4)
        try expectFusedPass(digits, examples: examples, counts: counts, inputs: 5, truth: truthDigits, "digits")
        var digitMAP = DigitwiseMAPLearner(digitCount: 5, noise: noise, floor: 0.01, random: try RandomSource(seed: 8))
        (examples, counts) = try learnNoisy(&digitMAP, rules: digitRules, truth: 100, noise: noise, inputs: 5, count: 300, seed: 5)
        try expectFusedPass(digitMAP, examples: examples, counts: counts, inputs: 5, truth: truthDigits, "digit map")
    }

    @Test("a noisy hypothesis-collapse trajectory: the population loss computed with the training code length at a checkpoint is the one computed alone, at every checkpoint")
    func checkpointCache() throws {
        for learner in ["bayes", "map"] {
            for assignments in [[("m", "256"), ("noise", "0.2")], [("class", "digits"), ("m", "729"), ("k", "3"), ("noise", "0.2")]] {
                let scenario = try HypothesisCollapse(
                    configuration: ScenarioConfiguration(
                        scenario: HypothesisCollapse.self, learner: learner,
                        assignments: assignments.map { (name: $0.0, value: $0.1) }))
                var cached = try scenario.makeTrajectory(random: RandomSource(seed: 12))
                var alone = try scenario.makeTrajectory(random: RandomSource(seed: 12))
                var (a, b) = (PrequentialAccountant(), PrequentialAccountant())
                for _ in 0..<6 {
                    cached.advance(by: 7, recording: &a)
                    alone.advance(by: 7, recording: &b)
                    cached.finishCheckpoint()
                    #expect(cached.populationLoss() == alone.populationLoss(), "\(learner) \(assignments)")
                    #expect(cached.trainingCodeLength() != nil && alone.trainingCodeLength() == nil)
                }
            }
        }
    }
}

