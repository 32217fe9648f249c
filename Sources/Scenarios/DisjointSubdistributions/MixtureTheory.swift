import EDL
import Foundation

/// Exact expectations for a mixture of components on disjoint inputs.
///
/// Component j receives N_j ~ Binomial(n, π_j) of the n examples, and its
/// stream is independent of how the examples interleave, so its share of EDL,
/// Σ over its examples of ℓ_i − n π_j L_j(θ_n), has expectation
///
///     E share_j(n) = Σ_N P(N_j = N) [E MDL_j(N) − n π_j E L_j(N)]
///
/// where E MDL_j and E L_j are the component's own exact curves. A frozen
/// component codes every example at L_j(θ₀) and keeps that loss: share 0.
struct MixtureTheory {
    /// The most component grid points the mixing may ask a component for.
    static let pointLimit = 200_000

    /// Binomial(n, p) weights on the counts that matter: (count, weight).
    static func binomialWeights(trials n: Int, probability p: Double) -> [(count: Int, weight: Double)] {
        if p <= 0 || n == 0 { return [(0, 1)] }
        if p >= 1 { return [(n, 1)] }
        let mode = BinomialExpectation.mode(trials: n, probability: p)
        let odds = p / (1 - p)
        let cutoff = exp(-60.0)
        var terms = [(count: mode, weight: 1.0)]
        var weight = 1.0
        var c = mode
        while c < n {
            weight *= Double(n - c) / Double(c + 1) * odds
            c += 1
            if weight < cutoff { break }
            terms.append((c, weight))
        }
        weight = 1
        c = mode
        while c > 0 {
            weight *= Double(c) / Double(n - c + 1) / odds
            c -= 1
            if weight < cutoff { break }
            terms.append((c, weight))
        }
        let total = terms.reduce(0) { $0 + $1.weight }
        return terms.sorted { $0.count < $1.count }.map { ($0.count, $0.weight / total) }
    }

    /// E share_j(n), E MDL_j(n) and E (π_j L_j)(n) at the grid, or `nil` when
    /// the component has no exact MDL and test-loss curve (or would need too
    /// many points).
    static func share(
        of component: any Scenario, weight: Double, frozen: Bool, grid: [Int]
    ) throws -> (edl: [Double], mdl: [Double], testLoss: [Double])? {
        if frozen {
            guard let start = try component.expectedCurve(at: [0]), let initial = start.testLoss?.first else {
                return (grid.map { _ in 0 }, [], [])
            }
            return (
                grid.map { _ in 0 }, grid.map { Double($0) * weight * initial }, grid.map { _ in weight * initial }
            )
        }
        let weights = grid.map { binomialWeights(trials: $0, probability: weight) }
        let counts = Array(Set(weights.flatMap { $0.map(\.count) })).sorted()
        guard counts.count <= pointLimit else { return nil }
        guard let curve = try component.expectedCurve(at: counts), let mdl = curve.mdl, let loss = curve.testLoss
        else { return nil }
        var position: [Int: Int] = [:]
        for (index, count) in counts.enumerated() { position[count] = index }
        var edl: [Double] = []
        var expectedMDL: [Double] = []
        var expectedLoss: [Double] = []
        for (n, terms) in zip(grid, weights) {
            var share = CompensatedSum()
            var code = CompensatedSum()
            var test = CompensatedSum()
            for (count, probability) in terms {
                guard let index = position[count] else { continue }
                code.add(probability * mdl[index])
                test.add(probability * weight * loss[index])
                share.add(probability * (mdl[index] - Double(n) * weight * loss[index]))
            }
            edl.append(share.value)
            expectedMDL.append(code.value)
            expectedLoss.append(test.value)
        }
        return (edl, expectedMDL, expectedLoss)
    }
}
