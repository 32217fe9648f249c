/// A scenario-specific quantity reported at every checkpoint next to EDL,
/// such as the posterior entropy of a Bayesian learner.
public struct Metric: Sendable, Equatable {
    /// The column stem, e.g. `posterior_entropy`; information metrics get the
    /// unit suffix (`_bits` or `_nats`) when printed.
    public var name: String
    /// Whether the value is an amount of information (computed in nats,
    /// printed in the chosen unit) rather than a plain number.
    public var isInformation: Bool
    /// What it means, with its unit.
    public var help: String

    /// Creates a metric.
    public init(name: String, isInformation: Bool, help: String) {
        self.name = name
        self.isInformation = isInformation
        self.help = help
    }
}
