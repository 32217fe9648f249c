import CGSL

/// A preprocessed table for drawing from a finite discrete distribution in
/// constant time (GSL's Walker alias method, `gsl_ran_discrete_t`).
///
/// The table is read-only after construction, so one table can serve many
/// generators on many threads.
public final class DiscreteDistribution: @unchecked Sendable {
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// The number of outcomes, `0..<count`.
    public let count: Int

    /// Builds the table from non-negative weights (they need not sum to 1).
    /// - Throws: ``GSLError`` if there are no weights, a weight is negative or
    ///   not finite, or all weights are zero.
    public init(weights: [Double]) throws {
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
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
        else {
            throw GSLError(status: Int32(GSL_ENOMEM), function: "gsl_ran_discrete_preproc")
        }
        self.table = table
        self.count = weights.count
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// The probability of outcome `index` (0 outside `0..<count`).
    public func probability(of index: Int) -> Double {
        guard index >= 0, index < count else { return 0 }
        return gsl_ran_discrete_pdf(index, table)
    }

    @inlinable @inline(always)
    func sample(using rng: UnsafeMutablePointer<gsl_rng>) -> Int {
        gsl_ran_discrete(rng, table)
    }
}
