import Foundation
import Synchronization

/// Logarithms of smoothed integer counts for a Dirichlet(α) learner with k
/// labels: log(c + α), log1p(1/(c + α)), log(N + kα) and log1p(1/(N + kα)).
///
/// Counts below ``size`` are read from tables built with exactly the
/// expression that computes a value beyond them, so a lookup returns the
/// same bits as computing it. One table per (α, k) is built per process and
/// shared by every learner (a value whose four arrays are never written, so
/// copies share their storage), so replicates pay nothing for it. A struct,
/// not a class: its lookups are `@inline(always)` into the learners' loops
/// (as a class method they crashed Swift 6.3.1's IRGen in one
/// specialisation, and without forced inlining they stayed real calls).
@usableFromInline
struct SmoothedLogTable: Sendable {
    /// The number of counts covered (0..<size).
    @usableFromInline static let size = 4096

    /// k.
    @usableFromInline let labelCount: Int
    /// α.
    @usableFromInline let concentration: Double
    @usableFromInline let countLogs: [Double]
    @usableFromInline let countSteps: [Double]
    @usableFromInline let totalLogs: [Double]
    @usableFromInline let totalSteps: [Double]

    private init(labelCount: Int, concentration: Double) {
        self.labelCount = labelCount
        self.concentration = concentration
        countLogs = (0..<Self.size).map { Self.computedLogCount($0, concentration) }
        countSteps = (0..<Self.size).map { Self.computedLogCountStep($0, concentration) }
        totalLogs = (0..<Self.size).map { Self.computedLogTotal($0, labelCount, concentration) }
        totalSteps = (0..<Self.size).map { Self.computedLogTotalStep($0, labelCount, concentration) }
    }

    /// log(c + α).
    @inlinable @inline(always)
    func logCount(_ count: Int) -> Double {
        count < Self.size ? countLogs[count] : Self.computedLogCount(count, concentration)
    }

    /// log1p(1/(c + α)): the change of log(c + α) when c grows by one.
    @inlinable @inline(always)
    func logCountStep(_ count: Int) -> Double {
        count < Self.size ? countSteps[count] : Self.computedLogCountStep(count, concentration)
    }

    /// log(N + kα).
    @inlinable @inline(always)
    func logTotal(_ total: Int) -> Double {
        total < Self.size ? totalLogs[total] : Self.computedLogTotal(total, labelCount, concentration)
    }

    /// log1p(1/(N + kα)): the change of log(N + kα) when N grows by one.
    @inlinable @inline(always)
    func logTotalStep(_ total: Int) -> Double {
        total < Self.size ? totalSteps[total] : Self.computedLogTotalStep(total, labelCount, concentration)
    }

    /// How much the code length of one input's examples under their own
    /// smoothed counts, N·log(N + kα) − Σ_y c_y·log(c_y + α), grows when one
    /// more example with a label counted c times (of N) joins them, in nats:
    /// ℓ + (N + 1)·log1p(1/(N + kα)) − (c + 1)·log1p(1/(c + α)), where
    /// `codeLength` ℓ = log(N + kα) − log(c + α) is the new example's code
    /// length and `totalStep`, `countStep` are the two log1p terms (the
    /// caller has them already).
    @inlinable @inline(always)
    func ownCodeLengthChange(
        total: Int, count: Int, codeLength: Double, totalStep: Double, countStep: Double
    ) -> Double {
        codeLength + Double(total + 1) * totalStep - Double(count + 1) * countStep
    }

    /// Runs `body` with the tables of log(c + α), log1p(1/(c + α)) and
    /// log(N + kα), each ``size`` long, as buffers without bounds checks
    /// (the caller keeps its counts below ``size``).
    @inlinable @inline(always)
    func withTables<Result>(
        _ body: (
            _ countLogs: UnsafeBufferPointer<Double>, _ countSteps: UnsafeBufferPointer<Double>,
            _ totalLogs: UnsafeBufferPointer<Double>
        ) throws -> Result
    ) rethrows -> Result {
        try countLogs.withUnsafeBufferPointer { countLogs in
            try countSteps.withUnsafeBufferPointer { countSteps in
                try totalLogs.withUnsafeBufferPointer { totalLogs in try body(countLogs, countSteps, totalLogs) }
            }
        }
    }

    // The four expressions, used both to fill the tables and beyond them.

    @usableFromInline
    static func computedLogCount(_ count: Int, _ α: Double) -> Double { log(Double(count) + α) }

    @usableFromInline
    static func computedLogCountStep(_ count: Int, _ α: Double) -> Double { log1p(1 / (Double(count) + α)) }

    @usableFromInline
    static func computedLogTotal(_ total: Int, _ k: Int, _ α: Double) -> Double { log(Double(total) + Double(k) * α) }

    @usableFromInline
    static func computedLogTotalStep(_ total: Int, _ k: Int, _ α: Double) -> Double {
        log1p(1 / (Double(total) + Double(k) * α))
    }

    private struct Key: Hashable {
        let labelCount: Int
        let concentrationBits: UInt64
    }

    private static let cache = Mutex<[Key: SmoothedLogTable]>([:])

    /// The shared table for k = `labelCount` and α = `concentration`.
    @usableFromInline
    static func shared(labelCount: Int, concentration: Double) -> SmoothedLogTable {
        let key = Key(labelCount: labelCount, concentrationBits: concentration.bitPattern)
        return cache.withLock { tables in
            if let table = tables[key] { return table }
            let table = SmoothedLogTable(labelCount: labelCount, concentration: concentration)
            tables[key] = table
            return table
        }
    }
}
