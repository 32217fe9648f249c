import EDL
import Foundation
import GSL

/// Exact expectations for per-concept Dirichlet(α) label estimates on
/// noise-free concepts (every example of concept c carries its one label).
///
/// Concept c has been seen N_c ~ Binomial(n, p_c) times, always with its own
/// label, so its predictive for that label is (N_c + α)/(N_c + kα) and its
/// examples so far were coded with Σ_{j<N_c} −ln((j + α)/(j + kα)) =
/// g(N_c) = ln Γ(N_c + kα) − ln Γ(kα) − ln Γ(N_c + α) + ln Γ(α). By linearity
///
///     E MDL(n) = Σ_c E g(N_c),   E L(θ_n) = Σ_c p_c E ln((N_c + kα)/(N_c + α)).
///
/// Concepts with equal probability are one group; each group costs
/// O(√(n p)) terms per grid point.
struct DirichletConceptTheory {
    /// The largest number of binomial terms a curve may cost.
    static let workLimit = 200_000_000

    var groups: [(probability: Double, count: Int)]
    var labelCount: Int
    var concentration: Double

    /// An estimate of the terms the curve costs.
    func work(grid: [Int]) -> Double {
        var terms = 0.0
        for n in grid {
            for (p, _) in groups { terms += 22 * (Double(n) * p * (1 - p)).squareRoot() + 2 }
        }
        return terms
    }

    /// E h(N), N ~ Binomial(n, p), with p = 1 allowed.
    private func expectation(trials n: Int, probability p: Double, _ h: (Int) throws -> Double) rethrows -> Double {
        if p >= 1 || n == 0 { return try h(p >= 1 ? n : 0) }
        let mode = BinomialExpectation.mode(trials: n, probability: p)
        let atMode = try h(mode)
        return try atMode + BinomialExpectation.meanDifferenceFromMode(trials: n, probability: p) { try h($0) - atMode }
    }

    func curve(at grid: [Int]) throws -> ExpectedCurve {
        let k = Double(labelCount)
        let alpha = concentration
        let constant = try SpecialFunctions.logGamma(alpha) - SpecialFunctions.logGamma(k * alpha)
        func g(_ count: Int) throws -> Double {
            let c = Double(count)
            return try SpecialFunctions.logGamma(c + k * alpha) - SpecialFunctions.logGamma(c + alpha) + constant
        }
        func loss(_ count: Int) -> Double {
            let c = Double(count)
            return log((c + k * alpha) / (c + alpha))
        }
        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        for n in grid {
            var codeLength = CompensatedSum()
            var expectedLoss = CompensatedSum()
            for (p, multiplicity) in groups {
                let m = Double(multiplicity)
                codeLength.add(m * (try expectation(trials: n, probability: p, g)))
                expectedLoss.add(m * p * expectation(trials: n, probability: p, loss))
            }
            mdl.append(codeLength.value)
            testLoss.append(expectedLoss.value)
            edl.append(codeLength.difference(subtractingProductOf: Double(n), and: expectedLoss.value))
        }
        return ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss)
    }
}
