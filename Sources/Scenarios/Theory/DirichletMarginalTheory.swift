import EDL
import Foundation
import GSL

/// Exact expectations for a symmetric Dirichlet(α) label estimator learning
/// labels that are uniform on k values, independent of everything else.
///
/// After i examples the counts are Multinomial(i, 1/k), each marginally
/// Binomial(i, 1/k). The estimator is the exact Bayes learner for a
/// Dirichlet(α) prior, so its prequential total is −log of the
/// Dirichlet-multinomial marginal likelihood:
///
///     MDL(n) = ln Γ(n + kα) − ln Γ(kα) − Σ_y [ln Γ(c_y + α) − ln Γ(α)]
///     L(θ_n) = ln(n + kα) − (1/k) Σ_y ln(c_y + α)     (test labels uniform)
///
/// and by symmetry and linearity
///
///     E MDL(n)   = ln Γ(n + kα) − ln Γ(kα) − k E[ln Γ(c + α) − ln Γ(α)]
///     E L(θ_n)   = ln(n + kα) − E ln(c + α),          c ~ Binomial(n, 1/k)
///     E EDL(n)   = E MDL(n) − n E L(θ_n).
///
/// Each grid point costs O(√(n/k)) (``BinomialExpectation``), so the curve
/// does not need a sum over every i < n.
public struct DirichletMarginalTheory: Sendable {
    /// The number of labels k (≥ 2).
    public var labelCount: Int
    /// The pseudo-count α (> 0).
    public var concentration: Double

    /// Creates the theory for `labelCount` labels and pseudo-count `concentration`.
    public init(labelCount: Int, concentration: Double) {
        self.labelCount = labelCount
        self.concentration = concentration
    }

    /// The most terms ``curve(at:)`` is asked to sum; beyond it the scenarios
    /// leave the exact curve empty (measured: 2.2·10⁸ terms in 5.5 s, so the
    /// limit is about 25 s; `--n 1...1000000` would sum 1.5·10¹⁰, > 200 s).
    public static let workLimit = 1e9

    /// The terms the curve at `grid` sums: at each n, ln Γ and ln at about
    /// 22σ + 1 counts (σ = √(n p (1 − p)), p = 1/k; the recurrence runs to
    /// e^-60 of the mode's weight, √120 ≈ 11 σ each side).
    public func work(grid: [Int]) -> Double {
        let p = 1 / Double(labelCount)
        return grid.reduce(0) { $0 + 2 * (22 * (Double($1) * p * (1 - p)).squareRoot() + 1) }
    }

    /// E[L(θ_n)], the expected population loss after n examples, in nats.
    public func expectedTestLoss(after n: Int) -> Double {
        let k = Double(labelCount)
        let alpha = concentration
        let mode = Double(BinomialExpectation.mode(trials: n, probability: 1 / k))
        let difference = BinomialExpectation.meanDifferenceFromMode(trials: n, probability: 1 / k) { c in
            log((Double(c) + alpha) / (mode + alpha))
        }
        return log(Double(n) + k * alpha) - (log(mode + alpha) + difference)
    }

    /// E[MDL(n)], the expected prequential code length of n labels, in nats.
    /// - Throws: ``GSLError`` if ln Γ fails (it cannot for valid k and α).
    public func expectedMDL(_ n: Int) throws -> Double {
        let k = Double(labelCount)
        let alpha = concentration
        let mode = Double(BinomialExpectation.mode(trials: n, probability: 1 / k))
        let atMode = try SpecialFunctions.logGamma(mode + alpha)
        let difference = try BinomialExpectation.meanDifferenceFromMode(trials: n, probability: 1 / k) { c in
            try SpecialFunctions.logGamma(Double(c) + alpha) - atMode
        }
        let expectedLogGamma = atMode + difference
        return try SpecialFunctions.logGamma(Double(n) + k * alpha) - SpecialFunctions.logGamma(k * alpha)
            - k * (expectedLogGamma - SpecialFunctions.logGamma(alpha))
    }

    /// The expected curve (EDL, MDL, test loss) at the grid points, in nats.
    public func curve(at grid: [Int]) throws -> ExpectedCurve {
        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        for n in grid {
            let expectedMDL = try expectedMDL(n)
            let expectedLoss = expectedTestLoss(after: n)
            mdl.append(expectedMDL)
            testLoss.append(expectedLoss)
            edl.append(expectedMDL - Double(n) * expectedLoss)
        }
        return ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss)
    }
}
