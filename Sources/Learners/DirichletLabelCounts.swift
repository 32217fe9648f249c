import EDL
import Foundation

/// Label counts with symmetric Dirichlet(α) smoothing: the predictive
/// probability of label y is (c_y + α)/(N + kα).
///
/// α = 1/2 is the Krichevsky–Trofimov (KT) estimator, α = 1 Laplace's rule of
/// succession. The building block of the marginal and per-input learners.
public struct DirichletLabelCounts: Sendable {
    /// The number of labels k.
    public let labelCount: Int
    /// The pseudo-count α added to every label (> 0).
    public let concentration: Double
    /// The number of labels counted, N.
    @inlinable
    public var total: Int { labelsCounted }
    @usableFromInline var labelsCounted = 0
    @usableFromInline var counts: [Int32]
    /// Σ_y log(c_y + α), kept up to date so that the cross-entropy against
    /// uniform labels costs O(1).
    @usableFromInline var sumOfLogSmoothedCounts = CompensatedSum()
    /// Shared logarithms of small smoothed counts (the same bits as computing them).
    @usableFromInline let logs: SmoothedLogTable

    /// No labels counted yet: every label has probability 1/k.
    public init(labelCount: Int, concentration: Double) {
        precondition(labelCount >= 1, "needs at least one label")
        precondition(concentration > 0 && concentration.isFinite, "the concentration must be positive")
        self.labelCount = labelCount
        self.concentration = concentration
        counts = Array(repeating: 0, count: labelCount)
        logs = SmoothedLogTable.shared(labelCount: labelCount, concentration: concentration)
        sumOfLogSmoothedCounts.add(Double(labelCount) * log(concentration))
    }

    /// The count c_y of `label`.
    public func count(of label: Int) -> Int { Int(counts[label]) }

    /// −log p(y) = log(N + kα) − log(c_y + α), in nats.
    @inlinable @inline(always)
    public func codeLength(of label: Int) -> Double {
        logs.logTotal(labelsCounted) - logs.logCount(Int(counts[label]))
    }

    /// Counts one more `label`.
    @inlinable @inline(always)
    public mutating func add(_ label: Int) {
        let step = logs.logCountStep(Int(counts[label]))
        counts[label] += 1
        labelsCounted += 1
        sumOfLogSmoothedCounts.add(step)
    }

    /// The cross-entropy against uniformly distributed labels,
    /// (1/k) Σ_y −log p(y) = log(N + kα) − (1/k) Σ_y log(c_y + α), in nats.
    public var uniformLabelCrossEntropy: Double {
        log(Double(total) + Double(labelCount) * concentration)
            - sumOfLogSmoothedCounts.value / Double(labelCount)
    }
}
