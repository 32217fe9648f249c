import EDL
import Foundation
import GSL
import Learners
@testable import Scenarios
import Testing

@Suite("Hypothesis collapse")
struct HypothesisCollapseTests {
    func scenario(_ learner: String = "bayes", _ assignments: [(name: String, value: String)]) throws -> HypothesisCollapse {
        try HypothesisCollapse(
            configuration: ScenarioConfiguration(
                scenario: HypothesisCollapse.self, learner: learner, assignments: assignments))
    }

    @Test(
        "noise-free, every trajectory: MDL(n) = ln m − ln |V_n| and EDL(n) ≤ ln m",
        arguments: [
            [("m", "1024"), ("k", "2"), ("inputs", "64")],
            [("m", "500"), ("k", "3"), ("inputs", "6")],
            [("m", "64"), ("k", "64"), ("inputs", "5"), ("class", "diagnostic")],
        ])
    func versionSpaceIdentity(assignments: [(String, String)]) throws {
        let configured = try scenario("bayes", assignments.map { (name: $0.0, value: $0.1) })
        let logM = log(Double(configured.hypothesisCount))
        for seed in 1...5 {
            var trajectory = try configured.makeTrajectory(random: RandomSource(seed: UInt64(seed)))
            var accountant = PrequentialAccountant(bestLoss: 0)
            for _ in 0..<40 {
                trajectory.advance(by: 1, recording: &accountant)
                let point = accountant.checkpoint(testLoss: trajectory.populationLoss())
                let entropy = try #require(trajectory.metricValues()[0])  // ln |V_n|
                #expect(abs(point.mdl - (logM - entropy)) < 1e-10)
                #expect(point.edl <= logM + 1e-10)
                #expect(abs((trajectory.metricValues()[1] ?? 0) - (logM - entropy)) < 1e-12)
            }
        }
    }

    @Test("diagnostic input with weight 1: EDL(1) = log m bits exactly, test loss 0")
    func diagnosticOneShot() throws {
        for m in [2, 16, 1024] {
            let configured = try scenario(
                "bayes", [("m", String(m)), ("k", String(m)), ("class", "diagnostic"), ("diagnostic_weight", "1")])
            for seed in 1...5 {
                var trajectory = try configured.makeTrajectory(random: RandomSource(seed: UInt64(seed)))
                var accountant = PrequentialAccountant()
                #expect(abs(trajectory.populationLoss() - log(Double(m))) < 1e-12)  // L(θ₀) on input 0
                trajectory.advance(by: 1, recording: &accountant)
                let point = accountant.checkpoint(testLoss: trajectory.populationLoss())
                #expect(point.testLoss == 0)
                #expect(abs(InformationUnit.bits.fromNats(point.edl) - log2(Double(m))) < 1e-12)
            }
        }
    }

    @Test("digits: the theory is the coupon-collector closed form with K = D, Δ = ln k")
    func digitsTheory() throws {
        let configured = try scenario("bayes", [("m", "59049"), ("k", "3"), ("class", "digits")])  // 3^10
        #expect(configured.ordinaryInputCount == 10)
        let grid = [1, 2, 5, 10, 18, 40, 100]
        let curve = try #require(try configured.expectedCurve(at: grid))
        let (K, delta) = (10.0, log(3.0))
        let q = 1 - 1 / K
        for (index, n) in grid.enumerated() {
            let closed = delta * (K * (1 - pow(q, Double(n))) - Double(n) * pow(q, Double(n)))
            #expect(abs(curve.edl[index] - closed) < 1e-12 * max(1, closed))
            // Σ_{i<n} E L(θ_i) − n E L(θ_n), E L(θ_i) = Δ qⁱ, term by term.
            let termByTerm = (0..<n).map { delta * pow(q, Double($0)) }.reduce(0, +) - Double(n) * delta * pow(q, Double(n))
            #expect(abs(curve.edl[index] - termByTerm) < 1e-12 * max(1, closed))
        }
    }

    @Test("uneven coupon probabilities: the formula equals the term-by-term sum")
    func couponUneven() {
        let p = [0.5, 0.3, 0.15, 0.05]
        let curve = CouponCollectorTheory(probabilities: p, gap: 2).curve(at: [0, 1, 7, 30])
        for (index, n) in [0, 1, 7, 30].enumerated() {
            func loss(_ i: Int) -> Double { 2 * p.map { $0 * pow(1 - $0, Double(i)) }.reduce(0, +) }
            let reference = (0..<n).map(loss).reduce(0, +) - Double(n) * loss(n)
            #expect(abs(curve.edl[index] - reference) < 1e-12)
            #expect(abs((curve.testLoss?[index] ?? 0) - loss(n)) < 1e-14)
        }
        let single = CouponCollectorTheory(probabilities: [1], gap: 1).curve(at: [0, 1, 5])
        #expect(single.edl == [0, 1, 1])
    }

    @Test("with noise, every trajectory's test loss falls to L* and stays above it")
    func noisyTestLoss() throws {
        let configured = try scenario("bayes", [("m", "256"), ("k", "3"), ("inputs", "12"), ("noise", "0.2")])
        let bestLoss = try #require(configured.bestLoss)
        #expect(abs(bestLoss - LabelNoise(level: 0.2, labelCount: 3).entropy) < 1e-15)
        for seed in 1...3 {
            var trajectory = try configured.makeTrajectory(random: RandomSource(seed: UInt64(seed)))
            var accountant = PrequentialAccountant(bestLoss: bestLoss)
            trajectory.advance(by: 2000, recording: &accountant)
            let point = accountant.checkpoint(testLoss: trajectory.populationLoss())
            #expect(point.testLoss >= bestLoss - 1e-12)
            #expect(point.testLoss - bestLoss < 1e-6)
            #expect(abs((point.sdl ?? 0) - (point.edl + 2000 * (point.testLoss - bestLoss))) < 1e-9)
        }
    }

    @Test("hashed labels are uniform on k for every rule and input (within 4 SE)")
    func hashedLabelsUniform() {
        let rules = HashedHypothesisClass(hypothesisCount: 1000, labelCount: 3, key: 99, hasDiagnosticInput: false)
        var counts = [0, 0, 0]
        var agreeWithNext = 0
        for h in 0..<1000 {
            for x in 1...100 {
                counts[rules.label(of: h, at: x)] += 1
                if rules.label(of: h, at: x) == rules.label(of: h, at: x + 1) { agreeWithNext += 1 }
            }
        }
        let n = 100_000.0
        for count in counts {
            #expect(abs(Double(count) / n - 1.0 / 3) < 4 * (2.0 / 9 / n).squareRoot())
        }
        #expect(abs(Double(agreeWithNext) / n - 1.0 / 3) < 4 * (2.0 / 9 / n).squareRoot())
        let diagnostic = HashedHypothesisClass(hypothesisCount: 8, labelCount: 8, key: 1, hasDiagnosticInput: true)
        #expect(Set((0..<8).map { diagnostic.label(of: $0, at: 0) }).count == 8)
    }

    @Test(
        "a two-label class's label table gives every rule the hashed label at every input",
        arguments: [(200, 9), (64, 3), (1, 1), (4096 + 5, 64)])
    func labelTableMatchesHash(rules m: Int, inputs: Int) throws {
        let hashed = BinaryHashedHypothesisClass(hypothesisCount: m, key: 0x5EED)
        let table = try #require(TabulatedHypothesisClass(hashed, inputs: inputs))
        var mismatches = 0
        for h in 0..<m {
            for x in 0...(inputs + 2) where table.label(of: h, at: x) != hashed.label(of: h, at: x) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(!TabulatedHypothesisClass.tabulates(rules: m, labels: 3, inputs: inputs))
        #expect(!TabulatedHypothesisClass.tabulates(rules: 1 << 22, labels: 2, inputs: 64))
        #expect(!TabulatedHypothesisClass.tabulates(rules: .max / 2, labels: 2, inputs: 64))
    }

    @Test("two-label hashed labels: each word holds its 64 inputs' labels, uniform and independent (within 4 SE)")
    func binaryLabelsUniform() {
        let rules = BinaryHashedHypothesisClass(hypothesisCount: 2000, key: 0xC0FFEE)
        var ones = 0
        var agreeWithNextInput = 0
        var agreeWithNextRule = 0
        var wordMismatches = 0
        for h in 0..<2000 {
            for x in 1...130 {
                let label = rules.label(of: h, at: x)
                ones += label
                if label == rules.label(of: h, at: x + 1) { agreeWithNextInput += 1 }
                if label == rules.label(of: h + 1, at: x) { agreeWithNextRule += 1 }
                let word = rules.labelWord(of: h, block: (x - 1) / 64)
                if Int((word >> UInt64((x - 1) % 64)) & 1) != label { wordMismatches += 1 }
            }
        }
        #expect(wordMismatches == 0)
        let n = 260_000.0
        let bound = 4 * (0.25 / n).squareRoot()
        #expect(abs(Double(ones) / n - 0.5) < bound)
        // Across a word's bits (inputs 64 and 65 straddle two words) and across rules.
        #expect(abs(Double(agreeWithNextInput) / n - 0.5) < bound)
        #expect(abs(Double(agreeWithNextRule) / n - 0.5) < bound)
        // Input 0 (outside the ordinary inputs) is a label too, from a block of its own.
        #expect(Set((0..<64).map { rules.label(of: $0, at: 0) }) == [0, 1])
    }

    @Test("the word-wise version space codes and scores like the tally noise-free, bit for bit, and like a recount")
    func binaryVersionSpaceMatchesTally() {
        let m = 3001  // more than 255 rules per round, not a multiple of 64
        let rules = BinaryHashedHypothesisClass(hypothesisCount: m, key: 17)
        let truth = 1234
        var words = BinaryVersionSpaceLearner(hypotheses: rules)
        var tally = FiniteClassBayesLearner(hypotheses: rules, noise: LabelNoise(level: 0, labelCount: 2))
        // 150 inputs: three blocks of 64, the last partly used.
        let inputs = Array(0...150)
        var seen: [LabeledExample] = []
        var differences = 0
        for step in 0..<9 {
            let input = 1 + (step * 37) % 150
            let example = LabeledExample(input: input, label: rules.label(of: truth, at: input))
            seen.append(example)
            if words.codeLength(of: example).bitPattern != tally.codeLength(of: example).bitPattern { differences += 1 }
            if words.codeThenUpdate(on: example).bitPattern != tally.codeThenUpdate(on: example).bitPattern { differences += 1 }
            let truthLabel = { rules.label(of: truth, at: $0) }
            let fromWords = words.expectedCodeLengths(at: inputs, trueLabel: truthLabel)
            let fromTally = tally.expectedCodeLengths(at: inputs, trueLabel: truthLabel)
            for (a, b) in zip(fromWords, fromTally) where a.bitPattern != b.bitPattern { differences += 1 }
        }
        #expect(differences == 0)
        // A recount from the rules' labels: the consistent rules, and at input 77 those giving h*'s label.
        let consistent = (0..<m).filter { h in seen.allSatisfy { rules.label(of: h, at: $0.input) == $0.label } }
        #expect(words.consistentCount == consistent.count)
        #expect(words.entropy == log(Double(consistent.count)))
        let agreeing = consistent.filter { rules.label(of: $0, at: 77) == rules.label(of: truth, at: 77) }.count
        let length = words.expectedCodeLengths(at: [77]) { rules.label(of: truth, at: $0) }[0]
        #expect(abs(length - -log(Double(agreeing) / Double(consistent.count))) < 1e-12)
    }

    @Test(
        "noisy two-label masses counted per weight level equal the per-rule sums (1e-13) and list the same labels",
        arguments: [(0.1, 12), (0.3, 40), (0.7, 25), (0.1, 200)])
    func levelMassesMatchRuleSums(noise level: Double, examples: Int) throws {
        // 5000 rules: levels with more than 255 rules; 150 inputs: three blocks, and input 0.
        let hashed = BinaryHashedHypothesisClass(hypothesisCount: 5000, key: 2024)
        let rules = try #require(TabulatedHypothesisClass(hashed, inputs: 150))
        let noise = LabelNoise(level: level, labelCount: 2)
        var tally = HypothesisTally(hypotheses: rules, noise: noise)
        let random = try RandomSource(seed: 7)
        for _ in 0..<examples {
            let input = random.uniformInteger(below: 150) + 1
            let label = rules.label(of: 321, at: input) ^ (random.bernoulli(level) ? 1 : 0)
            _ = tally.observe(LabeledExample(input: input, label: label))
        }
        let inputs = [0] + Array((1...150).reversed())  // out of block order on purpose
        let bySums = tally.labelMasses(at: inputs)
        let byLevels = tally.mapLabelMassesByLevel(at: inputs) { _, masses in Array(masses) }
        var worst = 0.0
        var listingDifferences = 0
        for (sums, levels) in zip(bySums, byLevels) {
            if Set(sums.map(\.label)) != Set(levels.map(\.label)) { listingDifferences += 1 }
            for pair in levels {
                let other = sums.first { $0.label == pair.label }?.mass ?? 0
                worst = max(worst, abs(pair.mass - other) / max(other, 1e-300))
            }
            // The two masses are a distribution.
            #expect(abs(levels.map(\.mass).reduce(0, +) - 1) < 1e-14)
        }
        #expect(listingDifferences == 0)
        #expect(worst < 1e-13, "largest relative difference \(worst)")
    }

    @Test(
        "label masses of two-label rules, four inputs per pass, are the one-input masses bit for bit",
        arguments: [0.0, 0.1, 0.45])
    func fourInputPassMatchesOneInput(noise level: Double) {
        let rules = HashedHypothesisClass(hypothesisCount: 3000, labelCount: 2, key: 42, hasDiagnosticInput: false)
        let noise = LabelNoise(level: level, labelCount: 2)
        var tally = HypothesisTally(hypotheses: rules, noise: noise)
        for step in 0..<12 {
            let input = 1 + (step * 7) % 11
            _ = tally.observe(LabeledExample(input: input, label: rules.label(of: 5, at: input) ^ (step % 5 == 4 ? 1 : 0)))
        }
        // 11 inputs: two passes of four and three inputs alone.
        let inputs = Array(1...11)
        let together = tally.labelMasses(at: inputs)
        var differences = 0
        for (position, input) in inputs.enumerated() {
            let alone = tally.labelMasses(at: [input])[0]
            if alone.count != together[position].count { differences += 1; continue }
            for (a, b) in zip(alone, together[position])
            where a.label != b.label || a.mass.bitPattern != b.mass.bitPattern {
                differences += 1
            }
        }
        #expect(differences == 0)
        // And the masses are the posterior's: Σ over rules of the weight, recomputed here.
        let x = 3
        var massOfOne = 0.0
        var total = 0.0
        for h in 0..<3000 {
            var disagreements = 0
            for step in 0..<12 {
                let input = 1 + (step * 7) % 11
                let label = rules.label(of: 5, at: input) ^ (step % 5 == 4 ? 1 : 0)
                if rules.label(of: h, at: input) != label { disagreements += 1 }
            }
            let w = level == 0 ? (disagreements == 0 ? 1.0 : 0) : pow(level / (1 - level), Double(disagreements))
            total += w
            if rules.label(of: h, at: x) == 1 { massOfOne += w }
        }
        let one = together[x - 1].first { $0.label == 1 }?.mass ?? 0
        #expect(abs(one - massOfOne / total) < 1e-12)
    }

    @Test(
        "bad parameters are rejected with the rule stated",
        arguments: [
            ([("class", "digits"), ("m", "1000")], "power of k"),
            ([("class", "diagnostic"), ("m", "1024"), ("k", "2")], "k ≥ m"),
            ([("class", "digits"), ("m", "1024"), ("inputs", "64")], "fixes inputs = log_k m = 10"),
            ([("class", "random"), ("diagnostic_weight", "0.5")], "only to class=diagnostic"),
            ([("noise", "1")], "[0.0, 1.0)"),
            ([("noise", "-0.1")], "[0.0, 1.0)"),
            ([("m", "4194305")], "2...4194304"),
            ([("diagnostic_weight", "1.5"), ("class", "diagnostic"), ("k", "1024")], "auto or a number in [0.0, 1.0]"),
        ])
    func rejects(assignments: [(String, String)], rule: String) {
        expectRejection("hypothesis-collapse", assignments, mentioning: rule)
    }
}
