import EDL
import Foundation

/// A mixture component's expected share of EDL, computed from the component
/// run *alone*: the independent reference for the per-component columns of
/// a mixture run.
///
/// Component j of a mixture sees N ~ Binomial(n, π_j) of the n examples and
/// its share of EDL is MDL_j(N) − n·π_j·L_j(θ_N), so (the lab's derivation,
/// by conditioning on N)
///
///     E[share_j(n)] = Σ_N Binom(N; n, π_j) · (E MDL_j(N) − n·π_j·E L_j(θ_N)),
///
/// where the expectations are those of the component's standalone run at
/// every N (E L_j(θ_N) = (E MDL_j(N) − E EDL_j(N))/N). A component that
/// splits its own code (token classes, or a nested mixture) has one such sum
/// per part. Nothing here goes through the mixture's routing or its scoped
/// accounting, so a mixture that credits a part to the wrong component fails
/// the comparison.
package struct StandaloneShare: Sendable {
    /// The expected share, in nats, at each n asked for.
    package var mean: [Double]
    /// An upper bound on its standard error, in nats: Σ_N w_N (|1 − nπ/N|·SE(MDL(N)) +
    /// (nπ/N)·SE(EDL(N))), the triangle inequality for the correlated terms.
    package var standardErrorBound: [Double]

    /// The tolerance for comparing a mixture run's measured share (mean ± SE)
    /// at the `index`-th of the points with this reference: 4 × (the share's
    /// SE + this reference's SE bound), plus a rounding allowance, in nats.
    package func tolerance(for share: Estimate, at index: Int) -> Double {
        4 * ((share.standardError ?? 0) + standardErrorBound[index]) + 1e-9
    }

    /// The smallest Binomial(n, π) weight of N = 0 that is ignored: that term
    /// (−n·π·L(θ₀)) needs the initial loss, which a standalone run does not
    /// report per part.
    package static let ignoredEmptyWeight = 1e-12

    /// The expected share of part `part` (nil: the component's total) of a
    /// component with weight `weight`, at each of `points`.
    /// - Parameter standalone: the component's own run over the grid 1...max(points), every N.
    /// - Throws: ``LabError`` when the standalone grid is not every N, or when
    ///   N = 0 has a weight above ``ignoredEmptyWeight`` at some n.
    package init(part: Int?, weight: Double, points: [Int], standalone: ExperimentResult) throws {
        let rows = standalone.rows
        guard let largest = points.max(), rows.count >= largest,
            rows.indices.allSatisfy({ rows[$0].n == $0 + 1 })
        else { throw LabError("a standalone share needs the component's run at every N in 1...\(points.max() ?? 0)") }
        mean = []
        standardErrorBound = []
        for n in points {
            let emptyWeight = exp(Double(n) * log1p(-weight))
            guard emptyWeight <= Self.ignoredEmptyWeight else {
                throw LabError("n = \(n) with weight \(weight) gives N = 0 a weight \(emptyWeight) > \(Self.ignoredEmptyWeight)")
            }
            let expected = Double(n) * weight
            var sum = CompensatedSum()
            var bound = 0.0
            for count in 1...n {
                let logWeight =
                    lgamma(Double(n) + 1) - lgamma(Double(count) + 1) - lgamma(Double(n - count) + 1)
                    + Double(count) * log(weight) + Double(n - count) * log1p(-weight)
                let w = exp(logWeight)
                guard w > 0 else { continue }
                let row = rows[count - 1]
                let (mdl, edl) = part.map { (row.parts[$0].mdl, row.parts[$0].edl) } ?? (row.mdl, row.edl)
                let ratio = expected / Double(count)
                // MDL − nπ·(MDL − EDL)/N
                sum.add(w * (mdl.mean * (1 - ratio) + ratio * edl.mean))
                bound += w * (abs(1 - ratio) * (mdl.standardError ?? 0) + ratio * (edl.standardError ?? 0))
            }
            mean.append(sum.value)
            standardErrorBound.append(bound)
        }
    }
}
