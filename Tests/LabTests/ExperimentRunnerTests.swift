import EDL
import Foundation
import LabTestSupport
@testable import Lab
import Scenarios
import Testing

@Suite("ExperimentRunner")
struct ExperimentRunnerTests {
    private func experiment(
        learner: String, _ assignments: [(name: String, value: String)], grid: String, replicates: Int, seed: UInt64
    ) throws -> Experiment {
        try Experiment(
            scenario: ScenarioRegistry.make("random-labels", learner: learner, assignments: assignments),
            grid: NGrid(parsing: grid), replicates: replicates, seed: seed)
    }

    /// Checks the Monte Carlo mean of EDL and of the test loss against the
    /// exact expectation: within 4 standard errors, or to rounding where every
    /// replicate gives the same value (SE = 0).
    private func expectWithinFourSE(_ result: ExperimentResult, _ label: String) throws {
        for row in result.rows {
            let theory = try #require(row.theoryEDL)
            let se = try #require(row.edl.standardError)
            #expect(abs(row.edl.mean - theory) <= 4 * se + 1e-9, "\(label) EDL at n \(row.n): \(row.edl.mean) vs \(theory) ± \(se)")
            let theoryLoss = try #require(row.theoryTestLoss)
            let lossSE = try #require(row.testLoss.standardError)
            #expect(abs(row.testLoss.mean - theoryLoss) <= 4 * lossSE + 1e-12, "\(label) test loss at n \(row.n)")
        }
    }

    @Test("KT, k = 2, 20000 replicates, seed 3: EDL within 4 SE of the exact expectation")
    func ktAcceptance() throws {
        let result = try ExperimentRunner(threads: 2).run(
            experiment(learner: "kt", [("k", "2")], grid: "1,10,100,1000", replicates: 20_000, seed: 3))
        try expectWithinFourSE(result, "kt")
        // n = 1 is deterministic: every replicate gives ln 2 − ½ ln(16/3).
        #expect(result.rows[0].edl.standardError == 0)
        #expect(abs(result.rows[0].edl.mean - (log(2.0) - 0.5 * log(16.0 / 3))) < 1e-15)
    }

    @Test("Laplace with k = 5 and the memoriser on 10 inputs agree with theory within 4 SE")
    func otherLearners() throws {
        let runner = ExperimentRunner(threads: 2)
        try expectWithinFourSE(
            runner.run(experiment(learner: "laplace", [("k", "5")], grid: "1...500:log8", replicates: 4000, seed: 9)),
            "laplace")
        try expectWithinFourSE(
            runner.run(
                experiment(
                    learner: "memoriser", [("inputs", "10"), ("alpha", "0.5")], grid: "1...300:log8",
                    replicates: 4000, seed: 10)),
            "memoriser")
    }

    @Test("uniform: EDL is 0 on every row and every replicate")
    func uniformIsZero() throws {
        let result = try ExperimentRunner(threads: 2).run(
            experiment(learner: "uniform", [("k", "7")], grid: "1,10,100", replicates: 50, seed: 1))
        for row in result.rows {
            #expect(abs(row.edl.mean) < 1e-12)
            #expect(row.edl.standardError == 0)
            #expect(abs(row.testLoss.mean - log(7.0)) < 1e-15)
            #expect(abs((row.sdl?.mean ?? 1)) < 1e-12)
        }
    }

    @Test("results are identical for 1 and 2 threads, and replicates keep their streams")
    func threadInvariance() throws {
        let make = { (replicates: Int) in
            try self.experiment(learner: "memoriser", [("inputs", "20")], grid: "1...200:log6", replicates: replicates, seed: 5)
        }
        let one = try ExperimentRunner(threads: 1).run(make(200))
        let two = try ExperimentRunner(threads: 2).run(make(200))
        #expect(one.rows == two.rows)
        // Replicate r's stream depends on r alone: replicates 0..<64 give the
        // same numbers whether the run asks for 64 replicates or 200.
        let grid = try make(64).grid.points
        let first64 = try ExperimentRunner.runChunk(0, of: make(64)).rows(grid: grid, theory: nil)
        let first64Of200 = try ExperimentRunner.runChunk(0, of: make(200)).rows(grid: grid, theory: nil)
        #expect(first64 == first64Of200)
        let other = try ExperimentRunner.runChunk(1, of: make(200)).rows(grid: grid, theory: nil)
        #expect(other != first64)
    }

    @Test(
        "with fewer chunks than threads the replicates are spread over the threads, with the same rows to the bit",
        arguments: [
            ("format-capability", nil, [(String, String)]()),
            ("coupon-collector", "sgd", [("K", "30"), ("noise", "0.2"), ("lr", "2")]),
        ] as [(String, String?, [(String, String)])])
    func spreadReplicates(scenario: String, learner: String?, assignments: [(String, String)]) throws {
        for replicates in [2, 9, 64, 65] {
            let experiment = try Experiment(
                scenario: ScenarioRegistry.make(scenario, learner: learner, assignments: assignments.map { ($0.0, $0.1) }),
                grid: NGrid(parsing: "1...300:log8"), replicates: replicates, seed: 17)
            let one = try ExperimentRunner(threads: 1).run(experiment)
            #expect(!ExperimentRunner.spreadsReplicates(experiment, threads: 1))
            for threads in [2, 3, 5] {
                #expect(ExperimentRunner.spreadsReplicates(experiment, threads: threads) == (replicates <= 64 || threads > 2))
                let spread = try ExperimentRunner(threads: threads).run(experiment)
                let same = spread.rows == one.rows  // (not inside #expect: a failure would print every row)
                #expect(same, "\(replicates) replicates on \(threads) threads")
                #expect(spread.replicates == replicates)
            }
        }
        // Records beyond their budget (a dense grid) keep a chunk on one thread.
        let dense = try Experiment(
            scenario: ScenarioRegistry.make("random-labels", learner: "kt", assignments: []),
            grid: NGrid(parsing: "1...200000"), replicates: 4, seed: 1)
        #expect(!ExperimentRunner.spreadsReplicates(dense, threads: 2))
    }

    @Test("a prefix run (the explorer's preview) equals a run of as many replicates, chunk boundaries included")
    func prefixEqualsShorterRun() throws {
        let make = { (replicates: Int) in
            try self.experiment(learner: "kt", [("k", "3")], grid: "1...300:log6", replicates: replicates, seed: 11)
        }
        let runner = ExperimentRunner(threads: 1)
        // No budget: one replicate. A budget no run reaches: all 150 (three chunks).
        let one = try runner.runPrefix(make(150), budget: .zero)
        #expect(one.replicates == 1)
        #expect(one.rows == (try runner.run(make(1))).rows)
        let all = try runner.runPrefix(make(150), budget: .seconds(600))
        #expect(all.replicates == 150)
        #expect(all.rows == (try ExperimentRunner(threads: 2).run(make(150))).rows)
        // A budget that ends mid-run: whatever count it reached is a run of that many.
        let some = try ExperimentRunner(threads: 1).runPrefix(
            self.experiment(learner: "kt", [("k", "3")], grid: "1...20000:log6", replicates: 5000, seed: 11),
            budget: .milliseconds(20))
        #expect(some.replicates >= 1 && some.replicates < 5000)
        let same = try runner.run(
            self.experiment(learner: "kt", [("k", "3")], grid: "1...20000:log6", replicates: some.replicates, seed: 11))
        #expect(some.rows == same.rows, "\(some.replicates) replicates")
    }

    @Test("one long coupon trajectory with its draws made ahead on a spare thread gives the same rows")
    func prefetchedDrawsChangeNothing() throws {
        // 3·10^5 examples after n = 10^5: one run beyond the 2^17 examples at
        // which a spare thread starts drawing ahead.
        let experiment = try Experiment(
            scenario: ScenarioRegistry.make("coupon-collector", learner: nil, assignments: [("K", "100000")]),
            grid: NGrid(parsing: "1,1000,100000,400000"), replicates: 1, seed: 8)
        let grid = experiment.grid.points
        let alone = try ExperimentRunner.runChunk(0, of: experiment, spareThreads: 0).rows(grid: grid, theory: nil)
        let helped = try ExperimentRunner.runChunk(0, of: experiment, spareThreads: 1).rows(grid: grid, theory: nil)
        #expect(alone == helped)
        #expect(try ExperimentRunner(threads: 2).run(experiment).rows == ExperimentRunner(threads: 1).run(experiment).rows)
    }
}

@Suite("Hypothesis collapse runs")
struct HypothesisCollapseRunTests {
    @Test("digits, noise-free Bayes: the mean EDL is within 4 SE of the coupon-collector closed form")
    func digitsMonteCarlo() throws {
        let experiment = try Experiment(
            scenario: ScenarioRegistry.make(
                "hypothesis-collapse", learner: "bayes", assignments: [("class", "digits"), ("m", "1024")]),
            // Up to n = 60, where 10·0.9^n ≥ 0.018 of replicates still miss a digit: beyond
            // that most samples have no such replicate, their SE is 0 and "4 SE" means nothing.
            grid: NGrid(parsing: "1...60:log10"), replicates: 4000, seed: 17)
        let result = try ExperimentRunner(threads: 2).run(experiment)
        for row in result.rows {
            let theory = try #require(row.theoryEDL)
            let se = try #require(row.edl.standardError)
            #expect(abs(row.edl.mean - theory) <= 4 * se + 1e-9, "n \(row.n): \(row.edl.mean) vs \(theory) ± \(se)")
            let loss = try #require(row.theoryTestLoss)
            #expect(abs(row.testLoss.mean - loss) <= 4 * (row.testLoss.standardError ?? 0) + 1e-12)
        }
        // Rule information rises towards log m as the digits are collected:
        // E = ln 2 · Σ_j P(digit j seen) = ln 2 · 10 (1 − 0.9^n).
        let last = try #require(result.rows.last)
        let information = try #require(last.metrics[1])
        let expected = log(2.0) * 10 * (1 - pow(0.9, Double(last.n)))
        #expect(abs(information.mean - expected) <= 4 * (information.standardError ?? 0) + 1e-12)
    }

    @Test("diagnostic_weight = 1: every replicate has EDL(1) = log m and test loss 0")
    func diagnosticRun() throws {
        let experiment = try Experiment(
            scenario: ScenarioRegistry.make(
                "hypothesis-collapse", learner: "bayes",
                assignments: [("class", "diagnostic"), ("m", "256"), ("k", "256"), ("diagnostic_weight", "1")]),
            grid: NGrid(parsing: "1,2,10"), replicates: 50, seed: 2)
        let result = try ExperimentRunner(threads: 2).run(experiment)
        for row in result.rows {
            #expect(abs(row.edl.mean - log(256.0)) < 1e-12)
            #expect(row.testLoss.mean == 0)
            #expect(abs(row.generalizationGain.mean - log(256.0)) < 1e-12)
        }
    }

    @Test("with noise the test loss tends to L* and the mean EDL/n to 0")
    func noisyConvergence() throws {
        let scenario = try ScenarioRegistry.make(
            "hypothesis-collapse", learner: "bayes",
            assignments: [("m", "64"), ("k", "3"), ("inputs", "12"), ("noise", "0.2")])
        let bestLoss = try #require(scenario.bestLoss)
        let result = try ExperimentRunner(threads: 2).run(
            Experiment(scenario: scenario, grid: NGrid(parsing: "30,300,3000"), replicates: 200, seed: 12))
        let perExample = result.rows.map(\.edlPerSample)
        // Per trajectory, MDL carries O(√n) noise from the flipped labels, so
        // only the mean over replicates falls: E[EDL] ≤ ln m (the learner
        // knows η and pays at most the rule's ln m bits), hence E[EDL]/n ≤ ln m / n.
        let first = perExample[0]
        let final = perExample[2]
        #expect(final.mean < first.mean - 4 * ((first.standardError ?? 0) + (final.standardError ?? 0)))
        #expect(final.mean <= log(64.0) / 3000 + 4 * (final.standardError ?? 0))
        let last = try #require(result.rows.last)
        #expect(last.testLoss.mean - bestLoss < 1e-9)
        #expect(last.testLoss.mean >= bestLoss)
        #expect(abs(last.edlPerSample.mean) < 4 * (last.edlPerSample.standardError ?? 1) + 0.01)
    }
}

@Suite("Hypothesis collapse, random class")
struct RandomClassRunTests {
    @Test("noise-free Bayes on the default random class: mean EDL within 4 SE of the exact expectation")
    func randomClassMonteCarlo() throws {
        let experiment = try Experiment(
            scenario: ScenarioRegistry.make("hypothesis-collapse", learner: "bayes", assignments: [("m", "256")]),
            // Up to n = 16: beyond, nearly every replicate has |V_n| = 1, the SE is 0 and 4 SE means nothing.
            grid: NGrid(parsing: "1...16:log6"), replicates: 3000, seed: 23)
        let result = try ExperimentRunner(threads: 2).run(experiment)
        for row in result.rows {
            let theory = try #require(row.theoryEDL)
            let se = try #require(row.edl.standardError)
            #expect(se > 0)
            #expect(abs(row.edl.mean - theory) <= 4 * se, "n \(row.n): \(row.edl.mean) vs \(theory) ± \(se)")
        }
    }
}

@Suite("Coupon collector runs")
struct CouponCollectorRunTests {
    private func run(_ assignments: [(name: String, value: String)], learner: String = "bayes", grid: String, replicates: Int)
        throws -> ExperimentResult
    {
        try ExperimentRunner(threads: 2).run(
            Experiment(
                scenario: ScenarioRegistry.make("coupon-collector", learner: learner, assignments: assignments),
                grid: NGrid(parsing: grid), replicates: replicates, seed: 31))
    }

    @Test(
        "noise-free Bayes: the mean EDL is within 4 SE of the exact expectation at every n",
        arguments: [
            // Grids end while a few replicates still miss a concept, so the SE is not 0.
            ([("K", "100")], "1...1000:log15"),
            ([("K", "100"), ("frequencies", "zipf")], "1...2000:log15"),
            ([("K", "30"), ("k", "5"), ("frequencies", "zipf"), ("zipf_s", "0.6")], "1...400:log12"),
        ])
    func monteCarloAgreesWithTheory(assignments: [(String, String)], grid: String) throws {
        let result = try run(assignments.map { (name: $0.0, value: $0.1) }, grid: grid, replicates: 2000)
        for row in result.rows {
            let theory = try #require(row.theoryEDL)
            let se = try #require(row.edl.standardError)
            #expect(abs(row.edl.mean - theory) <= 4 * se + 1e-12, "n \(row.n): \(row.edl.mean) vs \(theory) ± \(se)")
            let coverage = try #require(row.metrics[0])
            let expectedCoverage = try #require(result.theory?.extras.first { $0.name == "theory_coverage" })
            let index = try #require(result.grid.points.firstIndex(of: row.n))
            #expect(abs(coverage.mean - expectedCoverage.values[index]) <= 4 * (coverage.standardError ?? 0) + 1e-12)
        }
    }

    @Test("dirichlet learner: the mean EDL is within 4 SE of its exact expectation")
    func dirichletMonteCarlo() throws {
        let result = try run([("K", "50"), ("alpha", "0.5")], learner: "dirichlet", grid: "1...3000:log12", replicates: 1500)
        for row in result.rows {
            let theory = try #require(row.theoryEDL)
            let se = try #require(row.edl.standardError)
            #expect(abs(row.edl.mean - theory) <= 4 * se + 1e-12, "n \(row.n)")
        }
    }

    @Test("K = 1000: the simulated EDL/n peaks within ±10 % of n = 1791")
    func simulatedPeak() throws {
        let grid = stride(from: 1000, through: 3000, by: 50).map(String.init).joined(separator: ",")
        let result = try run([("K", "1000")], grid: grid, replicates: 1000)
        let peak = try #require(result.rows.max { $0.edlPerSample.mean < $1.edlPerSample.mean })
        #expect(abs(Double(peak.n) - 1791) <= 179.1, "peak at \(peak.n)")
        #expect(abs(peak.edlPerSample.mean - 0.2987 * log(2.0)) < 0.002)
    }
}

@Suite("Disjoint subdistributions runs")
struct MixtureRunTests {
    private func run(_ assignments: [(name: String, value: String)], grid: String, replicates: Int) throws -> ExperimentResult {
        try ExperimentRunner(threads: 2).run(
            Experiment(
                scenario: ScenarioRegistry.make("disjoint-subdistributions", learner: nil, assignments: assignments),
                grid: NGrid(parsing: grid), replicates: replicates, seed: 41))
    }

    /// A mixture's parts, each with the component it belongs to, the part of
    /// that component's standalone run it corresponds to (nil: its total),
    /// and the component's standalone scenario.
    struct ComponentPart: Sendable, CustomTestStringConvertible {
        var testDescription: String { "\(name) (\(scenario))" }
        var name: String
        var weight: Double
        var standalonePart: Int?
        var scenario: String
        var learner: String?
        var assignments: [(name: String, value: String)]
    }

    @Test(
        "each part's share equals its component run alone, mixed over Binomial(n, π) counts (4 SE)",
        arguments: [
            // A uniform learner on random labels (share 0) beside a format-capability component
            // that splits its own code into format and answer.
            [ComponentPart(name: "c1", weight: 0.5, standalonePart: nil, scenario: "random-labels", learner: "uniform", assignments: []),
             ComponentPart(name: "c2_format", weight: 0.5, standalonePart: 0, scenario: "format-capability", learner: nil, assignments: [("K", "20")]),
             ComponentPart(name: "c2_answer", weight: 0.5, standalonePart: 1, scenario: "format-capability", learner: nil, assignments: [("K", "20")])],
            // A nested mixture as the second component.
            [ComponentPart(name: "c1", weight: 0.4, standalonePart: nil, scenario: "random-labels", learner: "uniform", assignments: []),
             ComponentPart(name: "c2_c1", weight: 0.6, standalonePart: 0, scenario: "disjoint-subdistributions", learner: nil, assignments: [("components", "coupon-collector,hypothesis-collapse"), ("weights", "0.7,0.3"), ("c1.K", "30"), ("c2.m", "64")]),
             ComponentPart(name: "c2_c2", weight: 0.6, standalonePart: 1, scenario: "disjoint-subdistributions", learner: nil, assignments: [("components", "coupon-collector,hypothesis-collapse"), ("weights", "0.7,0.3"), ("c1.K", "30"), ("c2.m", "64")])],
        ] as [[ComponentPart]])
    func sharesMatchStandaloneRuns(parts: [ComponentPart]) throws {
        // The mixture's own assignments: its components, weights, and each component's settings as cN.KEY.
        var components: [(scenario: String, learner: String?, assignments: [(name: String, value: String)], weight: Double)] = []
        for part in parts where part.standalonePart == nil || part.standalonePart == 0 {
            components.append((part.scenario, part.learner, part.assignments, part.weight))
        }
        var assignments: [(name: String, value: String)] = [
            ("components", components.map(\.scenario).joined(separator: ",")),
            ("weights", components.map { String($0.weight) }.joined(separator: ",")),
        ]
        for (index, component) in components.enumerated() {
            if let learner = component.learner { assignments.append(("c\(index + 1).learner", learner)) }
            for (key, value) in component.assignments { assignments.append(("c\(index + 1).\(key)", value)) }
        }
        let points = [60, 250]
        let mixture = try run(assignments, grid: points.map(String.init).joined(separator: ","), replicates: 1000)
        let columns = try ExperimentRunner.splitParts(of: ScenarioRegistry.make("disjoint-subdistributions", learner: nil, assignments: assignments))
        #expect(columns == parts.map(\.name))
        var standaloneRuns: [String: ExperimentResult] = [:]
        for part in parts {
            let standalone = try standaloneRuns[part.scenario] ?? runExperiment(
                part.scenario, part.learner ?? ScenarioRegistry.scenario(named: part.scenario).defaultLearner,
                part.assignments, grid: "1...\(points.last!)", replicates: 400, seed: 43)
            standaloneRuns[part.scenario] = standalone
            let reference = try StandaloneShare(
                part: part.standalonePart, weight: part.weight, points: points, standalone: standalone)
            let index = try #require(parts.firstIndex { $0.name == part.name })
            for (row, point) in mixture.rows.enumerated() {
                let share = mixture.rows[row].parts[index].edl
                let tolerance = reference.tolerance(for: share, at: row)
                #expect(
                    abs(share.mean - reference.mean[row]) <= tolerance,
                    "\(part.name) at n = \(point.n): mixture \(share.mean) vs alone \(reference.mean[row]) ± \(tolerance)")
            }
        }
    }

    @Test("(0.99, 0.01), equal K: each share within 4 SE of its exact expectation; the rare share is below 2 % at n = 10 K")
    func rareComponent() throws {
        let result = try run(
            [("weights", "0.99,0.01"), ("c1.K", "50"), ("c2.K", "50")], grid: "1...500:log10", replicates: 2000)
        let theory = try #require(result.theory)
        for (index, row) in result.rows.enumerated() {
            for part in 0..<2 {
                let expected = theory.extras[part].values[index]
                let share = row.parts[part].edl
                #expect(abs(share.mean - expected) <= 4 * (share.standardError ?? 0) + 1e-12, "c\(part + 1) n \(row.n)")
            }
        }
        let last = try #require(result.rows.last)
        #expect(last.n == 500)
        #expect(last.parts[1].edl.mean < 0.02 * last.edl.mean)
        #expect(theory.extras[1].values.last ?? 1 < 0.02 * (theory.edl.last ?? 0))
    }

    @Test("a frozen component's share has expectation 0 (within 4 SE), however large its weight")
    func frozenComponent() throws {
        let result = try run(
            [("weights", "0.9,0.1"), ("frozen", "1"), ("c1.K", "30"), ("c2.K", "30"), ("c1.noise", "0.2")],
            grid: "1...1000:log8", replicates: 1000)
        for row in result.rows {
            let share = row.parts[0].edl
            #expect(abs(share.mean) <= 4 * (share.standardError ?? 0) + 1e-12, "n \(row.n): \(share.mean)")
            #expect(abs(row.parts[0].edl.mean) < abs(row.parts[1].edl.mean) + 1 || row.n < 10)
        }
        let theory = try #require(result.theory)
        #expect(theory.extras[0].values.allSatisfy { $0 == 0 })
    }

    @Test("elicitation mixed with teaching: a hypothesis-collapse and a coupon-collector component run with shares")
    func elicitationAndTeaching() throws {
        let result = try run(
            [("components", "hypothesis-collapse,coupon-collector"), ("weights", "0.5,0.5"), ("c1.m", "256")],
            grid: "1...3000:log8", replicates: 400)
        let theory = try #require(result.theory)
        for (index, row) in result.rows.enumerated() {
            #expect(row.parts.count == 2)
            // Where every replicate has finished (SE 0 up to rounding) the 4-SE rule says nothing;
            // those rows are checked below.
            for part in 0..<2 where (row.parts[part].edl.standardError ?? 0) > 1e-9 {
                let share = row.parts[part].edl
                #expect(abs(share.mean - theory.extras[part].values[index]) <= 4 * (share.standardError ?? 0))
            }
        }
        // At the end the collapse share is log m = 8 bits, the coupon share KΔ = 100 bits.
        let last = try #require(result.rows.last)
        #expect(abs(last.parts[0].edl.mean - log(256.0)) < 1e-9)
        #expect(abs(last.parts[1].edl.mean - 100 * log(2.0)) < 1e-9)
    }
}

@Suite("Format plus capability runs")
struct FormatCapabilityRunTests {
    private func run(_ assignments: [(name: String, value: String)], replicates: Int = 200) throws -> ExperimentResult {
        try ExperimentRunner(threads: 2).run(
            Experiment(
                scenario: ScenarioRegistry.make("format-capability", learner: nil, assignments: assignments),
                grid: NGrid(parsing: "1...20000:log16"), replicates: replicates, seed: 51))
    }

    /// (n, mean EDL/n, SE) along the grid.
    private func curve(_ result: ExperimentResult) -> [(n: Int, mean: Double, se: Double)] {
        result.rows.map { ($0.n, $0.edlPerSample.mean, $0.edlPerSample.standardError ?? 0) }
    }

    /// Whether the curve has a local maximum at or below `early` that stands
    /// more than 4 SE above a later dip.
    private func hasEarlyPeak(_ points: [(n: Int, mean: Double, se: Double)], early: Int) -> Bool {
        guard let peak = points.filter({ $0.n <= early }).max(by: { $0.mean < $1.mean }),
            let peakIndex = points.firstIndex(where: { $0.n == peak.n })
        else { return false }
        let later = points[(peakIndex + 1)...]
        guard let dip = later.prefix(while: { $0.n <= 20 * early }).min(by: { $0.mean < $1.mean }) else { return false }
        return peak.mean - dip.mean > 4 * (peak.se + dip.se)
    }

    @Test("score=all: an early local maximum (format) before the capability's")
    func earlyTransient() throws {
        let points = curve(try run([]))
        #expect(hasEarlyPeak(points, early: 60))
        let capability = try #require(points.filter { $0.n > 600 }.max { $0.mean < $1.mean })
        #expect(capability.n > 1000 && capability.n < 3000)
    }

    @Test("score=answer: no early maximum, and the curve is the coupon-collector expectation within 4 SE")
    func answerOnly() throws {
        let result = try run([("score", "answer")], replicates: 400)
        let points = curve(result)
        #expect(!hasEarlyPeak(points, early: 60))
        let risingPart = points.filter { $0.n <= 1000 }
        for (a, b) in zip(risingPart, risingPart.dropFirst()) {
            #expect(b.mean > a.mean - 4 * (a.se + b.se), "falls between n = \(a.n) and \(b.n)")
        }
        for row in result.rows where (row.edl.standardError ?? 0) > 1e-9 {
            let theory = try #require(row.theoryEDL)
            #expect(abs(row.edl.mean - theory) <= 4 * (row.edl.standardError ?? 0), "n \(row.n)")
        }
        // The coupon closed form with K = 1000, Δ = ln 10.
        let coupon = CouponCollectorTheory(uniformOver: 1000, gap: log(10.0)).curve(at: result.grid.points)
        for (row, expected) in zip(result.rows, coupon.edl) {
            #expect(abs((row.theoryEDL ?? 0) - expected) < 1e-9 * max(1, expected))
        }
    }

    @Test("pretrained_format=true, score=all: the early maximum is gone too")
    func pretrainedFormat() throws {
        let result = try run([("pretrained_format", "true")])
        let points = curve(result)
        #expect(!hasEarlyPeak(points, early: 60))
        for row in result.rows {
            #expect(abs(row.parts[0].edl.mean) < 1e-12)  // the format share is exactly 0
        }
    }
}

@Suite("Gradient learner runs")
struct GradientRunTests {
    private func run(
        _ scenario: String, _ learner: String, _ assignments: [(name: String, value: String)], grid: String,
        replicates: Int, seed: UInt64 = 61
    ) throws -> ExperimentResult {
        try runExperiment(scenario, learner, assignments, grid: grid, replicates: replicates, seed: seed)
    }

    @Test("random labels, table, many epochs: the training loss falls far below log k while EDL does not rise above 0")
    func memorisesRandomLabels() throws {
        let result = try run(
            "random-labels", "sgd", [("inputs", "20000"), ("k", "2"), ("epochs", "50"), ("lr", "2")],
            grid: "20,100,400", replicates: 100)
        for row in result.rows {
            let train = try #require(row.trainingLoss)
            #expect(train.mean < 0.1 * log(2.0), "train loss \(train.mean) at n \(row.n)")
            #expect(row.edl.mean <= 4 * (row.edl.standardError ?? 0) + 0.01, "EDL \(row.edl.mean) at n \(row.n)")
            #expect(row.testLoss.mean > log(2.0))  // over-confident on labels that never repeat
            #expect(try #require(row.metrics[1]).mean == 50)  // the final model is after epoch 50
        }
    }

    @Test("coupon collector: small lr still rises then falls; a larger lr shifts the curve (algorithm dependence)")
    func learningRateDependence() throws {
        let grid = "1...2000:log12"
        let slow = try run("coupon-collector", "sgd", [("K", "15"), ("lr", "1")], grid: grid, replicates: 120)
        let fast = try run("coupon-collector", "sgd", [("K", "15"), ("lr", "20")], grid: grid, replicates: 120)
        let curve = slow.rows.map(\.edlPerSample)
        let peak = try #require(curve.indices.max { curve[$0].mean < curve[$1].mean })
        #expect(peak > 0 && peak < curve.count - 1)
        #expect(curve[peak].mean > curve[0].mean + 4 * ((curve[peak].standardError ?? 0) + (curve[0].standardError ?? 0)))
        #expect(curve[peak].mean > curve.last!.mean + 4 * ((curve[peak].standardError ?? 0) + (curve.last!.standardError ?? 0)))
        // Same seeds, same data streams (init_scale 0 draws nothing): the curves differ by far more than their SE.
        let differs = zip(slow.rows, fast.rows).contains { a, b in
            abs(a.edl.mean - b.edl.mean) > 4 * ((a.edl.standardError ?? 0) + (b.edl.standardError ?? 0)) + 1e-9
        }
        #expect(differs)
        let fastPeak = try #require(fast.rows.indices.max { fast.rows[$0].edlPerSample.mean < fast.rows[$1].edlPerSample.mean })
        #expect(fastPeak <= peak)  // the faster learner peaks no later (on this grid)
    }

    @Test("noise-free coupon collector: no update raises the population loss, at small or large lr")
    func couponMonotone() throws {
        for lr in ["0.1", "50"] {
            let result = try run("coupon-collector", "sgd", [("K", "20"), ("lr", lr)], grid: "10,200", replicates: 50)
            #expect(result.rows.allSatisfy { $0.metrics[0]?.mean == 0 })
        }
    }

    @Test("monotonicity=off skips the per-step check: monotone_violations empty, every other number the same", arguments: ["sgd", "adam"])
    func monotonicityOff(learner: String) throws {
        let base: [(name: String, value: String)] = [("K", "20"), ("noise", "0.2"), ("lr", "0.3")]
        let tracked = try run("coupon-collector", learner, base + [("monotonicity", "track")], grid: "5,50,300", replicates: 40)
        let skipped = try run("coupon-collector", learner, base + [("monotonicity", "off")], grid: "5,50,300", replicates: 40)
        for (a, b) in zip(tracked.rows, skipped.rows) {
            #expect(a.metrics[0] != nil && b.metrics[0] == nil)
            #expect(a.edl == b.edl && a.mdl == b.mdl && a.testLoss == b.testLoss && a.trainingLoss == b.trainingLoss)
        }
    }

    @Test("the check is on by default for sgd (O(k²) per step) and off for adam (every row at every step)")
    func monotonicityDefaults() throws {
        let base: [(name: String, value: String)] = [("K", "20"), ("noise", "0.2")]
        let sgd = try run("coupon-collector", "sgd", base, grid: "50", replicates: 4)
        let adam = try run("coupon-collector", "adam", base, grid: "50", replicates: 4)
        #expect(sgd.rows[0].metrics[0] != nil)
        #expect(adam.rows[0].metrics[0] == nil)
    }

    @Test("noisy coupons: a large lr breaks population monotonicity and drives the mean EDL below 0; a small lr does not")
    func monotonicityAndLearningRate() throws {
        let base: [(name: String, value: String)] = [("K", "20"), ("noise", "0.2")]
        let small = try run("coupon-collector", "sgd", base + [("lr", "0.1")], grid: "20,200", replicates: 200)
        let large = try run("coupon-collector", "sgd", base + [("lr", "20")], grid: "20,200", replicates: 200)
        for row in small.rows {
            #expect(try #require(row.metrics[0]).mean == 0, "small lr at n \(row.n)")
        }
        let first = large.rows[0]
        #expect(try #require(first.metrics[0]).mean > 0.5)
        #expect(first.edl.mean < -4 * (first.edl.standardError ?? 0))
    }

    @Test("random labels with a large lr: most steps raise the loss in expectation, and the mean EDL is negative")
    func negativeEDL() throws {
        let result = try run("random-labels", "sgd", [("inputs", "50"), ("lr", "5")], grid: "100,300", replicates: 100)
        for row in result.rows {
            // θ₀ (uniform) is optimal, so the first steps raise the population loss in expectation;
            // later ones may pull a row back towards uniform.
            #expect(try #require(row.metrics[0]).mean > 0.5)
            #expect(row.edl.mean < -4 * (row.edl.standardError ?? 0))
        }
    }

    @Test("early stopping: EDL at the chosen epoch ≥ EDL after the first pass; training far past it lowers EDL")
    func computeMonotonicity() throws {
        let base: [(name: String, value: String)] = [("K", "20"), ("k", "4"), ("noise", "0.3"), ("lr", "0.3")]
        let grid = "300"
        let firstPass = try run("coupon-collector", "sgd", base, grid: grid, replicates: 120)
        let stopped = try run(
            "coupon-collector", "sgd", base + [("epochs", "30"), ("early_stopping", "true"), ("validation", "1000")],
            grid: grid, replicates: 120)
        let overtrained = try run("coupon-collector", "sgd", base + [("epochs", "30")], grid: grid, replicates: 120)
        let (a, b, c) = (firstPass.rows[0].edl, stopped.rows[0].edl, overtrained.rows[0].edl)
        // Same data streams: the chosen epoch's EDL is at least the first pass's (within 4 SE) …
        #expect(b.mean >= a.mean - 4 * ((a.standardError ?? 0) + (b.standardError ?? 0)))
        // … and 30 epochs on noisy labels overfit: lower EDL than at the chosen epoch.
        #expect(c.mean < b.mean - 4 * ((b.standardError ?? 0) + (c.standardError ?? 0)))
        let epoch = try #require(stopped.rows[0].metrics[1]).mean
        #expect(epoch > 0 && epoch < 30)
    }
}

@Suite("Signatures of the scenarios")
struct ScenarioSignatureTests {
    private func signature(_ scenario: String, _ learner: String?, _ assignments: [(name: String, value: String)], grid: String, replicates: Int) throws -> Signature? {
        try ExperimentRunner(threads: 2).run(
            Experiment(
                scenario: ScenarioRegistry.make(scenario, learner: learner, assignments: assignments),
                grid: NGrid(parsing: grid), replicates: replicates, seed: 71)
        ).signature
    }

    @Test("hypothesis collapse with a diagnostic input (m = k = 2^16) is elicitation")
    func diagnosticElicitation() throws {
        let result = try signature(
            "hypothesis-collapse", "bayes", [("class", "diagnostic"), ("m", "65536"), ("k", "65536"), ("inputs", "8")],
            grid: "1...1000:log12", replicates: 30)
        #expect(result?.kind == .elicitation)
    }

    @Test(
        "maximally distinguishing questions (class=distinguishing, m > k): exact EDL = min(n,D) log k − n(1 − min(n,D)/D) log k on every draw; elicitation from n = D",
        arguments: [(1_048_576, 1024, 2), (64, 2, 6), (729, 3, 6)])
    func distinguishingElicitation(m: Int, k: Int, digits: Int) throws {
        let assignments: [(name: String, value: String)] = [("class", "distinguishing"), ("m", String(m)), ("k", String(k))]
        let result = try runExperiment("hypothesis-collapse", "bayes", assignments, grid: "1...300:log12", replicates: 8, seed: 3)
        let logK = log(Double(k))
        for row in result.rows {
            // Hand formula, independent of the scenario's theory code.
            let known = Double(min(row.n, digits))
            let expected = known * logK - Double(row.n) * (1 - known / Double(digits)) * logK
            #expect(abs(row.edl.mean - expected) <= 1e-9 * max(1, expected), "n = \(row.n)")
            #expect(abs((row.theoryEDL ?? .nan) - expected) <= 1e-9 * max(1, expected))
            #expect(row.isDegenerate)
        }
        // From n = D on the curve falls: elicitation; from n = 1 it rises first (D > 1).
        let late = try #require(try signature(
            "hypothesis-collapse", "bayes", assignments, grid: "\(digits)...\(100 * digits):log12", replicates: 4))
        #expect(late.kind == .elicitation)
        let early = try #require(try signature("hypothesis-collapse", "bayes", assignments, grid: "1...\(100 * digits):log12", replicates: 4))
        #expect(early.kind == .teaching && early.peakInterval.contains(digits))
    }

    @Test("the coupon collector (K = 1000, n 10…10^5) is teaching with a peak interval containing 1791")
    func couponTeaching() throws {
        let result = try #require(
            try signature("coupon-collector", "bayes", [("K", "1000")], grid: "10...100000:log40", replicates: 200))
        #expect(result.kind == .teaching)
        #expect(result.peakInterval.contains(1791), "\(result.peakInterval)")
    }

    @Test(
        "random labels: nothing generalisable, whatever the learner (none); the non-monotonic ones are flagged",
        arguments: [
            ("uniform", [("k", "3")], false), ("kt", [], true), ("laplace", [("k", "3")], true),
            ("memoriser", [("inputs", "100")], true), ("memoriser", [], true),
        ] as [(String, [(name: String, value: String)], Bool)])
    func randomLabelsLearnNothing(learner: String, assignments: [(name: String, value: String)], flagged: Bool) throws {
        for grid in ["1...1000:log12", "1,2,3,1000"] {
            let result = try #require(try signature("random-labels", learner, assignments, grid: grid, replicates: 400))
            #expect(result.kind == .none, "\(learner) on \(grid)")
            #expect(result.warnings.contains { if case .notMonotonic = $0 { true } else { false } } == flagged, "\(learner) \(result.warnings)")
        }
    }
}
