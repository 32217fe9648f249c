import EDL
import Foundation
import GSL
import Learners
@testable import Scenarios
import Testing

@Suite("Coupon collector")
struct CouponCollectorTests {
    func scenario(_ learner: String = "bayes", _ assignments: [(name: String, value: String)]) throws -> CouponCollector {
        try CouponCollector(
            configuration: ScenarioConfiguration(scenario: CouponCollector.self, learner: learner, assignments: assignments))
    }

    @Test("K = 1000, uniform: E[EDL]/n peaks at n = 1791 with 0.2987 Δ ± 0.0005")
    func peakLocation() throws {
        let theory = CouponCollectorTheory(uniformOver: 1000, gap: 1)
        let peak = theory.peakOfEDLPerExample(limit: 100_000)
        #expect(peak.n == 1791)
        #expect(abs(peak.value - 0.2987) <= 0.0005)
        // Independently: scan Δ[K(1 − qⁿ) − n qⁿ]/n over every n up to 10^4.
        let q = 1 - 1 / 1000.0
        func perExample(_ n: Int) -> Double {
            let power = pow(q, Double(n))
            return (1000 * (1 - power) - Double(n) * power) / Double(n)
        }
        let scanned = (1...10_000).max { perExample($0) < perExample($1) }
        #expect(scanned == 1791)
        // u = 1791/1000 is within rounding of the exact peak u = 1.7933 (Docs/Theory.md, M4).
        #expect(abs(Double(peak.n) / 1000 - 1.7933) < 0.003)
        let notes = try scenario("bayes", [("K", "1000")]).configurationNotes()
        #expect(notes.first?.contains("n = 1791") == true)
    }

    @Test("the approximation KΔ[1 − (1 + u)e^−u] approaches the exact curve for large K")
    func approximation() throws {
        let configured = try scenario("bayes", [("K", "100000")])
        // From u = 1 on: at small u the difference between qⁿ and e^−u, about
        // n/(2K²) relative, is a sizeable share of the small EDL.
        let curve = try #require(try configured.expectedCurve(at: [100_000, 179_330, 1_000_000]))
        let approx = try #require(curve.extras.first { $0.name == "approx_edl" })
        for (exact, approximate) in zip(curve.edl, approx.values) {
            #expect(abs(exact - approximate) / exact < 1e-4)
        }
        let coverage = try #require(curve.extras.first { $0.name == "theory_coverage" })
        #expect(abs(coverage.values[0] - (1 - pow(1 - 1e-5, 100_000))) < 1e-10)  // pow rounds 1 − 1e-5
    }

    @Test("dirichlet theory equals the term-by-term Binomial sum and exhaustive enumeration")
    func dirichletTheory() throws {
        // Zipf over three concepts, k = 3, α = 0.7.
        let configured = try scenario(
            "dirichlet", [("K", "3"), ("k", "3"), ("frequencies", "zipf"), ("zipf_s", "1.5"), ("alpha", "0.7")])
        let p = configured.frequencies.probabilities
        let (k, alpha) = (3.0, 0.7)
        func expectedLoss(_ i: Int) -> Double {
            var total = 0.0
            for pc in p {
                for count in 0...i {
                    let logPMF = lgamma(Double(i + 1)) - lgamma(Double(count + 1)) - lgamma(Double(i - count + 1))
                        + Double(count) * log(pc) + Double(i - count) * log1p(-pc)
                    total += pc * exp(logPMF) * log((Double(count) + k * alpha) / (Double(count) + alpha))
                }
            }
            return total
        }
        let grid = [1, 2, 5, 20, 60]
        let curve = try #require(try configured.expectedCurve(at: grid))
        for (index, n) in grid.enumerated() {
            let termByTerm = (0..<n).map(expectedLoss).reduce(0, +) - Double(n) * expectedLoss(n)
            #expect(abs(curve.edl[index] - termByTerm) < 1e-10, "n \(n)")
            #expect(abs((curve.testLoss?[index] ?? 0) - expectedLoss(n)) < 1e-12)
        }
        // Every concept sequence of length ≤ 7, run through the learner itself.
        for n in 1...7 {
            var edl = 0.0
            var sequences = 1
            for _ in 0..<n { sequences *= 3 }
            for code in 0..<sequences {
                var rest = code
                var probability = 1.0
                var learner = PerInputDirichletLearner(labelCount: 3, concentration: alpha, denseInputs: 4, inputSpace: 3)
                var mdl = 0.0
                for _ in 0..<n {
                    let concept = rest % 3
                    rest /= 3
                    probability *= p[concept]
                    mdl += learner.codeThenUpdate(on: LabeledExample(input: concept + 1, label: concept))
                }
                let noise = LabelNoise(level: 0, labelCount: 3)
                let loss = (0..<3).map { p[$0] * learner.expectedCodeLength(at: $0 + 1, trueLabel: $0, noise: noise) }
                    .reduce(0, +)
                edl += probability * (mdl - Double(n) * loss)
            }
            let reference = try #require(try configured.expectedCurve(at: [n])).edl[0]
            #expect(abs(edl - reference) < 1e-11, "n \(n)")
        }
    }

    @Test("the running population loss equals a direct sum over concepts", arguments: ["bayes", "dirichlet"])
    func runningLoss(learner: String) throws {
        for noise in ["0", "0.15"] {
            let configured = try scenario(
                learner, [("K", "40"), ("k", "3"), ("frequencies", "zipf"), ("noise", noise)])
            let random = try RandomSource(seed: 4)
            var trajectory = try #require(
                try configured.makeTrajectory(random: random) as? any DirectLossCheckable)
            var accountant = PrequentialAccountant()
            for _ in 0..<6 {
                trajectory.advanceForTest(by: 150, recording: &accountant)
                #expect(abs(trajectory.populationLoss() - trajectory.directPopulationLoss()) < 1e-12)
            }
        }
    }

    /// With noise and two labels the Bayes learner runs the trajectory's
    /// examples in its own loop, drawing from a local copy of the
    /// generator; the same learner stepped example by example (the
    /// trajectory's general loop, drawing through the source) must give the
    /// same code lengths, population loss and draws, bit for bit, inside its
    /// tables and past them (K = 2: one concept's counts run thousands apart).
    @Test(
        "noisy two-label coupons: the learner's own loop equals the example-by-example loop bit for bit",
        arguments: [("30", "0.1"), ("30", "0.5"), ("2", "0.1"), ("2", "0.7"), ("1000", "0.02")])
    func ownNoisyLoopMatchesSteppedLoop(conceptCount: String, level: String) throws {
        let configured = try scenario("bayes", [("K", conceptCount), ("k", "2"), ("noise", level)])
        let concepts = Int(conceptCount)!
        var own = CouponCollectorTrajectory(
            learner: DigitwiseBayesLearner(digitCount: concepts, noise: configured.noise),
            scenario: configured, random: try RandomSource(seed: 21))
        var stepped = CouponCollectorTrajectory(
            learner: SteppedConceptLearner(inner: DigitwiseBayesLearner(digitCount: concepts, noise: configured.noise)),
            scenario: configured, random: try RandomSource(seed: 21))
        var ownBooks = PrequentialAccountant()
        var steppedBooks = PrequentialAccountant()
        for stretch in [1, 2, 97, 900, 9000, 10_000] {
            own.advance(by: stretch, recording: &ownBooks)
            stepped.advance(by: stretch, recording: &steppedBooks)
            #expect(ownBooks.exampleCount == steppedBooks.exampleCount)
            #expect(ownBooks.mdl == steppedBooks.mdl, "K = \(conceptCount), η = \(level), n = \(ownBooks.exampleCount)")
            #expect(own.populationLoss() == stepped.populationLoss(), "n = \(ownBooks.exampleCount)")
            #expect(abs(own.populationLoss() - own.directPopulationLoss()) < 1e-12)
        }
    }

    @Test("with noise, bayes: L* = H(η) + η ln(k − 1) and the test loss tends to it")
    func noisyBayes() throws {
        let configured = try scenario("bayes", [("K", "50"), ("k", "3"), ("noise", "0.2")])
        let best = try #require(configured.bestLoss)
        #expect(abs(best - (-(0.8 * log(0.8)) - 0.2 * log(0.1))) < 1e-15)
        var trajectory = try configured.makeTrajectory(random: RandomSource(seed: 8))
        var accountant = PrequentialAccountant(bestLoss: best)
        var previous = Double.infinity
        for n in [200, 2000, 20_000] {
            trajectory.advance(by: n - accountant.exampleCount, recording: &accountant)
            let loss = trajectory.populationLoss()
            #expect(loss >= best - 1e-12 && loss <= previous + 1e-12)
            previous = loss
        }
        #expect(previous - best < 1e-9)
    }

    @Test(
        "bad parameters are rejected with the rule stated",
        arguments: [
            ([("zipf_s", "2")], "zipf_s applies only to frequencies=zipf"),
            ([("K", "10000000"), ("k", "10"), ("noise", "0.1")], "K·k ≤ 67108864"),
            ([("K", "0")], "1...10000000"),
            ([("noise", "1")], "[0.0, 1.0)"),
            ([("frequencies", "pareto")], "uniform, zipf"),
            ([("zipf_s", "0"), ("frequencies", "zipf")], "(0.0, 100.0]"),
        ])
    func rejects(assignments: [(String, String)], rule: String) {
        expectRejection("coupon-collector", assignments, mentioning: rule)
    }
}

/// Test access to a coupon trajectory's learner, to recompute its population
/// loss from scratch.
protocol DirectLossCheckable: Trajectory {
    func directPopulationLoss() -> Double
    mutating func advanceForTest(by count: Int, recording accountant: inout PrequentialAccountant)
}

extension CouponCollectorTrajectory: DirectLossCheckable {
    func directPopulationLoss() -> Double {
        (0..<frequencies.count).map { c in
            frequencies.probability(of: c) * learner.expectedCodeLength(at: c + 1, trueLabel: label(of: c), noise: noise)
        }.reduce(0, +)
    }

    mutating func advanceForTest(by count: Int, recording accountant: inout PrequentialAccountant) {
        advance(by: count, recording: &accountant)
    }
}

extension OneShotCouponTrajectory: DirectLossCheckable {
    func directPopulationLoss() -> Double { base.directPopulationLoss() }

    mutating func advanceForTest(by count: Int, recording accountant: inout PrequentialAccountant) {
        base.advanceForTest(by: count, recording: &accountant)
    }
}

/// A concept learner without a noisy loop of its own, stepping `inner`
/// example by example (the trajectory's general loop).
struct SteppedConceptLearner: ConceptLearner {
    var inner: DigitwiseBayesLearner

    func codeLength(of example: LabeledExample) -> Double { inner.codeLength(of: example) }

    mutating func update(on example: LabeledExample) { inner.update(on: example) }

    var parameterCount: Int { inner.parameterCount }

    mutating func codeThenUpdate(on example: LabeledExample) -> Double { inner.codeThenUpdate(on: example) }

    func expectedCodeLength(at input: Int, trueLabel: Int, noise: LabelNoise) -> Double {
        inner.expectedCodeLength(at: input, trueLabel: trueLabel)
    }

    mutating func codeThenUpdate(
        on example: LabeledExample, expectingAfter trueLabel: Int, noise: LabelNoise
    ) -> (codeLength: Double, after: Double) {
        inner.codeThenUpdate(on: example, expectingAfter: trueLabel, noise: noise)
    }
}
