import EDL
import Foundation
import Learners
@testable import Scenarios
import Testing

/// Brute-force references for the random-labels theory, written independently
/// of the code under test.
enum BruteForce {
    /// ln of the Binomial(n, p) pmf at c, from lgamma.
    static func logBinomialPMF(_ c: Int, _ n: Int, _ p: Double) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(c + 1)) - lgamma(Double(n - c + 1))
            + Double(c) * log(p) + Double(n - c) * log1p(-p)
    }

    /// E L(θ_i) for Dirichlet(α) counts of i uniform labels on k values, by a
    /// full sum over Binomial(i, 1/k) counts: log(i + kα) − E log(c + α).
    static func expectedLoss(after i: Int, k: Int, alpha: Double) -> Double {
        var expectedLog = 0.0
        for c in 0...i {
            expectedLog += exp(logBinomialPMF(c, i, 1 / Double(k))) * log(Double(c) + alpha)
        }
        return log(Double(i) + Double(k) * alpha) - expectedLog
    }

    /// E EDL(n) = Σ_{i<n} E L(θ_i) − n E L(θ_n), summed term by term.
    static func expectedEDL(_ n: Int, k: Int, alpha: Double) -> Double {
        var mdl = 0.0
        for i in 0..<n { mdl += expectedLoss(after: i, k: k, alpha: alpha) }
        return mdl - Double(n) * expectedLoss(after: n, k: k, alpha: alpha)
    }

    /// The exact E[EDL(n)] of a learner by enumerating every equally likely
    /// sequence of n (input, label) pairs. `inputCount` 0 means fresh inputs.
    static func enumeratedEDL<L: Learner>(
        n: Int, k: Int, inputCount: Int, makeLearner: () -> L
    ) -> (edl: Double, testLoss: Double) {
        let choices = inputCount == 0 ? k : inputCount * k
        var sequences = 1
        for _ in 0..<n { sequences *= choices }
        var totalEDL = 0.0
        var totalLoss = 0.0
        for code in 0..<sequences {
            var learner = makeLearner()
            var rest = code
            var mdl = 0.0
            for position in 0..<n {
                let choice = rest % choices
                rest /= choices
                let input = inputCount == 0 ? position + 1 : choice / k + 1
                mdl += learner.codeThenUpdate(on: LabeledExample(input: input, label: choice % k))
            }
            // Population loss by direct enumeration of test inputs and labels.
            let testInputs = inputCount == 0 ? [n + 1] : Array(1...inputCount)
            var loss = 0.0
            for x in testInputs {
                for y in 0..<k { loss += learner.codeLength(of: LabeledExample(input: x, label: y)) }
            }
            loss /= Double(testInputs.count * k)
            totalEDL += mdl - Double(n) * loss
            totalLoss += loss
        }
        return (totalEDL / Double(sequences), totalLoss / Double(sequences))
    }
}

@Suite("Random-labels theory")
struct RandomLabelsTheoryTests {
    @Test(
        "Dirichlet marginal theory equals the term-by-term brute force sum",
        arguments: [(2, 0.5), (2, 1.0), (3, 1.0), (10, 0.5)])
    func marginalTheoryMatchesBruteForce(k: Int, alpha: Double) throws {
        let grid = [1, 2, 10, 100, 1000]
        let curve = try DirichletMarginalTheory(labelCount: k, concentration: alpha).curve(at: grid)
        for (index, n) in grid.enumerated() {
            let reference = BruteForce.expectedEDL(n, k: k, alpha: alpha)
            #expect(abs(curve.edl[index] - reference) < 1e-9 * max(1, abs(reference)), "k \(k) α \(alpha) n \(n)")
            let loss = BruteForce.expectedLoss(after: n, k: k, alpha: alpha)
            #expect(abs((curve.testLoss?[index] ?? 0) - loss) < 1e-10, "test loss at n \(n)")  // lgamma pmf rounding ~1e-12
        }
    }

    @Test("the KT curve's terms are estimated before it is summed, and a grid beyond the limit has no theory")
    func marginalTheoryLimit() throws {
        // The estimate against the counts the binomial sums really visit (two sums per point).
        for (grid, k) in [([1, 10, 1000, 1_000_000], 2), (Array(1...3000), 5), ([100_000_000], 1000)] {
            let p = 1 / Double(k)
            let visited = grid.reduce(0) { $0 + 2 * BinomialExpectation.weights(trials: $1, probability: p).count }
            let estimated = DirichletMarginalTheory(labelCount: k, concentration: 0.5).work(grid: grid)
            #expect(estimated >= Double(visited) && estimated <= 1.25 * Double(visited) + 2 * Double(grid.count), "k = \(k): \(visited) vs \(estimated)")
        }
        let kt = try ScenarioRegistry.make("random-labels", learner: "kt", assignments: [])
        // Every n to 10⁶ sums 1.5·10¹⁰ terms (> 200 s): no theory, at once.
        let start = Date()
        #expect(try kt.expectedCurve(at: Array(1...1_000_000)) == nil)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(try kt.expectedCurve(at: Array(1...1000)) != nil)
        #expect(kt.largestExamples == Int(Int32.max))
        #expect(try ScenarioRegistry.make("coupon-collector", learner: nil, assignments: []).largestExamples == Int.max)
    }

    @Test("KT on a fair coin: EDL(1) = ln 2 − ½ ln(16/3), negative")
    func ktFirstExample() throws {
        let curve = try DirichletMarginalTheory(labelCount: 2, concentration: 0.5).curve(at: [1])
        // After one label the KT estimate is (¾, ¼): test loss ½(−ln ¾ − ln ¼) = ½ ln(16/3).
        let expected = log(2.0) - 0.5 * log(16.0 / 3)
        #expect(abs(curve.edl[0] - expected) < 1e-14)
        #expect(curve.edl[0] < 0)
    }

    @Test(
        "the theory equals exhaustive enumeration of every label sequence",
        arguments: ["kt", "laplace", "memoriser", "uniform"])
    func theoryMatchesEnumeration(learner: String) throws {
        for (k, largest) in [(2, 10), (3, 6)] {
            let scenario = try RandomLabels(
                configuration: ScenarioConfiguration(
                    scenario: RandomLabels.self, learner: learner, assignments: [("k", String(k))]))
            let grid = Array(1...largest)
            let curve = try #require(try scenario.expectedCurve(at: grid))
            for n in grid {
                let reference = BruteForce.enumeratedEDL(n: n, k: k, inputCount: 0) {
                    AnyRandomLabelsLearner(scenario: scenario)
                }
                #expect(abs(curve.edl[n - 1] - reference.edl) < 1e-11, "\(learner) k \(k) n \(n)")
                #expect(abs((curve.testLoss?[n - 1] ?? 0) - reference.testLoss) < 1e-12)
            }
        }
    }

    @Test("memoriser theory with a finite input space equals exhaustive enumeration")
    func memoriserFiniteInputs() throws {
        for (inputs, k, alpha, largest) in [(2, 2, 0.5, 7), (3, 2, 1.0, 5), (1, 3, 0.5, 6)] {
            let scenario = try RandomLabels(
                configuration: ScenarioConfiguration(
                    scenario: RandomLabels.self, learner: "memoriser",
                    assignments: [("k", String(k)), ("inputs", String(inputs)), ("alpha", String(alpha))]))
            let grid = Array(1...largest)
            let curve = try #require(try scenario.expectedCurve(at: grid))
            for n in grid {
                let reference = BruteForce.enumeratedEDL(n: n, k: k, inputCount: inputs) {
                    Memoriser(labelCount: k, concentration: alpha)
                }
                #expect(abs(curve.edl[n - 1] - reference.edl) < 1e-11, "M \(inputs) k \(k) n \(n)")
                #expect(abs((curve.testLoss?[n - 1] ?? 0) - reference.testLoss) < 1e-12)
            }
        }
    }

    @Test("binomial expectations: E c = np and E c² = np(1−p) + (np)²")
    func binomialMoments() {
        for (n, p) in [(10, 0.5), (1000, 0.1), (1_000_000, 0.5), (7, 0.9)] {
            let mode = Double(BinomialExpectation.mode(trials: n, probability: p))
            let mean = mode + BinomialExpectation.meanDifferenceFromMode(trials: n, probability: p) { Double($0) - mode }
            let secondMoment = mode * mode
                + BinomialExpectation.meanDifferenceFromMode(trials: n, probability: p) {
                    Double($0) * Double($0) - mode * mode
                }
            let np = Double(n) * p
            #expect(abs(mean - np) < 1e-9 * max(1, np), "mean at n \(n)")
            #expect(abs(secondMoment - (np * (1 - p) + np * np)) < 1e-9 * max(1, np * np), "E c² at n \(n)")
        }
    }
}

/// The learner the scenario would build, behind one concrete type, for enumeration.
struct AnyRandomLabelsLearner: Learner {
    private var base: any Learner

    init(scenario: RandomLabels) {
        switch scenario.configuration.learner {
        case "uniform": base = UniformLearner(labelCount: scenario.labelCount)
        case "memoriser": base = Memoriser(labelCount: scenario.labelCount, concentration: scenario.concentration)
        default:
            base = DirichletMarginalLearner(labelCount: scenario.labelCount, concentration: scenario.concentration)
        }
    }

    func codeLength(of example: LabeledExample) -> Double { base.codeLength(of: example) }
    mutating func update(on example: LabeledExample) { base.update(on: example) }
    var parameterCount: Int { base.parameterCount }
}
