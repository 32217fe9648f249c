import Foundation
import GSL
import Learners
import Testing

/// A small class given by an explicit table, for brute-force checks.
struct TableClass: HypothesisClass {
    let table: [[Int]]  // table[h][x]
    let labelCount: Int
    var hypothesisCount: Int { table.count }
    func label(of hypothesis: Int, at input: Int) -> Int { table[hypothesis][input] }

    static func random(m: Int, inputs: Int, k: Int, seed: UInt64) throws -> TableClass {
        let random = try RandomSource(seed: seed)
        return TableClass(
            table: (0..<m).map { _ in (0..<inputs).map { _ in random.uniformInteger(below: k) } }, labelCount: k)
    }
}

@Suite("Finite-class learners")
struct HypothesisLearnerTests {
    /// −ln of the marginal likelihood (1/m) Σ_h Π_i P(y_i | h(x_i)), by brute force.
    func negativeLogMarginal(_ examples: [LabeledExample], _ rules: TableClass, _ noise: LabelNoise) -> Double {
        var terms: [Double] = []
        for h in 0..<rules.hypothesisCount {
            var logLikelihood = 0.0
            for example in examples {
                let agrees = rules.label(of: h, at: example.input) == example.label
                logLikelihood += log(agrees ? 1 - noise.level : noise.flipProbability)
            }
            terms.append(logLikelihood)
        }
        let top = terms.max() ?? 0
        guard top > -.infinity else { return .infinity }
        return -(top + log(terms.map { exp($0 - top) }.reduce(0, +)) - log(Double(rules.hypothesisCount)))
    }

    @Test("prequential total = −ln marginal likelihood in every order (property 5)", arguments: [0.0, 0.2, 2.0 / 3, 0.8])
    func orderInvariance(noiseLevel: Double) throws {
        let rules = try TableClass.random(m: 128, inputs: 10, k: 3, seed: 21)
        let noise = LabelNoise(level: noiseLevel, labelCount: 3)
        let random = try RandomSource(seed: 22)
        let truth = 17
        let examples = (0..<40).map { _ -> LabeledExample in
            let x = random.uniformInteger(below: 10)
            var y = rules.label(of: truth, at: x)
            if random.bernoulli(noiseLevel) { y = (y + 1 + random.uniformInteger(below: 2)) % 3 }
            return LabeledExample(input: x, label: y)
        }
        let expected = negativeLogMarginal(examples, rules, noise)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<25 {
            var learner = FiniteClassBayesLearner(hypotheses: rules, noise: noise)
            let total = examples.shuffled(using: &generator).map { learner.codeThenUpdate(on: $0) }.reduce(0, +)
            #expect(abs(total - expected) < 1e-10 * max(1, expected))
        }
    }

    @Test("noise-free: MDL(n) = ln m − ln |V_n| after every example")
    func versionSpaceIdentity() throws {
        let rules = try TableClass.random(m: 300, inputs: 12, k: 2, seed: 5)
        var learner = FiniteClassBayesLearner(hypotheses: rules, noise: LabelNoise(level: 0, labelCount: 2))
        let random = try RandomSource(seed: 6)
        var mdl = 0.0
        for _ in 0..<30 {
            let x = random.uniformInteger(below: 12)
            mdl += learner.codeThenUpdate(on: LabeledExample(input: x, label: rules.label(of: 123, at: x)))
            let consistent = (0..<300).filter { h in
                learner.tally.isMostProbable(h)
            }.count
            #expect(consistent == learner.tally.consistentCount)
            #expect(abs(mdl - (log(300.0) - log(Double(learner.tally.consistentCount)))) < 1e-12)
            #expect(abs(learner.tally.entropy - log(Double(consistent))) < 1e-12)
        }
    }

    @Test(
        "the noisy posterior entropy equals −Σ w ln w over the explicit posterior",
        arguments: [0.3, 0.9])  // 0.9 > (k−1)/k: disagreeing rules are favoured
    func noisyEntropy(level: Double) throws {
        let rules = try TableClass.random(m: 50, inputs: 6, k: 4, seed: 8)
        let noise = LabelNoise(level: level, labelCount: 4)
        var learner = FiniteClassBayesLearner(hypotheses: rules, noise: noise)
        let examples = (0..<25).map { LabeledExample(input: $0 % 6, label: ($0 * 7) % 4) }
        for example in examples { learner.update(on: example) }
        let logLikelihoods = (0..<50).map { h in
            examples.map { log(rules.label(of: h, at: $0.input) == $0.label ? 1 - level : level / 3) }.reduce(0, +)
        }
        let top = logLikelihoods.max() ?? 0
        let weights = logLikelihoods.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        let entropy = -weights.map { $0 / total }.filter { $0 > 0 }.map { $0 * log($0) }.reduce(0, +)
        #expect(abs(learner.tally.entropy - entropy) < 1e-12)
        // The expected loss per input, against a direct sum over all k labels.
        let truth = 3
        let expected = learner.expectedCodeLengths(at: Array(0..<6)) { rules.label(of: truth, at: $0) }
        for x in 0..<6 {
            var direct = 0.0
            for y in 0..<4 {
                let probability = y == rules.label(of: truth, at: x) ? 1 - level : level / 3
                direct += probability * learner.codeLength(of: LabeledExample(input: x, label: y))
            }
            #expect(abs(expected[x] - direct) < 1e-12)
        }
    }

    @Test("the digitwise Bayes learner predicts exactly like the full class of k^D rules", arguments: [0.0, 0.25])
    func digitwiseMatchesFullClass(noiseLevel: Double) throws {
        let (k, digits) = (3, 3)
        let table = (0..<27).map { h in (0...digits).map { x in x == 0 ? 0 : (h / Int(pow(3.0, Double(x - 1)))) % k } }
        let rules = TableClass(table: table, labelCount: k)
        let noise = LabelNoise(level: noiseLevel, labelCount: k)
        var full = FiniteClassBayesLearner(hypotheses: rules, noise: noise)
        var factorised = DigitwiseBayesLearner(digitCount: digits, noise: noise)
        let random = try RandomSource(seed: 30)
        for _ in 0..<40 {
            let x = random.uniformInteger(below: digits) + 1
            var y = rules.label(of: 14, at: x)
            if random.bernoulli(noiseLevel) { y = (y + 1 + random.uniformInteger(below: k - 1)) % k }
            let example = LabeledExample(input: x, label: y)
            #expect(abs(full.codeThenUpdate(on: example) - factorised.codeThenUpdate(on: example)) < 1e-12)
            #expect(abs(full.tally.entropy - factorised.tally.entropy) < 1e-11)
            let a = full.expectedCodeLengths(at: [1, 2, 3]) { rules.label(of: 14, at: $0) }
            let b = factorised.expectedCodeLengths(at: [1, 2, 3]) { rules.label(of: 14, at: $0) }
            #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }

    @Test("MAP: confidence 1 − ε on its pick, and its expected loss against a direct sum")
    func mapLearner() throws {
        let rules = try TableClass.random(m: 64, inputs: 8, k: 3, seed: 12)
        let noise = LabelNoise(level: 0.1, labelCount: 3)
        var learner = MAPHypothesisLearner(hypotheses: rules, noise: noise, floor: 0.01, random: try RandomSource(seed: 13))
        #expect(learner.errorProbability == 0.1)
        for x in 0..<8 { learner.update(on: LabeledExample(input: x, label: rules.label(of: 9, at: x))) }
        #expect(learner.tally.isMostProbable(learner.pick))
        let expected = learner.expectedCodeLengths(at: Array(0..<8)) { rules.label(of: 9, at: $0) }
        for x in 0..<8 {
            var direct = 0.0
            for y in 0..<3 {
                let probability = y == rules.label(of: 9, at: x) ? 0.9 : 0.05
                direct += probability * learner.codeLength(of: LabeledExample(input: x, label: y))
            }
            #expect(abs(expected[x] - direct) < 1e-12)
        }
        let noiseFree = MAPHypothesisLearner(
            hypotheses: rules, noise: LabelNoise(level: 0, labelCount: 3), floor: 0.01, random: try RandomSource(seed: 1))
        let pickLabel = rules.label(of: noiseFree.pick, at: 0)
        #expect(abs(noiseFree.codeLength(of: LabeledExample(input: 0, label: pickLabel)) - -log(0.99)) < 1e-15)
        #expect(abs(noiseFree.codeLength(of: LabeledExample(input: 0, label: (pickLabel + 1) % 3)) - -log(0.005)) < 1e-15)
    }

    @Test("label noise: L* = H(η) + η ln(k − 1)")
    func noiseEntropy() {
        let noise = LabelNoise(level: 0.1, labelCount: 4)
        let direct = -(0.9 * log(0.9)) - 3 * (0.1 / 3) * log(0.1 / 3)
        #expect(abs(noise.entropy - direct) < 1e-15)
        #expect(LabelNoise(level: 0, labelCount: 2).entropy == 0)
    }
}

/// The noisy tally's update, from its per-level counts and after it falls
/// back to rule-by-rule sums, against a brute-force posterior.
@Suite("Hypothesis tally updates")
struct HypothesisTallyUpdateTests {
    @Test(
        "every example's agreeing mass, the posterior entropy and the number of most probable rules equal the brute-force posterior's (1e-12), while the levels are counted and after the tally stops counting them",
        arguments: [(2, 0.1, 400), (3, 0.3, 64), (2, 0.8, 200), (4, 0.05, 1000)])
    func againstBruteForce(labelCount k: Int, level: Double, rules m: Int) throws {
        let rules = try TableClass.random(m: m, inputs: 12, k: k, seed: UInt64(90 + m))
        let noise = LabelNoise(level: level, labelCount: k)
        var tally = HypothesisTally(hypotheses: rules, noise: noise)
        let random = try RandomSource(seed: UInt64(5 * m + k))
        var logLikelihoods = [Double](repeating: 0, count: m)
        for step in 0..<150 {
            let x = random.uniformInteger(below: 12)
            var y = rules.label(of: 3, at: x)
            if random.bernoulli(level) { y = (y + 1 + random.uniformInteger(below: k - 1)) % k }
            let top = logLikelihoods.max()!
            let weights = logLikelihoods.map { exp($0 - top) }
            var agreeing = 0.0
            for h in 0..<m where rules.label(of: h, at: x) == y { agreeing += weights[h] }
            let expectedMass = agreeing / weights.reduce(0, +)
            let mass = tally.observe(LabeledExample(input: x, label: y))
            #expect(abs(mass - expectedMass) <= 1e-12, "k = \(k), η = \(level), m = \(m), example \(step + 1)")
            for h in 0..<m {
                logLikelihoods[h] += rules.label(of: h, at: x) == y ? log(1 - level) : log(noise.flipProbability)
            }
            let best = logLikelihoods.max()!
            let posterior = logLikelihoods.map { exp($0 - best) }
            let total = posterior.reduce(0, +)
            let entropy = -posterior.reduce(0.0) { $0 + ($1 / total) * log($1 / total) }
            let mostProbable = logLikelihoods.filter { $0 >= best - 1e-9 }.count
            #expect(abs(tally.entropy - entropy) <= 1e-12 * max(1, entropy), "k = \(k), η = \(level), m = \(m), example \(step + 1)")
            #expect(tally.consistentCount == mostProbable, "k = \(k), η = \(level), m = \(m), example \(step + 1)")
        }
    }
}

/// The hypothesis tally's label masses against a brute-force posterior.
@Suite("Hypothesis tally label masses")
struct HypothesisTallyLabelMassTests {
    /// Every rule's posterior by brute force: P(examples | h) under the noise
    /// model, normalised (the prior is uniform), and relative to the best rule's.
    func posterior(
        _ rules: TableClass, _ examples: [LabeledExample], _ noise: LabelNoise
    ) -> (normalised: [Double], relative: [Double]) {
        let logLikelihoods = (0..<rules.hypothesisCount).map { h in
            examples.reduce(0.0) { total, example in
                let agrees = rules.label(of: h, at: example.input) == example.label
                if noise.isNoiseFree { return agrees ? total : -.infinity }
                return total + (agrees ? log(1 - noise.level) : log(noise.flipProbability))
            }
        }
        let best = logLikelihoods.max()!
        let weights = logLikelihoods.map { exp($0 - best) }
        let total = weights.reduce(0, +)
        return (weights.map { $0 / total }, weights)
    }

    @Test(
        "each input's (label, mass) pairs: the brute-force posterior mass of every label with mass, once each, in the order the rules first show them (beyond 2^17 labels, in label order; 1e-12)",
        arguments: [
            (2, 0.0, 300), (2, 0.2, 300), (3, 0.2, 300), (4, 0.1, 300), (4, 0.0, 300), (5, 0.3, 300), (2, 0.7, 300),
            (131_073, 0.2, 300), (131_073, 0.2, 40_000), (131_073, 0.0, 40_000),
        ])
    func againstBruteForce(labelCount k: Int, level: Double, rules m: Int) throws {
        let rules = try TableClass.random(m: m, inputs: 9, k: k, seed: UInt64(40 + k))
        let noise = LabelNoise(level: level, labelCount: k)
        var tally = HypothesisTally(hypotheses: rules, noise: noise)
        let random = try RandomSource(seed: UInt64(7 * k + 1))
        var examples: [LabeledExample] = []
        // Before any example every rule is live (the buffer path beyond 2^17 labels), then fewer.
        func check() {
            let (weights, relative) = posterior(rules, examples, noise)
            let pairs = tally.labelMasses(at: Array(0..<9))
            for x in 0..<9 {
                var expected: [Int: Double] = [:]
                var firstShown: [Int] = []
                var shown = Set<Int>()
                // (The tally leaves out rules below e^-60 of the best one's weight.)
                for h in 0..<rules.hypothesisCount where relative[h] >= exp(-60.0) {
                    let label = rules.label(of: h, at: x)
                    expected[label, default: 0] += weights[h]
                    if shown.insert(label).inserted { firstShown.append(label) }
                }
                let order = k > 1 << 17 ? firstShown.sorted() : firstShown
                // (compared first: a failing #expect on the arrays would print every label)
                let sameOrder = pairs[x].map(\.label) == order
                #expect(sameOrder, "k = \(k), η = \(level), input \(x), \(examples.count) examples")
                for (label, mass) in pairs[x] {
                    #expect(abs(mass - (expected[label] ?? -1)) <= 1e-12, "k = \(k), η = \(level), input \(x), label \(label)")
                }
            }
        }
        check()
        for step in 0..<24 {
            let x = random.uniformInteger(below: 9)
            var y = rules.label(of: 17, at: x)
            if random.bernoulli(level) { y = (y + 1 + random.uniformInteger(below: k - 1)) % k }
            let example = LabeledExample(input: x, label: y)
            _ = tally.observe(example)
            examples.append(example)
            if step % 6 == 5 { check() }
        }
    }
}
