/// A learner a scenario offers: its name, what it does, and its parameters.
public struct LearnerDescriptor: Sendable {
    /// The name used with `--learner`.
    public var name: String
    /// One line on what the learner does.
    public var summary: String
    /// The learner's own parameters (set with `--set`, like the scenario's).
    public var parameters: [ParameterSpec]

    /// Creates a descriptor.
    public init(name: String, summary: String, parameters: [ParameterSpec] = []) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
    }
}
