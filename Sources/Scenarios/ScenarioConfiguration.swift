/// A scenario, the learner chosen for it, and every parameter of both,
/// checked and completed with defaults.
public struct ScenarioConfiguration: Sendable, Hashable {
    /// One `cN.KEY=VALUE` assignment for a component of a composite scenario.
    public struct ComponentAssignment: Sendable, Hashable {
        /// The component's index, 1-based (`c1` is 1).
        public var component: Int
        /// The key inside the component (`K`, `learner`, …).
        public var key: String
        /// The value as written.
        public var value: String
    }

    /// The scenario's registered name.
    public var scenario: String
    /// The chosen learner's name.
    public var learner: String
    /// The scenario's parameters.
    public var parameters: ParameterValues
    /// The learner's own parameters.
    public var learnerParameters: ParameterValues
    /// `cN.KEY=VALUE` assignments, in the order given (composite scenarios only).
    public var componentAssignments: [ComponentAssignment] = []
    /// The components' resolved configurations (set by a composite scenario).
    public var components: [ScenarioConfiguration] = []

    /// Checks `assignments` (from `--set`) against the scenario's and the
    /// learner's parameters and fills in defaults. Keys of the form `cN.KEY`
    /// are kept for composite scenarios, which check them.
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
                name, scenario: type.name, learner: learnerName,
                known: known + (type.hasComponents ? ["cN.KEY for component N"] : []),
                ownedBy: type.learners.filter { $0.parameters.contains { $0.name == name } }.map(\.name))
        }
        let scenarioNames = Set(type.parameters.map(\.name))
        let learnerNames = Set(descriptor.parameters.map(\.name))
        var own: [(name: String, value: String)] = []
        for assignment in assignments {
            if scenarioNames.contains(assignment.name) || learnerNames.contains(assignment.name) {
                own.append(assignment)
            } else if type.hasComponents, let component = Self.componentAssignment(assignment) {
                componentAssignments.append(component)
            } else {
                throw unknown(assignment.name)
            }
        }
        self.scenario = type.name
        self.learner = learnerName
        self.parameters = try ParameterValues(
            specs: type.parameters, assignments: own.filter { scenarioNames.contains($0.name) }, unknown: unknown)
        self.learnerParameters = try ParameterValues(
            specs: descriptor.parameters, assignments: own.filter { learnerNames.contains($0.name) },
            unknown: unknown)
    }

    /// `cN.KEY=VALUE` split into its parts, or `nil` for any other name.
    static func componentAssignment(_ assignment: (name: String, value: String)) -> ComponentAssignment? {
        guard assignment.name.first == "c", let dot = assignment.name.firstIndex(of: ".") else { return nil }
        let number = assignment.name[assignment.name.index(after: assignment.name.startIndex)..<dot]
        let key = assignment.name[assignment.name.index(after: dot)...]
        guard let index = Int(number), index >= 1, !key.isEmpty else { return nil }
        return ComponentAssignment(component: index, key: String(key), value: assignment.value)
    }

    /// A canonical one-line text of the scenario and its parameters (not the
    /// learner), from which replicate seeds are derived: learners of one
    /// scenario see the same data streams, a paired comparison. A composite
    /// scenario's text includes its components' texts.
    public var worldText: String {
        let own = "\(scenario)|\(parameters.canonicalText)"
        guard !components.isEmpty else { return own }
        return own + "|" + components.enumerated().map { "c\($0.offset + 1)[\($0.element.worldText)]" }
            .joined(separator: ",")
    }

    /// Every parameter as (name, value) pairs for manifests and headers: the
    /// scenario's, the learner's, then each component's as `cN.learner`,
    /// `cN.KEY`.
    public var describedParameters: [(name: String, value: String)] {
        var pairs = (parameters.sorted + learnerParameters.sorted).map { (name: $0.name, value: $0.value.description) }
        for (index, component) in components.enumerated() {
            let prefix = "c\(index + 1)."
            pairs.append((prefix + "learner", component.learner))
            pairs += component.describedParameters.map { (prefix + $0.name, $0.value) }
        }
        return pairs
    }
}
