import CGSL

/// A preprocessed table for drawing from a finite discrete distribution in
/// constant time (GSL's Walker alias method, `gsl_ran_discrete_t`).
///
/// GSL builds the table (`gsl_ran_discrete_preproc`); its two arrays are then
/// held interleaved with a value the caller attaches to each outcome, one
/// 32-byte slot per outcome (half a cache line), and GSL's copy is freed: a
/// draw reads one cache line, and its outcome's value with it
/// (``sampleWithValue(uniform:)``), where `gsl_ran_discrete` reads two lines
/// and the caller's array a third. A draw makes GSL's draw from the same
/// uniform number.
///
/// The table is read-only after construction, so one table can serve many
/// generators on many threads.
public final class DiscreteDistribution: @unchecked Sendable {
    /// One outcome's slot: GSL's `F[c]` (in Knuth's convention, (c + f_c)/K
    /// for the slot's own share f_c) and `A[c]`, the outcome that takes the
    /// rest, with both outcomes' values.
    @usableFromInline struct Slot {
        @usableFromInline var threshold: Double
        @usableFromInline var alias: Int
        @usableFromInline var value: Double
        @usableFromInline var aliasValue: Double
    }

    @usableFromInline let slots: UnsafeMutableBufferPointer<Slot>
    /// The number of outcomes, `0..<count`.
    public let count: Int

    /// The bytes the table holds per outcome once built.
    public static var bytesPerOutcome: Int { MemoryLayout<Slot>.stride }

    /// Builds the table from non-negative weights (they need not sum to 1),
    /// attaching `values[i]` to outcome i (0 for every outcome when `nil`).
    /// - Throws: ``GSLError`` if there are no weights, a weight is negative or
    ///   not finite, all weights are zero, or `values` has another count.
    public init(weights: [Double], values: [Double]? = nil) throws {
        GSLLibrary.prepare()
        guard !weights.isEmpty else {
            throw GSLError.invalidArgument("DiscreteDistribution(weights: [])", "needs at least one weight")
        }
        if let bad = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw GSLError.invalidArgument(
                "DiscreteDistribution(weights[\(bad)] = \(weights[bad]))", "weights must be finite and non-negative")
        }
        guard weights.contains(where: { $0 > 0 }) else {
            throw GSLError.invalidArgument("DiscreteDistribution", "at least one weight must be positive")
        }
        if let values, values.count != weights.count {
            throw GSLError.invalidArgument(
                "DiscreteDistribution(values: \(values.count) values)", "needs one value per weight (\(weights.count))")
        }
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
        else {
            throw GSLError(status: Int32(GSL_ENOMEM), function: "gsl_ran_discrete_preproc")
        }
        defer { gsl_ran_discrete_free(table) }
        count = weights.count
        // Aligned to a cache line, so that no slot straddles two.
        let memory = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Slot>.stride, alignment: 64)
        slots = UnsafeMutableBufferPointer(start: memory.bindMemory(to: Slot.self, capacity: count), count: count)
        for c in 0..<count {
            let alias = Int(bitPattern: UInt(table.pointee.A[c]))
            slots.initializeElement(
                at: c,
                to: Slot(
                    threshold: table.pointee.F[c], alias: alias, value: values?[c] ?? 0,
                    aliasValue: alias >= 0 && alias < count ? values?[alias] ?? 0 : 0))
        }
    }

    deinit {
        UnsafeMutableRawPointer(slots.baseAddress)?.deallocate()
    }

    /// The probability of outcome `index` (0 outside `0..<count`), read back
    /// from the table as `gsl_ran_discrete_pdf` does (O(count)).
    public func probability(of index: Int) -> Double {
        guard index >= 0, index < count else { return 0 }
        let outcomes = Double(count)
        var p = 0.0
        for c in 0..<count {
            let share = outcomes * slots[c].threshold - Double(c)
            if c == index { p += share } else if slots[c].alias == index { p += 1.0 - share }
        }
        return p / outcomes
    }

    /// The value attached to `outcome`.
    /// - Precondition: `outcome` lies in `0..<count`.
    @inlinable @inline(always)
    public func value(of outcome: Int) -> Double {
        precondition(outcome >= 0 && outcome < count, "outcome out of range")
        return slots[outcome].value
    }

    /// The outcome `gsl_ran_discrete` draws when its generator returns `u`
    /// in [0, 1): slot ⌊u·count⌋, its own outcome when u is below the
    /// slot's threshold, else its alias.
    @inlinable @inline(always)
    public func sample(uniform u: Double) -> Int {
        sampleWithValue(uniform: u).outcome
    }

    /// ``sample(uniform:)`` with the value attached to the outcome drawn.
    @inlinable @inline(always)
    public func sampleWithValue(uniform u: Double) -> (outcome: Int, value: Double) {
        let c = Int(u * Double(count))
        precondition(c >= 0 && c < count, "sample(uniform:) needs u in [0, 1)")
        let slot = slots[c]
        if slot.threshold == 1.0 || u < slot.threshold { return (c, slot.value) }
        return (slot.alias, slot.aliasValue)
    }

    /// Asks the processor to start loading the slot a draw of `u` reads, so
    /// that a loop drawing `u` some draws later finds it in cache.
    @inlinable @inline(always)
    public func prefetch(uniform u: Double) {
        let c = Int(u * Double(count))
        guard c >= 0 && c < count, let base = slots.baseAddress else { return }
        edl_prefetch(base + c)
    }
}
