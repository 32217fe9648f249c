import EDL
import Foundation
import Synchronization

/// Logarithms of smoothed integer counts for a Dirichlet(α) learner with k
/// labels: log(c + α), log1p(1/(c + α)), log(N + kα) and log1p(1/(N + kα)).
///
/// Counts a table covers are read from tables filled with exactly the
/// expression that computes a value beyond them, so a lookup returns the
/// same bits as computing it. One table per (α, k) is kept per process and
/// shared by every learner. It starts with the first ``size`` counts and
/// grows, up to ``largestSize``, in blocks of ``size`` as learners reach
/// counts beyond it (``coverCounts(below:)``, ``coverTotals(below:)``,
/// ``coverTotalSteps(below:)``): the first replicate of a run fills the
/// entries it reaches, each once (it would otherwise compute log(c + α)
/// once per label that passes count c), and every later replicate reads
/// them. Its entries live in storage that is only ever appended to: an
/// entry is written once, under the cache's lock, before the count that
/// covers it is published, so a learner reads the entries below the counts
/// it was handed without a lock. A struct, not a class: its lookups are
/// `@inline(always)` into the learners' loops (as a class method they
/// crashed Swift 6.3.1's IRGen in one specialisation, and without forced
/// inlining they stayed real calls).
///
/// `@unchecked Sendable`: its pointers address entries that are never
/// written again once covered (the storage only appends, under a lock).
@usableFromInline
struct SmoothedLogTable: @unchecked Sendable {
    /// The number of counts covered when first built (0..<size), and the block it grows by.
    @usableFromInline static let size = 4096
    /// The most counts a table grows to cover: 2^20 (8 MiB per array).
    @usableFromInline static let largestSize = 1 << 20

    /// k.
    @usableFromInline let labelCount: Int
    /// α.
    @usableFromInline let concentration: Double
    /// The shared, append-only entries. Not retained: the cache holds every
    /// storage for the life of the process, and without a reference to
    /// count a table is copied as plain words (no retain and release each
    /// time a learner is copied or a stretch of examples starts).
    @usableFromInline unowned(unsafe) let storage: Storage
    /// log(c + α) and log1p(1/(c + α)) for c below ``countsCovered``.
    @usableFromInline let countLogs: UnsafePointer<Double>
    @usableFromInline let countSteps: UnsafePointer<Double>
    /// log(N + kα) for N below ``totalsCovered``.
    @usableFromInline let totalLogs: UnsafePointer<Double>
    /// log1p(1/(N + kα)) for N below ``totalStepsCovered``.
    @usableFromInline let totalSteps: UnsafePointer<Double>
    /// Σ_{j<c} log(j + α) for c up to ``countsCovered``, and Σ_{j<N} log(j + kα)
    /// for N up to ``totalsCovered``, as compensated sums of the table's entries.
    @usableFromInline let countLogSums: UnsafePointer<CompensatedSum>
    @usableFromInline let totalLogSums: UnsafePointer<CompensatedSum>
    @usableFromInline var countsCovered: Int
    @usableFromInline var totalsCovered: Int
    @usableFromInline var totalStepsCovered: Int

    /// The entries of one (k, α), in four arrays of ``largestSize`` that are
    /// filled from the front (memory is only touched as they fill).
    @usableFromInline
    final class Storage: @unchecked Sendable {
        let labelCount: Int
        let concentration: Double
        let countLogs = UnsafeMutablePointer<Double>.allocate(capacity: SmoothedLogTable.largestSize)
        let countSteps = UnsafeMutablePointer<Double>.allocate(capacity: SmoothedLogTable.largestSize)
        let totalLogs = UnsafeMutablePointer<Double>.allocate(capacity: SmoothedLogTable.largestSize)
        let totalSteps = UnsafeMutablePointer<Double>.allocate(capacity: SmoothedLogTable.largestSize)
        /// The running sums of `countLogs` and `totalLogs`: entry i sums entries 0..<i.
        let countLogSums = UnsafeMutablePointer<CompensatedSum>.allocate(capacity: SmoothedLogTable.largestSize + 1)
        let totalLogSums = UnsafeMutablePointer<CompensatedSum>.allocate(capacity: SmoothedLogTable.largestSize + 1)
        /// The entries filled so far; read and written under ``SmoothedLogTable/cache``'s lock.
        var countsFilled = 0
        var totalsFilled = 0
        var totalStepsFilled = 0

        init(labelCount: Int, concentration: Double) {
            self.labelCount = labelCount
            self.concentration = concentration
            countLogSums.initialize(to: CompensatedSum())
            totalLogSums.initialize(to: CompensatedSum())
        }

        deinit {
            for pointer in [countLogs, countSteps, totalLogs, totalSteps] { pointer.deallocate() }
            countLogSums.deallocate()
            totalLogSums.deallocate()
        }

        /// Extends the running sums `sums` of `values` from entries
        /// 0...`from` to 0...`to`.
        static func extend(
            _ sums: UnsafeMutablePointer<CompensatedSum>, of values: UnsafeMutablePointer<Double>, from: Int, to: Int
        ) {
            guard to > from else { return }
            var sum = sums[from]
            for index in from..<to {
                sum.add(values[index])
                (sums + index + 1).initialize(to: sum)
            }
        }

        /// Fills entries up to a multiple of ``SmoothedLogTable/size`` at or
        /// above `needed` (at most ``SmoothedLogTable/largestSize``),
        /// starting from `filled`; returns the new number filled.
        static func fill(
            _ pointers: [UnsafeMutablePointer<Double>], from filled: Int, toCover needed: Int,
            with values: [(Int) -> Double]
        ) -> Int {
            let block = SmoothedLogTable.size
            let end = min(SmoothedLogTable.largestSize, (needed + block - 1) / block * block)
            guard end > filled else { return filled }
            for (pointer, value) in zip(pointers, values) {
                for index in filled..<end { (pointer + index).initialize(to: value(index)) }
            }
            return end
        }
    }

    private init(storage: Storage) {
        self.storage = storage
        labelCount = storage.labelCount
        concentration = storage.concentration
        countLogs = UnsafePointer(storage.countLogs)
        countSteps = UnsafePointer(storage.countSteps)
        totalLogs = UnsafePointer(storage.totalLogs)
        totalSteps = UnsafePointer(storage.totalSteps)
        countLogSums = UnsafePointer(storage.countLogSums)
        totalLogSums = UnsafePointer(storage.totalLogSums)
        countsCovered = storage.countsFilled
        totalsCovered = storage.totalsFilled
        totalStepsCovered = storage.totalStepsFilled
    }

    /// log(c + α).
    @inlinable @inline(always)
    func logCount(_ count: Int) -> Double {
        UInt(bitPattern: count) < UInt(bitPattern: countsCovered) ? countLogs[count] : Self.computedLogCount(count, concentration)
    }

    /// log1p(1/(c + α)): the change of log(c + α) when c grows by one.
    @inlinable @inline(always)
    func logCountStep(_ count: Int) -> Double {
        UInt(bitPattern: count) < UInt(bitPattern: countsCovered)
            ? countSteps[count] : Self.computedLogCountStep(count, concentration)
    }

    /// log(N + kα).
    @inlinable @inline(always)
    func logTotal(_ total: Int) -> Double {
        UInt(bitPattern: total) < UInt(bitPattern: totalsCovered)
            ? totalLogs[total] : Self.computedLogTotal(total, labelCount, concentration)
    }

    /// log1p(1/(N + kα)): the change of log(N + kα) when N grows by one.
    @inlinable @inline(always)
    func logTotalStep(_ total: Int) -> Double {
        UInt(bitPattern: total) < UInt(bitPattern: totalStepsCovered)
            ? totalSteps[total] : Self.computedLogTotalStep(total, labelCount, concentration)
    }

    /// Σ_{c = from}^{to − 1} log(c + α), from the running sums, as a
    /// compensated pair (negative when `to` < `from`).
    /// - Precondition: `from`, `to` ≤ ``countsCovered``.
    @inlinable @inline(always)
    func sumOfLogCounts(from: Int, to: Int) -> CompensatedSum {
        countLogSums[to].subtracting(countLogSums[from])
    }

    /// Σ_{N = from}^{to − 1} log(N + kα), from the running sums, as a
    /// compensated pair (negative when `to` < `from`).
    /// - Precondition: `from`, `to` ≤ ``totalsCovered``.
    @inlinable @inline(always)
    func sumOfLogTotals(from: Int, to: Int) -> CompensatedSum {
        totalLogSums[to].subtracting(totalLogSums[from])
    }

    /// Covers log(c + α) and log1p(1/(c + α)) for every c below `needed`
    /// (up to ``largestSize``), filling the shared table as far as needed.
    @inlinable @inline(always)
    mutating func coverCounts(below needed: Int) {
        if needed > countsCovered, countsCovered < Self.largestSize { grow(counts: needed) }
    }

    /// Covers log(N + kα) for every N below `needed` (up to ``largestSize``).
    @inlinable @inline(always)
    mutating func coverTotals(below needed: Int) {
        if needed > totalsCovered, totalsCovered < Self.largestSize { grow(totals: needed) }
    }

    /// Covers log1p(1/(N + kα)) for every N below `needed` (up to ``largestSize``).
    @inlinable @inline(always)
    mutating func coverTotalSteps(below needed: Int) {
        if needed > totalStepsCovered, totalStepsCovered < Self.largestSize { grow(totalSteps: needed) }
    }

    /// Fills the shared entries up to the counts asked for (or learns that
    /// another learner has), under the cache's lock.
    @usableFromInline
    mutating func grow(counts: Int = 0, totals: Int = 0, totalSteps: Int = 0) {
        let storage = self.storage
        let (k, α) = (labelCount, concentration)
        let covered = Self.cache.withLock { _ in
            let (countsBefore, totalsBefore) = (storage.countsFilled, storage.totalsFilled)
            storage.countsFilled = Storage.fill(
                [storage.countLogs, storage.countSteps], from: storage.countsFilled, toCover: counts,
                with: [{ Self.computedLogCount($0, α) }, { Self.computedLogCountStep($0, α) }])
            storage.totalsFilled = Storage.fill(
                [storage.totalLogs], from: storage.totalsFilled, toCover: totals,
                with: [{ Self.computedLogTotal($0, k, α) }])
            Storage.extend(storage.countLogSums, of: storage.countLogs, from: countsBefore, to: storage.countsFilled)
            Storage.extend(storage.totalLogSums, of: storage.totalLogs, from: totalsBefore, to: storage.totalsFilled)
            storage.totalStepsFilled = Storage.fill(
                [storage.totalSteps], from: storage.totalStepsFilled, toCover: totalSteps,
                with: [{ Self.computedLogTotalStep($0, k, α) }])
            return (storage.countsFilled, storage.totalsFilled, storage.totalStepsFilled)
        }
        (countsCovered, totalsCovered, totalStepsCovered) = covered
    }

    /// The bytes the shared table of a run whose counts reach `examples`
    /// may touch: its four arrays filled that far, in whole blocks, and the
    /// two running sums.
    static func sharedBytes(examples: Int) -> Double {
        let entries = min(largestSize, max(size, (max(examples, 0) + size - 1) / size * size))
        return Double(4 * entries * MemoryLayout<Double>.stride + 2 * (entries + 1) * MemoryLayout<CompensatedSum>.stride)
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

    private static let cache = Mutex<[Key: Storage]>([:])

    /// The shared table for k = `labelCount` and α = `concentration`, as
    /// far as it is filled (at least its first ``size`` counts).
    @usableFromInline
    static func shared(labelCount: Int, concentration: Double) -> SmoothedLogTable {
        let key = Key(labelCount: labelCount, concentrationBits: concentration.bitPattern)
        let storage = cache.withLock { tables in
            if let storage = tables[key] { return storage }
            let storage = Storage(labelCount: labelCount, concentration: concentration)
            tables[key] = storage
            return storage
        }
        var table = SmoothedLogTable(storage: storage)
        table.grow(counts: size, totals: size, totalSteps: size)
        return table
    }
}
