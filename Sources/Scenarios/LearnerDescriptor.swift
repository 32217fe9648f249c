/// A learner a scenario offers: its name, what it does, and its parameters.
public struct LearnerDescriptor: Sendable {
    /// The name used with `--learner`.
    public var name: String
    /// One line on what the learner does.
    public var summary: String
    /// The learner's own parameters (set with `--set`, like the scenario's).
    public var parameters: [ParameterSpec]
    /// What its parameter count P (`parameter_count`, the divisor of EDL/P)
    /// counts, as a formula in the scenario's parameters; fixed in n.
    public var counts: String

    /// Creates a descriptor.
    public init(name: String, summary: String, counts: String, parameters: [ParameterSpec] = []) {
        self.name = name
        self.summary = summary
        self.counts = counts
        self.parameters = parameters
    }
}
