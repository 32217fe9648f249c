import EDL
import Foundation

/// Exact expectations for the noise-free Bayes learner on the `random` and
/// `diagnostic` rule classes of ``HypothesisCollapse``.
///
/// Fix h*. The other m − 1 rules give every ordinary input an independent
/// uniform label, so after the examples have shown d distinct ordinary
/// inputs (and not the diagnostic input), S ~ Binomial(m − 1, k^−d) of them
/// are still consistent and |V_n| = 1 + S. Once the diagnostic input (drawn
/// with probability w) has been seen, |V_n| = 1. Hence, with P(d | n) the
/// occupancy distribution of n draws over M equally likely inputs,
///
///     E MDL(n)  = ln m − (1 − w)^n Σ_d P(d | n) F(d),    F(d) = E ln(1 + S)
///     E L(θ_n)  = (1 − w)^n Σ_d P(d | n) [(1 − w)(M − d)/M · G(d) + w F(d)]
///     G(d)      = E[ln(1 + S) − ln(1 + B)],  B | S ~ Binomial(S, 1/k)
///
/// (an unseen ordinary input is predicted right by the 1 + B consistent rules
/// that agree with h* there; the unseen diagnostic input only by h*).
/// F and G are exact binomial sums; the cost grows like m/√k, so the curve is
/// computed only below ``workLimit``.
struct VersionSpaceTheory {
    /// The largest number of binomial terms the curve may cost (about 2 s).
    static let workLimit = 200_000_000

    var hypothesisCount: Int
    var labelCount: Int
    var inputCount: Int
    var diagnosticWeight: Double

    /// Whether the curve up to `n` stays within ``workLimit``.
    func isAffordable(upTo n: Int) -> Bool {
        let m = Double(hypothesisCount)
        let k = Double(labelCount)
        // G(d) costs ≈ (22√(m k^−d))·(22√(m k^−d / k)); summed over d ≈ 484 m /(√k (1 − 1/k)).
        let nested = 484 * m / k.squareRoot() / (1 - 1 / k)
        let occupancy = Double(n) * Double(min(n, inputCount))
        return nested + occupancy <= Double(Self.workLimit)
    }

    /// ln(1 + j) for the integers j ≥ 0, from a table of the first `count`
    /// (the binomial sums call it millions of times on the same integers).
    private struct LogOnePlusIntegers {
        let table: [Double]

        init(count: Int) { table = (0..<count).map { log1p(Double($0)) } }

        func callAsFunction(_ j: Int) -> Double { j < table.count ? table[j] : log1p(Double(j)) }
    }

    /// The most integers ``LogOnePlusIntegers`` tabulates (16 MiB).
    static let logTableLimit = 1 << 21

    /// E ln(1 + X), X ~ Binomial(trials, p), p in [0, 1].
    private func expectedLogOnePlus(trials: Int, probability p: Double, _ logOnePlus: LogOnePlusIntegers) -> Double {
        if trials == 0 || p == 0 { return 0 }
        if p >= 1 { return logOnePlus(trials) }
        let mode = BinomialExpectation.mode(trials: trials, probability: p)
        let atMode = logOnePlus(mode)
        return atMode
            + BinomialExpectation.meanDifferenceFromMode(trials: trials, probability: p) { logOnePlus($0) - atMode }
    }

    /// F(d) and G(d) for d = 0...largest.
    private func consistentRuleTerms(upTo largest: Int) -> (f: [Double], g: [Double]) {
        let others = hypothesisCount - 1
        let k = Double(labelCount)
        let logOnePlus = LogOnePlusIntegers(count: min(others + 1, Self.logTableLimit))
        var f: [Double] = []
        var g: [Double] = []
        for d in 0...largest {
            let p = pow(k, -Double(d))
            f.append(expectedLogOnePlus(trials: others, probability: p, logOnePlus))
            // G(d) = E_S[ln(1 + S) − E ln(1 + Binomial(S, 1/k))]
            let inner = { (s: Int) in logOnePlus(s) - expectedLogOnePlus(trials: s, probability: 1 / k, logOnePlus) }
            if p >= 1 {
                g.append(inner(others))
            } else if p * Double(others) < 1e-300 {
                g.append(0)
            } else {
                let mode = BinomialExpectation.mode(trials: others, probability: p)
                let atMode = inner(mode)
                g.append(atMode + BinomialExpectation.meanDifferenceFromMode(trials: others, probability: p) { inner($0) - atMode })
            }
        }
        return (f, g)
    }

    func curve(at grid: [Int]) -> ExpectedCurve {
        let largest = grid.last ?? 0
        let logM = log(Double(hypothesisCount))
        let M = inputCount
        let w = diagnosticWeight
        let (f, g) = consistentRuleTerms(upTo: min(largest, M))
        // Occupancy: occupancy[d] = P(d distinct inputs after n draws), advanced draw by draw.
        var occupancy = [1.0] + Array(repeating: 0.0, count: min(largest, M))
        var drawn = 0
        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        for n in grid {
            while drawn < n {
                let top = min(drawn + 1, M)
                for d in stride(from: top, through: 1, by: -1) {
                    occupancy[d] = occupancy[d] * Double(d) / Double(M) + occupancy[d - 1] * Double(M - d + 1) / Double(M)
                }
                occupancy[0] = 0
                drawn += 1
            }
            let undiagnosed = w > 0 ? exp(Double(n) * log1p(-w)) : 1  // (1 − w)^n; 0 when w = 1 and n ≥ 1
            var remaining = 0.0
            var loss = 0.0
            for d in 0..<occupancy.count where occupancy[d] > 0 {
                remaining += occupancy[d] * f[d]
                loss += occupancy[d] * ((1 - w) * Double(M - d) / Double(M) * g[d] + w * f[d])
            }
            let expectedMDL = logM - undiagnosed * remaining
            let expectedLoss = undiagnosed * loss
            mdl.append(expectedMDL)
            testLoss.append(expectedLoss)
            edl.append(expectedMDL - Double(n) * expectedLoss)
        }
        return ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss)
    }
}
