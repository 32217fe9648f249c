import EDL
import Foundation
import LabTestSupport
@testable import Lab
import Scenarios
import Testing

/// EDL = R_n(θ*) + n·(L_train(θ*) − L_test(θ*)) (Docs/Theory.md, "The regret split"; regret against a
/// fixed comparator): the split, per learner, against hand-derived values.
@Suite("Regret split")
struct RegretSplitTests {
    private func run(
        _ scenario: String, _ learner: String, _ assignments: [(name: String, value: String)] = [], grid: String,
        replicates: Int, seed: UInt64 = 5
    ) throws -> ExperimentResult {
        try runExperiment(scenario, learner, assignments, grid: grid, replicates: replicates, seed: seed)
    }

    /// Checks that every row has the split. (That its parts add up to EDL is
    /// their definition, not a test; the training code length itself is
    /// checked against a replay of the training examples in the
    /// conformance suite, `tunedAgreesWithGeneric`.)
    private func expectSplit(_ result: ExperimentResult, _ label: String) throws {
        for row in result.rows {
            _ = try #require(row.regret, "\(label): no regret at n \(row.n)")
            _ = try #require(row.generalizationGap)
            _ = try #require(row.trainingLoss)
        }
    }

    @Test("the split of one checkpoint: regret = MDL − train, gap = train − n·L_test, and nothing without a training code length")
    func pointSplit() {
        var accountant = PrequentialAccountant(partCount: 1, bestLoss: nil)
        for _ in 0..<4 { accountant.record(codeLength: 2.5) }
        var point = accountant.checkpoint(testLoss: 2)
        #expect(point.mdl == 10 && point.edl == 2)
        #expect(point.regret == nil && point.generalizationGap == nil)
        point.trainingCodeLength = 3
        #expect(point.regret == 7)
        #expect(point.generalizationGap == -5)
    }

    @Test("KT, k = 2, n = 1: train log(4/3), regret log(3/2), gap log(4/3) − ½ log(16/3) nats, every replicate")
    func ktFirstExample() throws {
        let result = try run("random-labels", "kt", [("k", "2")], grid: "1", replicates: 100)
        let row = result.rows[0]
        // θ₁ gives the label it saw (1 + ½)/(1 + 1) = 3/4.
        #expect(abs(try #require(row.trainingLoss).mean - log(4.0 / 3)) < 1e-15)
        #expect(abs(try #require(row.regret).mean - log(1.5)) < 1e-15)
        #expect(abs(try #require(row.generalizationGap).mean - (log(4.0 / 3) - 0.5 * log(16.0 / 3))) < 1e-15)
        #expect(try #require(row.regret).standardError == 0)
    }

    @Test("KT (k = 2) and Laplace (k = 3): the regret against θ* is positive and within the per-sequence bound against the ML estimate")
    func dirichletRegretBound() throws {
        // For every sequence Σ −log p_θ*(yᵢ) ≥ Σ −log p_ML(yᵢ), so the regret
        // against θ* is at most the Dirichlet mixture's regret against the
        // maximum-likelihood estimate: ≤ ½ ln n + ln 2 for KT on two labels,
        // ≤ ln C(n + k − 1, k − 1) for Laplace (its marginal is 1/(C(n+k−1, k−1)
        // times the type class size), and the ML type class has probability ≤ 1).
        let cases: [(learner: String, k: Int, bound: (Double) -> Double)] = [
            ("kt", 2, { n in 0.5 * log(n) + log(2.0) }),
            ("laplace", 3, { n in lgamma(n + 3) - lgamma(3) - lgamma(n + 1) }),
        ]
        for (learner, k, bound) in cases {
            let result = try run("random-labels", learner, [("k", String(k))], grid: "1...20000:log12", replicates: 300)
            try expectSplit(result, learner)
            for row in result.rows {
                let regret = try #require(row.regret).mean
                #expect(regret > 0 && regret <= bound(Double(row.n)), "\(learner) regret \(regret) at n \(row.n)")
            }
            // Regret grows like log n, so regret/n → 0 and EDL/n → L_train − L_test (THEORY property 3).
            let last = try #require(result.rows.last)
            #expect(try #require(last.regret).mean / Double(last.n) < 1e-3)
        }
    }

    @Test("the training loss of a learner that saw each label once: the memoriser on never-repeating inputs, log((1 + kα)/(1 + α))")
    func memoriserFreshInputs() throws {
        let result = try run("random-labels", "memoriser", [("k", "3")], grid: "1,10,1000", replicates: 20)
        try expectSplit(result, "memoriser")
        for row in result.rows {
            let training = try #require(row.trainingLoss)
            #expect(abs(training.mean - log(2.5 / 1.5)) < 1e-12, "at n \(row.n)")  // α = ½, k = 3
        }
    }

    @Test("the memoriser over few inputs fits its training labels (train < log k < test): a negative gap, a regret above EDL")
    func memoriserOverfits() throws {
        let result = try run("random-labels", "memoriser", [("inputs", "20")], grid: "10,100,1000", replicates: 200)
        try expectSplit(result, "memoriser")
        for row in result.rows {
            let (training, gap, regret) = (try #require(row.trainingLoss), try #require(row.generalizationGap), try #require(row.regret))
            #expect(training.mean < log(2.0) && row.testLoss.mean > log(2.0))
            #expect(gap.mean < -4 * (gap.standardError ?? 0))
            #expect(regret.mean > row.edl.mean)
        }
    }

    @Test("the per-concept Dirichlet learner on coupons: it fits its training labels better than new ones")
    func couponDirichlet() throws {
        let result = try run("coupon-collector", "dirichlet", [("K", "50")], grid: "10,100,1000", replicates: 100)
        try expectSplit(result, "dirichlet")
        for row in result.rows {
            let gap = try #require(row.generalizationGap)
            #expect(gap.mean < -4 * (gap.standardError ?? 0), "at n \(row.n)")
        }
    }

    @Test("learners that never learn: uniform codes train and test at log k, so regret = gap = 0")
    func uniform() throws {
        for scenario in ["random-labels", "coupon-collector", "hypothesis-collapse"] {
            let result = try run(scenario, "uniform", grid: "1,10,1000", replicates: 10)
            for row in result.rows {
                #expect(abs(try #require(row.regret).mean) < 1e-12 * Double(row.n), "\(scenario) at n \(row.n)")
                #expect(abs(try #require(row.generalizationGap).mean) < 1e-12 * Double(row.n))
            }
        }
    }

    @Test("noise-free Bayes fits its training labels exactly: train 0, regret = MDL, gap = −n·L_test (coupons, rules, digits, a mixture)")
    func noiseFreeBayes() throws {
        let runs = [
            try run("coupon-collector", "bayes", [("K", "100")], grid: "1...1000:log6", replicates: 50),
            try run("hypothesis-collapse", "bayes", [("m", "256")], grid: "1...100:log6", replicates: 50),
            try run("hypothesis-collapse", "bayes", [("class", "digits"), ("m", "4096")], grid: "1...100:log6", replicates: 50),
            try run("disjoint-subdistributions", "product", grid: "1...1000:log6", replicates: 50),
        ]
        for result in runs {
            try expectSplit(result, result.configuration.scenario)
            for row in result.rows {
                #expect(try #require(row.trainingLoss).mean == 0)
                #expect(try #require(row.regret).mean == row.mdl.mean)
            }
        }
    }

    @Test("noise-free MAP predicts its consistent pick with confidence 1 − floor: train −log(1 − floor) per example")
    func noiseFreeMAP() throws {
        let result = try run("hypothesis-collapse", "map", [("m", "256"), ("floor", "0.05")], grid: "1,10,100", replicates: 30)
        try expectSplit(result, "map")
        for row in result.rows {
            #expect(abs(try #require(row.trainingLoss).mean - -log(0.95)) < 1e-15)
        }
    }

    @Test("format plus capability: format tokens cost the same on training and new examples (gap 0 exactly); known answers cost 0")
    func formatCapability() throws {
        for score in ["format", "all", "answer"] {
            let result = try run("format-capability", "bayes", [("score", score)], grid: "1,10,100,1000", replicates: 40)
            try expectSplit(result, "format-capability score=\(score)")
            for row in result.rows {
                let gap = try #require(row.generalizationGap).mean
                if score == "format" {
                    #expect(gap == 0, "at n \(row.n)")
                    #expect(try #require(row.regret).mean == row.edl.mean)
                } else {
                    // Every trained answer is known; the unseen concepts are what new examples still cost.
                    #expect(gap < 0 && gap >= -Double(row.n) * row.testLoss.mean - 1e-9, "score=\(score) at n \(row.n)")
                }
            }
        }
        let linear = try run("format-capability", "bayes", [("model", "linear")], grid: "1,100,1000,5000", replicates: 1)
        #expect(linear.rows.allSatisfy { $0.generalizationGap?.mean == 0 })
    }

    @Test("noisy Bayes over m = 256 rules, once its posterior has settled: regret = ln m (the prior's price of the true rule), gap 0 within 4 SE")
    func noisyBayes() throws {
        let result = try run("hypothesis-collapse", "bayes", [("m", "256"), ("noise", "0.1")], grid: "50,200", replicates: 200)
        try expectSplit(result, "noisy bayes")
        let last = try #require(result.rows.last)
        #expect(abs(try #require(last.regret).mean - log(256.0)) < 1e-9)
        let gap = try #require(last.generalizationGap)
        #expect(abs(gap.mean) <= 4 * (gap.standardError ?? 0))
    }

    @Test("where the training loss is not tracked (noisy Bayes on coupons), the split is left empty")
    func untracked() throws {
        let result = try run("coupon-collector", "bayes", [("K", "20"), ("noise", "0.1")], grid: "1,10", replicates: 10)
        #expect(result.rows.allSatisfy { $0.trainingLoss == nil && $0.regret == nil && $0.generalizationGap == nil })
    }
}
