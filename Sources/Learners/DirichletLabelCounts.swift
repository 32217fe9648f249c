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
    /// The counts at the start of the last summed stretch (scratch for
    /// ``addSummed(count:nextLabel:)``).
    @usableFromInline var countsBefore: [Int32] = []
    /// Σ_y log(c_y + α), kept up to date so that the cross-entropy against
    /// uniform labels costs O(1).
    @usableFromInline var sumOfLogSmoothedCounts = CompensatedSum()
    /// Shared logarithms of small smoothed counts (the same bits as computing them).
    @usableFromInline var logs: SmoothedLogTable

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

    /// The most bytes the logarithm table shared by every Dirichlet learner
    /// of one (k, α) touches in a run whose counts reach `examples` (it grows
    /// past its first 4096 counts as learners reach them, to 2^20 at most).
    public static func sharedTableBytes(examples: Int) -> Double {
        SmoothedLogTable.sharedBytes(examples: examples)
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
    /// registers. A stretch of at least k labels whose counts stay inside
    /// the shared table is summed instead and handed to `recordStretch` as
    /// one total (``addSummed(count:nextLabel:)``): no code length per label.
    /// - Precondition: every label lies in `0..<labelCount`.
    @inlinable @inline(always)
    public mutating func codeThenAdd(
        count: Int, nextLabel: () -> Int, record: (Double) -> Void,
        recordStretch: (_ labels: Int, _ codeLength: CompensatedSum) -> Void
    ) {
        // The stretch's totals are all needed: the shared table is filled that far first.
        logs.coverTotals(below: labelsCounted + count)
        if count >= labelCount, labelsCounted + count <= logs.totalsCovered {
            let largestCount = Int(counts.max() ?? 0)
            logs.coverCounts(below: largestCount + count + 1)
            if largestCount + count < logs.countsCovered {
                recordStretch(count, addSummed(count: count, nextLabel: nextLabel))
                return
            }
        }
        var logs = self.logs
        let labelCount = self.labelCount
        var labelsCounted = self.labelsCounted
        var sum = sumOfLogSmoothedCounts
        counts.withUnsafeMutableBufferPointer { counts in
            var remaining = count
            // While N stays inside the table of totals and every count inside
            // the table of counts, the loop runs on the tables alone, with
            // no branch (a call would make it keep its sums in memory): first
            // as long as no count can reach the end of the table of counts,
            // then filling that table as counts reach it.
            let inTables = min(remaining, max(0, logs.totalsCovered - labelsCounted))
            let largestCount = Int(counts.max() ?? 0)
            let unchecked = min(inTables, max(0, logs.countsCovered - largestCount - 1))
            let (countLogs, countSteps, totalLogs) = (logs.countLogs, logs.countSteps, logs.totalLogs)
            for _ in 0..<unchecked {
                let label = nextLabel()
                precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                let tally = Int(counts[label])
                record(totalLogs[labelsCounted] - countLogs[tally])
                sum.add(countSteps[tally])
                counts[label] = Int32(truncatingIfNeeded: tally &+ 1)
                labelsCounted &+= 1
            }
            for _ in unchecked..<inTables {
                let label = nextLabel()
                precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                let tally = Int(counts[label])
                if tally >= logs.countsCovered { logs.coverCounts(below: tally + 1) }  // once per block of counts
                record(totalLogs[labelsCounted] - countLogs[tally])
                sum.add(countSteps[tally])
                counts[label] = Int32(truncatingIfNeeded: tally &+ 1)
                labelsCounted &+= 1
            }
            remaining -= inTables
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
        self.logs = logs
        self.labelsCounted = labelsCounted
        sumOfLogSmoothedCounts = sum
    }

    /// Counts `count` labels taken from `nextLabel()` and returns the sum
    /// of their code lengths, in nats: the labels' prequential code length
    /// depends only on the counts before and after (it is −log of the
    /// Dirichlet-multinomial probability of the sequence), Σ_{N = N₀}^{N₁ − 1}
    /// log(N + kα) − Σ_y Σ_{c = c_y⁰}^{c_y¹ − 1} log(c + α), taken from the
    /// shared table's running sums. Per label only a count is kept; the
    /// total equals the sum of the per-label code lengths up to rounding.
    /// - Precondition: the totals up to N + `count` and every count up to its
    ///   largest + `count` lie inside the shared table; every label lies in `0..<labelCount`.
    @inlinable @inline(always)
    mutating func addSummed(count: Int, nextLabel: () -> Int) -> CompensatedSum {
        // The counts before the stretch, in storage of their own kept for
        // the next stretch (a copy of `counts` would share its buffer, and
        // the first increment would then allocate a new one every stretch).
        if countsBefore.count == counts.count {
            countsBefore.withUnsafeMutableBufferPointer { before in
                _ = counts.withUnsafeBufferPointer { before.update(fromContentsOf: $0) }
            }
        } else {
            countsBefore = counts.withUnsafeBufferPointer { Array($0) }
        }
        let before = countsBefore
        let labelCount = self.labelCount
        counts.withUnsafeMutableBufferPointer { counts in
            for _ in 0..<count {
                let label = nextLabel()
                precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                counts[label] &+= 1
            }
        }
        var codeLength = logs.sumOfLogTotals(from: labelsCounted, to: labelsCounted + count)
        for label in 0..<labelCount where counts[label] != before[label] {
            let (start, end) = (Int(before[label]), Int(counts[label]))
            codeLength.add(logs.sumOfLogCounts(from: end, to: start))
            sumOfLogSmoothedCounts.add(logs.countLogs[end])
            sumOfLogSmoothedCounts.add(-logs.countLogs[start])
        }
        labelsCounted += count
        return codeLength
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
