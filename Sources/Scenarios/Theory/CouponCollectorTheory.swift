import EDL
import Foundation

/// The coupon-collector closed form (THEORY.md, toy model 4): K concepts with
/// probabilities p_c; a concept costs Δ nats before its first sighting and 0
/// after (L_low = 0). By linearity over concepts,
///
///     E L(θ_n)   = Δ Σ_c p_c (1 − p_c)^n
///     E MDL(n)   = Σ_{i<n} E L(θ_i) = Δ Σ_c [1 − (1 − p_c)^n]
///     E EDL(n)   = Δ Σ_c [1 − (1 + n p_c)(1 − p_c)^n]
///
/// (for uniform p_c = 1/K: Δ[K(1 − q^n) − n q^n], q = 1 − 1/K).
public struct CouponCollectorTheory: Sendable {
    /// The concept probabilities p_c (summing to 1).
    public var probabilities: [Double]
    /// Δ = L_high − L_low, in nats.
    public var gap: Double

    /// Creates the theory for concept probabilities and gap Δ (nats).
    public init(probabilities: [Double], gap: Double) {
        self.probabilities = probabilities
        self.gap = gap
    }

    /// The expected curve at the grid points, in nats.
    public func curve(at grid: [Int]) -> ExpectedCurve {
        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        for n in grid {
            let count = Double(n)
            var edlSum = CompensatedSum()
            var mdlSum = CompensatedSum()
            var lossSum = CompensatedSum()
            for p in probabilities {
                // ln (1 − p)^n = n·log1p(−p); a concept of probability 1 is seen at once.
                let logUnseen = p < 1 ? count * log1p(-p) : (n == 0 ? 0 : -.infinity)
                let unseen = exp(logUnseen)
                let seen = -expm1(logUnseen)
                mdlSum.add(seen)
                edlSum.add(seen - count * p * unseen)
                lossSum.add(p * unseen)
            }
            edl.append(gap * edlSum.value)
            mdl.append(gap * mdlSum.value)
            testLoss.append(gap * lossSum.value)
        }
        return ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss)
    }
}
