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

    /// Codes then counts `count` labels, each taken from `nextLabel()`,
    /// handing each code length (nats) to `record` before counting the
    /// label: the same numbers, bit for bit, as `count` calls of
    /// ``codeLength(of:)`` then ``add(_:)``, but with the counts made unique
    /// once instead of for every label, and N and Σ log(c_y + α) kept in
    /// registers.
    /// - Precondition: every label lies in `0..<labelCount`.
    @inlinable @inline(always)
    public mutating func codeThenAdd(count: Int, nextLabel: () -> Int, record: (Double) -> Void) {
        let logs = self.logs
        let labelCount = self.labelCount
        var labelsCounted = self.labelsCounted
        var sum = sumOfLogSmoothedCounts
        counts.withUnsafeMutableBufferPointer { counts in
            var remaining = count
            // While N stays inside the tables every count does too (c_y ≤ N):
            // that stretch runs on the tables alone, with no branch to the
            // computed logarithms (whose calls would make the loop keep its
            // sums in memory).
            let inTables = min(remaining, max(0, SmoothedLogTable.size - labelsCounted))
            if inTables > 0 {
                logs.withTables { countLogs, countSteps, totalLogs in
                    for _ in 0..<inTables {
                        let label = nextLabel()
                        precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                        let tally = Int(counts[label])
                        record(totalLogs[labelsCounted] - countLogs[tally])
                        sum.add(countSteps[tally])
                        counts[label] = Int32(truncatingIfNeeded: tally &+ 1)
                        labelsCounted &+= 1
                    }
                }
                remaining -= inTables
            }
            for _ in 0..<remaining {
                let label = nextLabel()
                precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                let tally = Int(counts[label])
                record(logs.logTotal(labelsCounted) - logs.logCount(tally))
                sum.add(logs.logCountStep(tally))
                counts[label] = Int32(tally + 1)
                labelsCounted += 1
            }
        }
        self.labelsCounted = labelsCounted
        sumOfLogSmoothedCounts = sum
    }

    /// Σ_y c_y·(−log p(y)) = Σ_y c_y·(log(N + kα) − log(c_y + α)): the code
    /// length of the labels counted so far under the current estimate, in
    /// nats (the final model's code length on its own training labels).
    /// O(k); every term is ≥ 0, so nothing cancels.
    @inlinable
    public var codeLengthOfCountedLabels: Double {
        let logTotal = logs.logTotal(labelsCounted)
        var sum = CompensatedSum()
        for label in 0..<labelCount {
            let count = Int(counts[label])
            if count > 0 { sum.add(Double(count) * (logTotal - logs.logCount(count))) }
        }
        return sum.value
    }

    /// The cross-entropy against uniformly distributed labels,
    /// (1/k) Σ_y −log p(y) = log(N + kα) − (1/k) Σ_y log(c_y + α), in nats.
    @inlinable
    public var uniformLabelCrossEntropy: Double {
        logs.logTotal(labelsCounted) - sumOfLogSmoothedCounts.value / Double(labelCount)
    }
}
