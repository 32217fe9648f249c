import EDL
import Foundation

/// Exact expectations for the ``Learners/Memoriser`` on random labels with a
/// finite input space of M inputs.
///
/// Labels are independent of inputs, so after i examples an input x has been
/// seen N_x ~ Binomial(i, 1/M) times and the marginal holds i labels. With
/// f(j) the expected uniform-label loss of Dirichlet(α) counts after j labels
/// (``DirichletMarginalTheory/expectedTestLoss(after:)``):
///
///     g(i) = E L(θ_i) = P(N_x = 0)·f(i) + Σ_{j ≥ 1} P(N_x = j)·f(j)
///
/// Example i is independent of θ_{i−1}, so its expected code length is
/// g(i − 1), and E EDL(n) = Σ_{i<n} g(i) − n·g(n). This needs g at every
/// i < n, so the cost grows like n^1.5/√k.
struct MemoriserTheory {
    /// The largest number of binomial terms the curve may cost (about 3 s on
    /// one core of the reference machine; n = 10^5 with k = 2 fits).
    static let workLimit = 400_000_000

    var labelCount: Int
    var concentration: Double
    var inputCount: Int

    /// Whether the curve up to `n` stays within ``workLimit``.
    func isAffordable(upTo n: Int) -> Bool {
        // f(j) costs about 22·√(j/k) terms; the sum over j ≤ n is ≈ 15 n^1.5/√k.
        let estimate = 15 * pow(Double(n), 1.5) / Double(labelCount).squareRoot()
        return estimate <= Double(Self.workLimit)
    }

    func curve(at grid: [Int]) -> ExpectedCurve {
        let largest = grid.max() ?? 0
        let marginal = DirichletMarginalTheory(labelCount: labelCount, concentration: concentration)
        let f = (0...largest).map { marginal.expectedTestLoss(after: $0) }

        func g(_ i: Int) -> Double {
            guard inputCount > 1, i > 0 else { return f[i] }
            // E over N_x ~ Binomial(i, 1/M) of f(N_x) where N_x ≥ 1, plus the unseen term.
            let p = 1 / Double(inputCount)
            let mode = BinomialExpectation.mode(trials: i, probability: p)
            let seenPart = BinomialExpectation.meanDifferenceFromMode(trials: i, probability: p) { j in
                (j == 0 ? f[i] : f[j]) - (mode == 0 ? f[i] : f[mode])
            }
            return (mode == 0 ? f[i] : f[mode]) + seenPart
        }

        var edl: [Double] = []
        var mdl: [Double] = []
        var testLoss: [Double] = []
        var cumulative = CompensatedSum()
        var next = 0
        for n in grid {
            precondition(n >= next, "the grid must be ascending")
            while next < n {
                cumulative.add(g(next))
                next += 1
            }
            let loss = g(n)
            mdl.append(cumulative.value)
            testLoss.append(loss)
            edl.append(cumulative.difference(subtractingProductOf: Double(n), and: loss))
        }
        return ExpectedCurve(n: grid, edl: edl, mdl: mdl, testLoss: testLoss)
    }
}
