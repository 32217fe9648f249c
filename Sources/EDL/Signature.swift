import Foundation

/// The elicitation/teaching signature of an EDL/n curve measured with
/// standard errors on an n-grid.
///
/// The rule (Docs/Signatures.md): a *significant rise* is a pair of grid
/// points n_i < n_j with m_j − m_i > z·√(se_i² + se_j²), and a significant
/// fall likewise downwards, where z is the one-sided normal quantile at
/// α/(2P) for P = the number of pairs (Bonferroni over rises and falls,
/// α = 5 %): the chance of
/// calling a flat curve's noise a rise is at most α whatever the correlation
/// between grid points (rows of one run share trajectories, which only makes
/// the √(se_i² + se_j²) bound more conservative). Exact curves (SE 0) compare
/// values directly.
///
/// - elicitation: no significant rise;
/// - teaching: a significant rise (usually followed by the fall);
/// - crossover: a significant fall that ends before a significant rise starts
///   (elicitation, then teaching — as a format transient before a capability);
/// - undetermined: no significant rise, but an apparent one of more than 2
///   combined SE; ``replicatesFactor`` says how many times more replicates
///   would make it significant if it is real.
public struct Signature: Sendable, Equatable {
    /// The classes.
    public enum Kind: String, Sendable {
        case elicitation, teaching, crossover, undetermined
    }

    /// The family-wise error rate of the rise and fall tests.
    public static let errorRate = 0.05

    public var kind: Kind
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

    /// Classifies a curve. `standardErrors` are those of the means (0 for
    /// exact values); a missing one (a single replicate) makes comparisons
    /// with that point impossible.
    public init?(n: [Int], means: [Double], standardErrors: [Double?]) {
        guard n.count == means.count, n.count == standardErrors.count, n.count >= 2,
            means.allSatisfy(\.isFinite)
        else { return nil }
        let count = n.count
        let pairs = count * (count - 1) / 2
        // Rises and falls are both tested: α is split over 2P one-sided tests.
        let z = NormalQuantile.value(1 - Self.errorRate / Double(2 * pairs))
        let scale = max(means.map(abs).max() ?? 0, 1e-300)
        func gap(_ i: Int, _ j: Int) -> (difference: Double, sigma: Double)? {
            guard let a = standardErrors[i], let b = standardErrors[j] else { return nil }
            return (means[j] - means[i], (a * a + b * b).squareRoot())
        }
        func significant(_ difference: Double, _ sigma: Double) -> Bool {
            sigma > 0 ? difference > z * sigma : difference > 1e-9 * scale
        }
        var rises: [(Int, Int)] = []
        var falls: [(Int, Int)] = []
        var bestRatio = 0.0
        for i in 0..<count {
            for j in (i + 1)..<count {
                guard let (difference, sigma) = gap(i, j) else { continue }
                if significant(difference, sigma) { rises.append((i, j)) }
                if significant(-difference, sigma) { falls.append((i, j)) }
                if sigma > 0 { bestRatio = max(bestRatio, difference / sigma) }
            }
        }
        let peak = means.indices.max { means[$0] < means[$1] } ?? 0
        peakN = n[peak]
        peakValue = means[peak]
        let close = means.indices.filter { j in
            guard let (difference, sigma) = gap(j, peak) else { return j == peak }
            return !significant(difference, sigma)
        }
        let left = max((close.min() ?? peak) - 1, 0)
        let right = min((close.max() ?? peak) + 1, count - 1)
        peakInterval = n[left]...n[right]
        if rises.isEmpty {
            risingPhase = nil
            if bestRatio > 2 {
                kind = .undetermined
                replicatesFactor = (z / bestRatio) * (z / bestRatio)
            } else {
                kind = .elicitation
                replicatesFactor = nil
            }
            return
        }
        replicatesFactor = nil
        let lowest = (0...peak).min { means[$0] < means[$1] } ?? 0
        risingPhase = n[lowest]...n[peak]
        let firstRiseStart = rises.map(\.0).min() ?? 0
        let crossover = falls.contains { $0.1 <= firstRiseStart }
            || rises.contains { rise in falls.contains { $0.1 <= rise.0 } }
        kind = crossover ? .crossover : .teaching
    }

    /// One line for people.
    public func summary(unit: String) -> String {
        var text = "signature: \(kind.rawValue) · EDL/n peaks at n = \(peakN) (\(peakInterval.lowerBound)…\(peakInterval.upperBound)) · "
            + String(format: "%.5g", peakValue) + " \(unit)/example"
        if let risingPhase { text += " · rising \(risingPhase.lowerBound)…\(risingPhase.upperBound)" }
        if let replicatesFactor {
            text += String(format: " · an apparent rise would need about %.1f× the replicates to decide", replicatesFactor)
        }
        return text
    }
}
