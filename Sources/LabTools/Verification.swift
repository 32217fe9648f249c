import Lab
import EDL
import Foundation
import GSL
import Learners
import Scenarios

/// Numerical checks of the properties in Docs/Theory.md (P1–P7) on the lab's own
/// scenarios (`edl verify`).
///
/// Each check computes its quantities, then judges them with a stated
/// tolerance; the judging is separate so tests can feed a check wrong
/// quantities and see it fail.
public struct Verification: Sendable {
    /// A comparison with its tolerance.
    public enum Comparison: Sendable, Equatable {
        /// |measured − expected| ≤ tolerance.
        case close(measured: Double, expected: Double, tolerance: Double)
        /// measured ≥ bound − tolerance.
        case atLeast(measured: Double, bound: Double, tolerance: Double)
        /// measured ≤ bound + tolerance.
        case atMost(measured: Double, bound: Double, tolerance: Double)

        /// Whether the comparison holds.
        public var holds: Bool {
            switch self {
            case .close(let m, let e, let t): abs(m - e) <= t
            case .atLeast(let m, let b, let t): m >= b - t
            case .atMost(let m, let b, let t): m <= b + t
            }
        }

        /// The numbers in words.
        public var text: String {
            func f(_ x: Double) -> String { String(format: "%.6g", x) }
            switch self {
            case .close(let m, let e, let t): return "\(f(m)) vs \(f(e)) (tolerance \(f(t)))"
            case .atLeast(let m, let b, let t): return "\(f(m)) ≥ \(f(b)) (tolerance \(f(t)))"
            case .atMost(let m, let b, let t): return "\(f(m)) ≤ \(f(b)) (tolerance \(f(t)))"
            }
        }
    }

    /// One check's verdict.
    public struct Row: Sendable {
        public var check: String
        public var scenario: String
        /// The unit of the compared values (`nats`, `nats/example`, `nats²/example`, …).
        public var unit: String = "nats"
        public var comparisons: [Comparison]
        public var passed: Bool { comparisons.allSatisfy(\.holds) }
        /// The worst comparison (the first that fails, else the first).
        public var shown: Comparison? { comparisons.first { !$0.holds } ?? comparisons.first }
    }

    /// A check: its name, scenario, and how it measures.
    public struct Check: Sendable {
        public var name: String
        public var scenario: String
        public var fast: Bool
        /// The unit of the compared values.
        public var unit: String = "nats"
        public var run: @Sendable (_ threads: Int) throws -> [Comparison]

        init(
            name: String, scenario: String, fast: Bool, unit: String = "nats",
            run: @escaping @Sendable (_ threads: Int) throws -> [Comparison]
        ) {
            self.name = name
            self.scenario = scenario
            self.fast = fast
            self.unit = unit
            self.run = run
        }
    }

    /// Threads for the Monte Carlo checks.
    public var threads: Int

    public init(threads: Int) { self.threads = threads }

    /// Runs the checks (all, those of one scenario, or the fast subset).
    public func run(scenario: String? = nil, fastOnly: Bool = false) throws -> [Row] {
        try Self.checks.filter { (scenario == nil || $0.scenario == scenario) && (!fastOnly || $0.fast) }.map { check in
            Row(check: check.name, scenario: check.scenario, unit: check.unit, comparisons: try check.run(threads))
        }
    }

    static func result(
        _ scenario: String, _ learner: String, _ assignments: [(name: String, value: String)], grid: String,
        replicates: Int, threads: Int, seed: UInt64 = 91
    ) throws -> ExperimentResult {
        try ExperimentRunner.run(
            scenario, learner: learner, assignments: assignments, grid: grid, replicates: replicates, seed: seed,
            threads: threads)
    }

    /// EDL(n) of the SGD learner on coupons with settings `a` minus the same with
    /// settings `b`, replicate by replicate on the same streams: mean and SE of
    /// the paired differences, in nats.
    static func pairedDifference(
        _ a: [(name: String, value: String)], minus b: [(name: String, value: String)], n: Int, replicates: Int
    ) throws -> Estimate {
        let first = try ScenarioRegistry.make("coupon-collector", learner: "sgd", assignments: a)
        let second = try ScenarioRegistry.make("coupon-collector", learner: "sgd", assignments: b)
        let cell = SeedDerivation.cellSeed(master: 91, cell: first.configuration.worldText)
        precondition(first.configuration.worldText == second.configuration.worldText, "paired runs share their world")
        var moments = RunningMoments()
        for replicate in 0..<replicates {
            let seed = SeedDerivation.seed(cellSeed: cell, replicate: replicate)
            func edl(_ scenario: any Scenario) throws -> Double {
                var trajectory = try scenario.makeTrajectory(random: RandomSource(seed: seed))
                var accountant = PrequentialAccountant()
                trajectory.advance(by: n, recording: &accountant)
                trajectory.finishCheckpoint()
                return accountant.checkpoint(testLoss: trajectory.populationLoss()).edl
            }
            moments.add(try edl(first) - edl(second))
        }
        return moments.estimate
    }

    /// 4 standard errors, or a rounding tolerance where the SE is 0.
    static func fourSE(_ estimate: Estimate, scale: Double = 1) -> Double {
        4 * (estimate.standardError ?? 0) + 1e-9 * max(1, abs(scale))
    }

    // MARK: The checks

    /// Every check, in the order `edl verify` prints them.
    public static let checks: [Check] = [
        Check(name: "expected-area identity (P2): E[MDL(n)] = Σ_{i<n} E L(θ_i), so E[EDL] = n(L̄ − E L(θ*)); Monte Carlo code lengths against exact population losses", scenario: "random-labels", fast: true) { threads in
            // The left side is the prequential code lengths of simulated
            // streams; the right side only the exact expected population
            // losses E L(θ_i) at every i (the theory's test-loss curve, not
            // its marginal likelihood). A learner that peeked at an example
            // before coding it would pay less than its population loss.
            let result = try result("random-labels", "kt", [("k", "3")], grid: "1...200", replicates: 4000, threads: threads)
            var comparisons: [Comparison] = []
            var area = log(3.0)  // L(θ₀): KT starts uniform
            for row in result.rows {
                if [1, 10, 50, 200].contains(row.n) {
                    comparisons.append(.close(measured: row.mdl.mean, expected: area, tolerance: fourSE(row.mdl, scale: area)))
                }
                area += row.theoryTestLoss ?? .nan
            }
            return comparisons
        },
        Check(name: "E[EDL] ≥ 0 for a population-monotonic learner (one-shot Bayes on coupons)", scenario: "coupon-collector", fast: true) { threads in
            let result = try result("coupon-collector", "bayes", [("K", "50")], grid: "1...1000:log10", replicates: 500, threads: threads)
            return result.rows.map { .atLeast(measured: $0.edl.mean, bound: 0, tolerance: fourSE($0.edl)) }
        },
        Check(name: "counter-example: KT on a fair coin has E[EDL(1)] = 1 − ½ log₂(16/3) < 0 (exact)", scenario: "random-labels", fast: true) { _ in
            let curve = try DirichletMarginalTheory(labelCount: 2, concentration: 0.5).curve(at: [1])
            let bits = InformationUnit.bits.fromNats(curve.edl[0])
            return [.close(measured: bits, expected: 1 - 0.5 * log2(16.0 / 3), tolerance: 1e-12), .atMost(measured: bits, bound: 0, tolerance: 0)]
        },
        Check(name: "EDL ≤ SDL (the test loss never beats L*)", scenario: "hypothesis-collapse", fast: true) { threads in
            let result = try result("hypothesis-collapse", "bayes", [("m", "256"), ("noise", "0.1"), ("inputs", "16")], grid: "1...500:log8", replicates: 200, threads: threads)
            return result.rows.map { .atMost(measured: $0.edl.mean, bound: $0.sdl?.mean ?? .nan, tolerance: 1e-9 * max(1, abs($0.edl.mean))) }
        },
        Check(name: "sublinear regret: EDL/n → L_train(θ*) − L_test(θ*), off by regret/n ≤ (½ ln n + ln 2)/n (KT)", scenario: "random-labels", fast: true) { threads in
            // The regret split EDL = R_n(θ*) + n(L_train − L_test) and the
            // KT bound R_n(θ*) ≤ R_n(θ_ML) ≤ ½ ln n + ln 2 on every sequence
            // of two labels: EDL/n and the gap per example meet as n grows.
            let result = try result("random-labels", "kt", [("k", "2")], grid: "1...100000:log6", replicates: 200, threads: threads)
            return result.rows.flatMap { row -> [Comparison] in
                let n = Double(row.n)
                let bound = (0.5 * log(n) + log(2.0)) / n
                let gap = (row.trainingLoss?.mean ?? .nan) - row.testLoss.mean
                return [
                    .atMost(measured: (row.regret?.mean ?? .nan) / n, bound: bound, tolerance: 1e-12),
                    .close(measured: row.edlPerSample.mean, expected: gap, tolerance: bound + 1e-12),
                ]
            }
        },
        Check(name: "order invariance: the Bayesian prequential total is −ln of the marginal likelihood in any order", scenario: "random-labels", fast: true) { _ in
            var generator = SplitMix64(seed: 5)
            let labels = (0..<60).map { _ in Int(generator.next() % 4) }
            let alpha = 0.5
            var expected = lgamma(60 + 4 * alpha) - lgamma(4 * alpha)
            for label in 0..<4 { expected -= lgamma(Double(labels.filter { $0 == label }.count) + alpha) - lgamma(alpha) }
            return (0..<10).map { round in
                var order = labels
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(SplitMix64.mix(UInt64(round * 1000 + i)) % UInt64(i + 1)))
                }
                var learner = DirichletMarginalLearner(labelCount: 4, concentration: alpha)
                let total = order.map { learner.codeThenUpdate(on: LabeledExample(input: 0, label: $0)) }.reduce(0, +)
                return .close(measured: total, expected: expected, tolerance: 1e-10)
            }
        },
        Check(name: "additivity: each component's share of EDL (nats) equals that component run alone, mixed over Binomial(n, π_j) counts (4 SE)", scenario: "disjoint-subdistributions", fast: true) { threads in
            // Independent of the mixture's routing and accounting: the reference
            // is each component's own run at every N (StandaloneShare).
            let components: [(scenario: String, learner: String, assignments: [(name: String, value: String)])] = [
                ("hypothesis-collapse", "bayes", [("m", "256")]), ("coupon-collector", "bayes", [("K", "100")]),
            ]
            let points = [60, 400]
            let mixture = try result("disjoint-subdistributions", "product", [("components", "hypothesis-collapse,coupon-collector"), ("weights", "0.5,0.5"), ("c1.m", "256"), ("c2.K", "100")], grid: points.map(String.init).joined(separator: ","), replicates: 400, threads: threads)
            var comparisons: [Comparison] = []
            for (index, component) in components.enumerated() {
                let alone = try result(component.scenario, component.learner, component.assignments, grid: "1...\(points.last!)", replicates: 200, threads: threads)
                let reference = try StandaloneShare(part: nil, weight: 0.5, points: points, standalone: alone)
                for (row, point) in mixture.rows.enumerated() {
                    let share = point.parts[index].edl
                    comparisons.append(.close(
                        measured: share.mean, expected: reference.mean[row],
                        tolerance: reference.tolerance(for: share, at: row)))
                }
            }
            return comparisons
        },
        Check(name: "bound (P6): E[EDL] ≤ n(L(θ₀) − L*) for a population-monotonic learner, met with equality by one concept at n = 1", scenario: "coupon-collector", fast: true) { threads in
            // One concept (K = 1, k = 4): the first label costs log 4, then
            // nothing, and the test loss is 0, so EDL(n) = log 4 = n(L(θ₀) −
            // L*) at n = 1 and below the bound after; with K = 20 the bound
            // is far, and the curve must stay under it.
            let one = try result("coupon-collector", "bayes", [("K", "1"), ("k", "4")], grid: "1...10", replicates: 50, threads: threads)
            let many = try result("coupon-collector", "bayes", [("K", "20"), ("k", "3")], grid: "1...200:log8", replicates: 300, threads: threads)
            var comparisons: [Comparison] = [
                .close(measured: one.rows[0].edl.mean, expected: log(4.0), tolerance: 1e-12)
            ]
            for result in [one, many] {
                let best = result.bestLoss ?? 0  // noise-free: L* = 0
                for row in result.rows {
                    let initial = row.testLoss.mean + row.generalizationGain.mean
                    comparisons.append(.atMost(measured: row.edl.mean, bound: Double(row.n) * (initial - best), tolerance: fourSE(row.edl)))
                }
            }
            return comparisons
        },
        Check(name: "consistency (P3): (EDL − SDL)/n = L* − L_test(θ_n) shrinks to 0 for noisy Bayes over m = 256 rules", scenario: "hypothesis-collapse", fast: true, unit: "nats/example") { threads in
            let result = try result("hypothesis-collapse", "bayes", [("m", "256"), ("noise", "0.1"), ("inputs", "16")], grid: "10,100,1000,3000", replicates: 200, threads: threads)
            let gaps = result.rows.map { row in abs(row.edl.mean - (row.sdl?.mean ?? .nan)) / Double(row.n) }
            // Falls by at least 10× from n = 10 to n = 3000, and ends below 1 % of L*.
            let best = result.bestLoss ?? .nan
            return [
                .atMost(measured: gaps[gaps.count - 1], bound: gaps[0] / 10, tolerance: 0),
                .atMost(measured: gaps[gaps.count - 1], bound: 0.01 * best, tolerance: 0),
            ]
        },
        Check(name: "variance (P7): Var[EDL(n)]/n stays bounded (KT, k = 2, n = 100 … 10⁴)", scenario: "random-labels", fast: true, unit: "nats²/example") { threads in
            let result = try result("random-labels", "kt", [("k", "2")], grid: "100,1000,10000", replicates: 2000, threads: threads)
            let perExample = result.rows.map { row -> Double in
                let se = row.edl.standardError ?? .nan
                return se * se * Double(row.edl.count) / Double(row.n)
            }
            // O(n) variance: Var/n at most 3× its value at n = 100 at every n (O(n²) would grow 100×; for KT
            // it falls, its variance growing like log n).
            return perExample.map { .atMost(measured: $0, bound: 3 * perExample[0], tolerance: 0) }
        },
        Check(name: "capacity signature: at n = 8192 the rank-1 adapter holds ≥ 0.95 of the full rank's EDL on the elicitation task and < 0.95 on the teaching task (4 SE), and teaching's EDL_ref/P* is ≥ 10× elicitation's", scenario: "capacity", fast: true, unit: "capacity, then bits/param") { threads in
            var plan = ExperimentPlan(scenario: "capacity")
            plan.learner = "adam"
            plan.grid = "8192"
            plan.replicates = 4
            plan.parameters = [("task", ["elicitation", "teaching"]), ("rank", ["1", "2", "3", "4", "6", "8"])]
            let study = try CapacityStudy(plan: plan, readAt: nil, threads: threads)
            func rankOne(_ task: String) -> Estimate? {
                study.rows.first { $0.rank == 1 && $0.group.contains { $0 == ("task", task) } }?.capacity
            }
            let perParameter = study.summaries.compactMap(\.referenceEDLPerThreshold)
            guard let elicited = rankOne("elicitation"), let taught = rankOne("teaching"), perParameter.count == 2 else {
                throw LabError("the capacity study did not produce both tasks' rank-1 cells and thresholds")
            }
            let (easy, hard) = (perParameter[0], perParameter[1])
            return [
                .atLeast(measured: elicited.mean, bound: CapacityStudy.threshold, tolerance: 4 * (elicited.standardError ?? .infinity)),
                .atMost(measured: taught.mean + 4 * (taught.standardError ?? .infinity), bound: CapacityStudy.threshold, tolerance: 0),
                .atLeast(measured: hard, bound: 10 * easy, tolerance: 0),
            ]
        },
        Check(name: "hypothesis collapse: EDL(n) ≤ ln m on every noise-free trajectory", scenario: "hypothesis-collapse", fast: true) { _ in
            let scenario = try ScenarioRegistry.make("hypothesis-collapse", learner: "bayes", assignments: [("m", "512"), ("inputs", "16")])
            var comparisons: [Comparison] = []
            for seed in 1...20 {
                var trajectory = try scenario.makeTrajectory(random: RandomSource(seed: UInt64(seed)))
                var accountant = PrequentialAccountant()
                var largest = -Double.infinity
                for _ in 0..<60 {
                    trajectory.advance(by: 1, recording: &accountant)
                    largest = max(largest, accountant.checkpoint(testLoss: trajectory.populationLoss()).edl)
                }
                comparisons.append(.atMost(measured: largest, bound: log(512.0), tolerance: 1e-9))
            }
            return comparisons
        },
        Check(name: "coupon collector: E[EDL]/n peaks at u = n/K ≈ 1.7933 (exact formula, K = 10⁵)", scenario: "coupon-collector", fast: true) { _ in
            let peak = CouponCollectorTheory(uniformOver: 100_000, gap: 1).peakOfEDLPerExample(limit: 10_000_000)
            return [.close(measured: Double(peak.n) / 100_000, expected: 1.7933, tolerance: 1e-3),
                    .close(measured: peak.value, expected: 0.2984, tolerance: 1e-3)]
        },
        Check(name: "compute monotonicity (P4): early stopping keeps EDL ≥ the first pass; overtraining lowers it (paired replicates)", scenario: "coupon-collector", fast: false) { _ in
            // The three learners see the same streams replicate by replicate (seeds come from the
            // scenario's parameters, not the learner's), so the differences are tested pair by pair.
            let base: [(name: String, value: String)] = [("K", "20"), ("k", "4"), ("noise", "0.3"), ("lr", "0.3")]
            let stopped = base + [("epochs", "30"), ("early_stopping", "true"), ("validation", "1000")]
            let over = base + [("epochs", "30")]
            let stoppedGain = try pairedDifference(stopped, minus: base, n: 300, replicates: 200)
            let overLoss = try pairedDifference(over, minus: stopped, n: 300, replicates: 200)
            return [
                .atLeast(measured: stoppedGain.mean, bound: 0, tolerance: fourSE(stoppedGain)),
                .atMost(measured: overLoss.mean, bound: 0, tolerance: fourSE(overLoss)),
            ]
        },
    ]
}
