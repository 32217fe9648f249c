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

    /// The most Binomial(n, π_j) weights the mixing holds at once (16 bytes
    /// each): checked before any is built (`--n 1...100000` would build
    /// 2.3·10⁸, 4.2 GiB in 17 s).
    static let termLimit = 20_000_000.0

    /// The weights the grid needs for a component of weight `p`: about
    /// 22σ + 1 per point (σ = √(n p (1 − p)), to e^-60 of the mode, √120 ≈ 11 σ each side).
    static func terms(grid: [Int], probability p: Double) -> Double {
        grid.reduce(0) { $0 + 22 * (Double($1) * p * (1 - p)).squareRoot() + 1 }
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
        guard terms(grid: grid, probability: weight) <= termLimit else { return nil }
        let weights = grid.map { BinomialExpectation.weights(trials: $0, probability: weight) }
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
