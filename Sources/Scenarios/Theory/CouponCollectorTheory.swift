import EDL
import Foundation

/// The coupon-collector closed form (Docs/Theory.md, toy model M4): K concepts with
/// probabilities p_c; a concept costs Δ nats before its first sighting and 0
/// after (L_low = 0). By linearity over concepts,
///
///     E L(θ_n)   = Δ Σ_c p_c (1 − p_c)^n
///     E MDL(n)   = Σ_{i<n} E L(θ_i) = Δ Σ_c [1 − (1 − p_c)^n]
///     E EDL(n)   = Δ Σ_c [1 − (1 + n p_c)(1 − p_c)^n]
///
/// (for uniform p_c = 1/K: Δ[K(1 − q^n) − n q^n], q = 1 − 1/K).
public struct CouponCollectorTheory: Sendable {
    /// The concept probabilities p_c as (probability, how many concepts
    /// have it): one group for uniform frequencies, so a grid point costs O(1).
    public var groups: [(probability: Double, count: Int)]
    /// Δ = L_high − L_low, in nats.
    public var gap: Double

    /// Creates the theory for concept probabilities and gap Δ (nats).
    public init(probabilities: [Double], gap: Double) {
        self.groups = probabilities.map { ($0, 1) }
        self.gap = gap
    }

    /// Creates the theory for concept probabilities given as groups of equal
    /// value, and gap Δ (nats).
    public init(groups: [(probability: Double, count: Int)], gap: Double) {
        self.groups = groups
        self.gap = gap
    }

    /// Creates the theory for `count` equally likely concepts and gap Δ (nats).
    public init(uniformOver count: Int, gap: Double) {
        self.groups = [(1 / Double(count), count)]
        self.gap = gap
    }

    /// E[EDL(n)]/n in nats per example.
    public func expectedEDLPerExample(_ n: Int) -> Double {
        var sum = CompensatedSum()
        let count = Double(n)
        for (p, multiplicity) in groups {
            let logUnseen = p < 1 ? count * log1p(-p) : (n == 0 ? 0 : -.infinity)
            sum.add(Double(multiplicity) * (-expm1(logUnseen) - count * p * exp(logUnseen)))
        }
        return gap * sum.value / count
    }

    /// ln (1 − p) per group (0 where p = 1, which ``logUnseen(_:_:_:)`` handles apart).
    private var logStayProbabilities: [Double] { groups.map { $0.probability < 1 ? log1p(-$0.probability) : 0 } }

    /// ln (1 − p)^n = n·log1p(−p), from log1p(−p); a concept of probability 1 is seen at once.
    @inline(__always)
    private static func logUnseen(_ n: Int, _ p: Double, _ logStay: Double) -> Double {
        p < 1 ? Double(n) * logStay : (n == 0 ? 0 : -.infinity)
    }

    /// The integer n ≥ 1 that maximises E[EDL(n)]/n, and that maximum (nats
    /// per example), searched up to `limit`: a log grid brackets the peak,
    /// then every integer in the bracket is tried when that is cheap, else a
    /// golden-section search on the integers narrows it.
    /// The most probability-group evaluations ``peakOfEDLPerExample(limit:)`` is asked to make
    /// where a command only reports the peak (`edl describe`): about 2 s.
    public static let peakWorkLimit = 2e8

    /// The probability-group evaluations ``peakOfEDLPerExample(limit:)`` makes: about
    /// (log₁.₀₅ limit + 3) grid points, each over every group.
    public func peakWork(limit: Int) -> Double {
        (log(Double(max(limit, 2))) / log(1.05) + 3) * Double(groups.count)
    }

    public func peakOfEDLPerExample(limit: Int) -> (n: Int, value: Double) {
        let top = max(limit, 2)
        var candidates = [1]
        var value = 1.0
        while Int(value) < top {
            value *= 1.05
            if Int(value) > candidates[candidates.count - 1] { candidates.append(min(Int(value), top)) }
        }
        let values = candidates.map(expectedEDLPerExample)
        let best = values.indices.max { values[$0] < values[$1] } ?? 0
        var low = candidates[max(best - 1, 0)]
        var high = candidates[min(best + 1, candidates.count - 1)]
        if (high - low) * groups.count > 20_000_000 {
            while high - low > 2 {
                let a = low + (high - low) / 3
                let b = high - (high - low) / 3
                if expectedEDLPerExample(a) < expectedEDLPerExample(b) { low = a } else { high = b }
            }
        }
        var peak = (n: low, value: expectedEDLPerExample(low))
        for n in low...high {
            let current = expectedEDLPerExample(n)
            if current > peak.value { peak = (n, current) }
        }
        return peak
    }

    /// The expected curve at the grid points, in nats.
    public func curve(at grid: [Int]) -> ExpectedCurve {
        curveAndCoverage(at: grid).curve
    }

    /// The expected curve at the grid points, in nats, and the expected
    /// coverage there, E[coverage(n)] = Σ_c p_c (1 − (1 − p_c)^n) (the
    /// expected probability mass of the concepts seen in n examples), from
    /// one pass over the groups per point (each group's log1p(−p) computed once).
    public func curveAndCoverage(at grid: [Int]) -> (curve: ExpectedCurve, coverage: [Double]) {
        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        var coverage: [Double] = []
        let logStays = logStayProbabilities
        for n in grid {
            let count = Double(n)
            var edlSum = CompensatedSum()
            var mdlSum = CompensatedSum()
            var lossSum = CompensatedSum()
            var coverageSum = CompensatedSum()
            for (index, (p, multiplicity)) in groups.enumerated() {
                let logUnseen = Self.logUnseen(n, p, logStays[index])
                let unseen = exp(logUnseen)
                let seen = -expm1(logUnseen)
                let m = Double(multiplicity)
                mdlSum.add(m * seen)
                edlSum.add(m * (seen - count * p * unseen))
                lossSum.add(m * p * unseen)
                coverageSum.add(m * p * seen)
            }
            edl.append(gap * edlSum.value)
            mdl.append(gap * mdlSum.value)
            testLoss.append(gap * lossSum.value)
            coverage.append(coverageSum.value)
        }
        return (ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss), coverage)
    }
}
