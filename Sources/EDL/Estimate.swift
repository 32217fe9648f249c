/// A mean over replicates with its standard error and 95% confidence interval.
public struct Estimate: Sendable, Equatable {
    /// The mean over replicates, in the unit of the quantity.
    public var mean: Double
    /// The number of replicates.
    public var count: Int
    /// The standard error of the mean (sample standard deviation / √count),
    /// or `nil` when it cannot be estimated (a single replicate).
    public var standardError: Double?

    /// Creates an estimate.
    public init(mean: Double, count: Int, standardError: Double?) {
        self.mean = mean
        self.count = count
        self.standardError = standardError
    }

    /// The two-sided 95% confidence interval for the mean, from Student's t
    /// with count − 1 degrees of freedom, or `nil` without a standard error.
    public var confidenceInterval95: ClosedRange<Double>? {
        guard let standardError, count > 1 else { return nil }
        let halfWidth = StudentT.quantile975(degreesOfFreedom: count - 1) * standardError
        // A non-finite mean or SE has no interval (and would trap in ClosedRange); the
        // output's finiteness check reports it.
        guard (mean - halfWidth).isFinite, (mean + halfWidth).isFinite else { return nil }
        return (mean - halfWidth)...(mean + halfWidth)
    }

    /// The same estimate with mean and standard error multiplied by `factor`
    /// (a unit conversion, or division by n).
    public func scaled(by factor: Double) -> Estimate {
        Estimate(mean: mean * factor, count: count, standardError: standardError.map { $0 * abs(factor) })
    }
}
