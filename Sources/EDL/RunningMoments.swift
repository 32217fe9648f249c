/// Mean and spread of a stream of values, by Welford's update, mergeable in a
/// fixed order (Chan et al.) so that results do not depend on thread count.
public struct RunningMoments: Sendable, Equatable {
    /// The number of values seen.
    public private(set) var count = 0
    /// Their mean.
    public private(set) var mean = 0.0
    /// The sum of squared deviations from the mean.
    public private(set) var sumOfSquaredDeviations = 0.0

    /// No values yet.
    public init() {}

    /// Adds one value.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// Merges the moments of another, disjoint set of values.
    public mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let total = count + other.count
        let delta = other.mean - mean
        mean += delta * Double(other.count) / Double(total)
        sumOfSquaredDeviations +=
            other.sumOfSquaredDeviations + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
    }

    /// The sample variance (n − 1 in the denominator), or `nil` for fewer
    /// than two values.
    public var variance: Double? {
        count > 1 ? max(sumOfSquaredDeviations, 0) / Double(count - 1) : nil
    }

    /// The summary: mean, standard error and 95% interval.
    public var estimate: Estimate {
        Estimate(mean: mean, count: count, standardError: variance.map { ($0 / Double(count)).squareRoot() })
    }
}
