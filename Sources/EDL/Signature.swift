import Foundation

/// The lab's verdict on an EDL/n curve measured with standard errors on an
/// n-grid: whether the learner took generalisable structure at all, and if
/// so whether the curve's shape reads as elicitation or teaching.
///
/// The rule (Docs/Signatures.md):
///
/// - `none`: no generalisable structure in the window — the generalisation
///   gain L(θ₀) − L(θ_last) is not significantly above 0 (one-sided, 5 %),
///   or EDL/n stays below ``negligibleFraction`` of L(θ₀) at every grid point;
/// - otherwise a *significant rise* is a pair of grid points n_i < n_j with
///   m_j − m_i > z·√(se_i² + se_j²), and a significant fall likewise
///   downwards, where z is the one-sided normal quantile at α/(2P) for P =
///   the number of pairs (Bonferroni over rises and falls, α = 5 %): the
///   chance of calling a flat curve's noise a rise is at most α whatever the
///   correlation between grid points. Each point is compared with the lowest
///   (for rises) or highest (for falls) point before it, so the verdict
///   costs O(G) for G grid points. Exact curves (SE 0) compare values directly;
/// - `elicitation`: no significant rise;
/// - `teaching`: a significant rise (usually followed by the fall);
/// - `crossover`: a significant fall that ends before a significant rise starts;
/// - `undetermined`: no significant rise, but an apparent one of more than 2
///   combined SE; ``replicatesFactor`` says how many times more replicates
///   would make it significant if it is real.
///
/// Every verdict names its window (the grid's first and last n) and carries
/// ``warnings``: a grid of fewer than ``minimumPoints`` points, a peak at
/// the first grid point when that point is not n = 1 (the curve's peak may
/// lie before the window), and a test loss that rises (above L(θ₀) or above
/// an earlier grid point): the learner is not population-monotonic there,
/// so E[EDL] may be negative and a rise may have nothing to do with
/// structure.
public struct Signature: Sendable, Equatable {
    /// The classes.
    public enum Kind: String, Sendable, CaseIterable {
        case none, elicitation, teaching, crossover, undetermined
    }

    /// A reason to read a verdict with care.
    public enum Warning: Sendable, Equatable {
        /// The grid has this many points, fewer than ``Signature/minimumPoints``.
        case fewPoints(Int)
        /// EDL/n is largest at the grid's first point, n > 1: its peak may lie before the window.
        case peakBeforeWindow(firstN: Int)
        /// The test loss rises significantly from n = `from` (0: θ₀) to n = `to`.
        case notMonotonic(from: Int, to: Int)

        /// The warning in words.
        public var text: String {
            switch self {
            case .fewPoints(let count):
                "only \(count) grid point\(count == 1 ? "" : "s") (fewer than \(Signature.minimumPoints)): the shape is barely sampled"
            case .peakBeforeWindow(let firstN):
                "EDL/n is largest at the first grid point n = \(firstN): its peak may lie before the window; start the grid at n = 1"
            case .notMonotonic(let from, let to):
                "the test loss rises from n = \(from) to n = \(to): the learner is not population-monotonic there, "
                    + "so E[EDL] can be negative and a rise need not mean learning"
            }
        }

        /// A short code for CSV and JSON.
        public var code: String {
            switch self {
            case .fewPoints: "few_points"
            case .peakBeforeWindow: "peak_before_window"
            case .notMonotonic: "not_monotonic"
            }
        }
    }

    /// What the learner gained over the window, for the `none` class and
    /// the monotonicity warning: L(θ₀) and the test loss at every grid point,
    /// in the curve's unit.
    public struct Learning: Sendable, Equatable {
        /// L(θ₀), per example.
        public var initialLoss: Double
        /// The mean test loss at each grid point.
        public var testLoss: [Double]
        /// Their standard errors (nil for a single replicate).
        public var testLossErrors: [Double?]

        /// Creates the record of what was learned.
        public init(initialLoss: Double, testLoss: [Double], testLossErrors: [Double?]) {
            self.initialLoss = initialLoss
            self.testLoss = testLoss
            self.testLossErrors = testLossErrors
        }
    }

    /// The family-wise error rate of the rise and fall tests.
    public static let errorRate = 0.05
    /// EDL/n below this fraction of L(θ₀) everywhere in the window is `none`.
    public static let negligibleFraction = 0.01
    /// Fewer grid points than this draw a warning.
    public static let minimumPoints = 5

    public var kind: Kind
    /// The grid's first and last n.
    public var window: ClosedRange<Int>
    /// The n of the largest EDL/n.
    public var peakN: Int
    /// An interval for the peak's location: it reaches out to the nearest grid
    /// points on either side that are significantly below the peak (the peak
    /// lies between them), or to the ends of the grid.
    public var peakInterval: ClosedRange<Int>
    /// The largest EDL/n (in the curve's unit).
    public var peakValue: Double
    /// From the lowest point before the peak to the peak, when there is a significant rise.
    public var risingPhase: ClosedRange<Int>?
    /// For `undetermined`: the factor by which to multiply the replicates.
    public var replicatesFactor: Double?
    /// Reasons to read the verdict with care, in the order found.
    public var warnings: [Warning] = []

    /// Classifies a curve. `standardErrors` are those of the means (0 for
    /// exact values); a missing one (a single replicate) makes comparisons
    /// with that point impossible. Without `learning` the `none` class and
    /// the monotonicity warning are not decided.
    public init?(n: [Int], means: [Double], standardErrors: [Double?], learning: Learning? = nil) {
        guard n.count == means.count, n.count == standardErrors.count, n.count >= 2,
            means.allSatisfy(\.isFinite), let first = n.first, let last = n.last, first <= last
        else { return nil }
        let count = n.count
        window = first...last
        let pairs = Double(count) * Double(count - 1) / 2
        // Rises and falls are both tested: α is split over 2P one-sided tests.
        let z = NormalQuantile.value(1 - Self.errorRate / (2 * pairs))
        let scale = max(means.map(abs).max() ?? 0, 1e-300)
        func gap(_ i: Int, _ j: Int) -> (difference: Double, sigma: Double)? {
            guard let a = standardErrors[i], let b = standardErrors[j] else { return nil }
            return (means[j] - means[i], (a * a + b * b).squareRoot())
        }
        func significant(_ difference: Double, _ sigma: Double) -> Bool {
            sigma > 0 ? difference > z * sigma : difference > 1e-9 * scale
        }
        // One pass: each point against the lowest and the highest point before it.
        var lowest = 0
        var highest = 0
        var rises = false
        var firstFallEnd: Int?
        var bestRatio = 0.0
        var riseAfterFall = false
        // The lowest point at or after the first fall's end, for a rise that starts after it.
        var lowestAfterFall: Int?
        for j in 1..<count {
            if let (difference, sigma) = gap(lowest, j) {
                if significant(difference, sigma) { rises = true }
                if sigma > 0 { bestRatio = max(bestRatio, difference / sigma) }
            }
            if let start = lowestAfterFall, start < j, let (difference, sigma) = gap(start, j), significant(difference, sigma) {
                riseAfterFall = true
            }
            if firstFallEnd == nil, let (difference, sigma) = gap(highest, j), significant(-difference, sigma) {
                firstFallEnd = j
            }
            if let end = firstFallEnd {
                if let start = lowestAfterFall {
                    if means[j] < means[start] { lowestAfterFall = j }
                } else {
                    lowestAfterFall = end
                }
            }
            if means[j] < means[lowest] { lowest = j }
            if means[j] > means[highest] { highest = j }
        }
        let peak = means.indices.max { means[$0] < means[$1] } ?? 0
        peakN = n[peak]
        peakValue = means[peak]
        // The points not significantly below the peak; the interval reaches one grid point beyond them.
        var closeLow = peak
        var closeHigh = peak
        for j in means.indices {
            let isClose: Bool
            if let (difference, sigma) = gap(j, peak) { isClose = !significant(difference, sigma) } else { isClose = j == peak }
            if isClose {
                closeLow = min(closeLow, j)
                closeHigh = max(closeHigh, j)
            }
        }
        let left = max(closeLow - 1, 0)
        let right = min(closeHigh + 1, count - 1)
        peakInterval = n[left]...n[right]

        if count < Self.minimumPoints { warnings.append(.fewPoints(count)) }
        if peak == 0, first > 1 { warnings.append(.peakBeforeWindow(firstN: first)) }
        var learnedNothing = false
        if let learning, learning.testLoss.count == count {
            if let rise = Self.lossRise(learning, n: n) { warnings.append(.notMonotonic(from: rise.from, to: rise.to)) }
            let initial = learning.initialLoss
            let finalGain = initial - learning.testLoss[count - 1]
            let gainError = learning.testLossErrors[count - 1] ?? 0
            let gainShown =
                gainError > 0 ? finalGain > NormalQuantile.value(1 - Self.errorRate) * gainError
                : finalGain > 1e-9 * max(1, abs(initial))
            let negligible = means.allSatisfy { $0 < Self.negligibleFraction * initial }
            learnedNothing = !gainShown || negligible
        }

        replicatesFactor = nil
        risingPhase = nil
        if learnedNothing {
            kind = .none
        } else if !rises {
            if bestRatio > 2 {
                kind = .undetermined
                replicatesFactor = (z / bestRatio) * (z / bestRatio)
            } else {
                kind = .elicitation
            }
        } else {
            let lowestBeforePeak = (0...peak).min { means[$0] < means[$1] } ?? 0
            risingPhase = n[lowestBeforePeak]...n[peak]
            kind = riseAfterFall ? .crossover : .teaching
        }
    }

    /// The first significant rise of the test loss, from L(θ₀) (n = 0) or a
    /// lower earlier grid point to a later one: one-sided 5 %, each point
    /// against the lowest before it.
    private static func lossRise(_ learning: Learning, n: [Int]) -> (from: Int, to: Int)? {
        let z = NormalQuantile.value(1 - errorRate)
        let scale = max(abs(learning.initialLoss), 1)
        var lowest: (n: Int, loss: Double, error: Double) = (0, learning.initialLoss, 0)
        for (index, loss) in learning.testLoss.enumerated() {
            let error = learning.testLossErrors[index] ?? 0
            let sigma = (lowest.error * lowest.error + error * error).squareRoot()
            let rise = loss - lowest.loss
            if sigma > 0 ? rise > z * sigma : rise > 1e-9 * scale { return (lowest.n, n[index]) }
            if loss < lowest.loss { lowest = (n[index], loss, error) }
        }
        return nil
    }

    /// One line for people.
    public func summary(unit: String) -> String {
        var text = "signature: \(kind.rawValue) over n = \(window.lowerBound)…\(window.upperBound)"
        if kind == .none {
            text += " (no generalisable structure: no significant generalisation gain, or EDL/n below "
                + String(format: "%g", Self.negligibleFraction * 100) + " % of L(θ₀))"
        }
        text += " · EDL/n peaks at n = \(peakN) (\(peakInterval.lowerBound)…\(peakInterval.upperBound)) · "
            + String(format: "%.5g", peakValue) + " \(unit)/example"
        if let risingPhase { text += " · rising \(risingPhase.lowerBound)…\(risingPhase.upperBound)" }
        if let replicatesFactor {
            text += String(format: " · an apparent rise would need about %.1f× the replicates to decide", replicatesFactor)
        }
        for warning in warnings { text += "\nwarning: " + warning.text }
        return text
    }
}
