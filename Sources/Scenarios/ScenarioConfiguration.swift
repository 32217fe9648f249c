/// A scenario, the learner chosen for it, and every parameter of both,
/// checked and completed with defaults.
public struct ScenarioConfiguration: Sendable, Hashable {
    /// The scenario's registered name.
    public var scenario: String
    /// The chosen learner's name.
    public var learner: String
    /// The scenario's parameters.
    public var parameters: ParameterValues
    /// The learner's own parameters.
    public var learnerParameters: ParameterValues

    /// Checks `assignments` (from `--set`) against the scenario's and the
    /// learner's parameters and fills in defaults.
    /// - Throws: ``ScenarioError`` for an unknown learner or parameter, or a
    ///   value out of range.
    public init(
        scenario type: any Scenario.Type, learner: String?, assignments: [(name: String, value: String)]
    ) throws {
        let learnerName = learner ?? type.defaultLearner
        guard let descriptor = type.learners.first(where: { $0.name == learnerName }) else {
            throw ScenarioError.unknownLearner(learnerName, scenario: type.name, known: type.learners.map(\.name))
        }
        let known = (type.parameters + descriptor.parameters).map(\.name)
        let unknown = { (name: String) in
            ScenarioError.unknownParameter(
                name, scenario: type.name, learner: learnerName, known: known,
                ownedBy: type.learners.filter { $0.parameters.contains { $0.name == name } }.map(\.name))
        }
        let scenarioNames = Set(type.parameters.map(\.name))
        let learnerNames = Set(descriptor.parameters.map(\.name))
        for assignment in assignments where !scenarioNames.contains(assignment.name) && !learnerNames.contains(assignment.name) {
            throw unknown(assignment.name)
        }
        self.scenario = type.name
        self.learner = learnerName
        self.parameters = try ParameterValues(
            specs: type.parameters, assignments: assignments.filter { scenarioNames.contains($0.name) },
            unknown: unknown)
        self.learnerParameters = try ParameterValues(
            specs: descriptor.parameters, assignments: assignments.filter { learnerNames.contains($0.name) },
            unknown: unknown)
    }

    /// A canonical one-line text of the scenario and its parameters (not the
    /// learner), from which replicate seeds are derived: learners of one
    /// scenario see the same data streams, a paired comparison.
    public var worldText: String {
        "\(scenario)|\(parameters.canonicalText)"
    }
}
