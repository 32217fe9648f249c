import EDL

/// Sums of log(N + kα) over runs of consecutive N, the logarithms of a
/// Dirichlet(α) estimate's total mass over k categories after N
/// observations, read from the running sums of the log table shared with
/// the Dirichlet learners of the same (k, α).
///
/// A composite that codes a Dirichlet-smoothed quantity once per example
/// (the format tokens of the format-capability scenario, −log((α + N)/(Fα + N))
/// per example)
/// can take a whole stretch of examples from two such sums in O(1) instead
/// of one logarithm per example.
public struct DirichletTotalLogSums: Sendable {
    private var table: SmoothedLogTable

    /// The sums of log(N + `categories`·`concentration`).
    /// - Precondition: `categories` ≥ 1 and `concentration` > 0, finite.
    public init(categories: Int, concentration: Double) {
        precondition(categories >= 1, "needs at least one category")
        precondition(concentration > 0 && concentration.isFinite, "the concentration must be positive")
        table = SmoothedLogTable.shared(labelCount: categories, concentration: concentration)
    }

    /// The largest N + 1 the sums reach (2²⁰): beyond it, ``sum(from:to:)`` is `nil`.
    public static var largestReach: Int { SmoothedLogTable.largestSize }

    /// Σ_{N = from}^{to − 1} log(N + kα) in nats, as a compensated pair
    /// (negated when `to` < `from`), or `nil` when either bound lies beyond
    /// ``largestReach``. The shared table grows to cover the bounds.
    public mutating func sum(from: Int, to: Int) -> CompensatedSum? {
        precondition(from >= 0 && to >= 0, "negative bounds")
        let reach = max(from, to)
        table.coverTotals(below: reach)  // (as far as the table's largest size)
        guard reach <= table.totalsCovered else { return nil }
        return table.sumOfLogTotals(from: from, to: to)
    }
}
