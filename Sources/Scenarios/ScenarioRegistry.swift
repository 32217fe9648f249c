/// Every scenario the lab knows, by name.
public enum ScenarioRegistry {
    /// The registered scenario types, in the order `edl list` shows them.
    public static let all: [any Scenario.Type] = [
        RandomLabels.self,
        HypothesisCollapse.self,
        CouponCollector.self,
        DisjointSubdistributions.self,
        FormatCapability.self,
        Capacity.self,
    ]

    /// The registered names.
    public static var names: [String] { all.map { $0.name } }

    /// The scenario type called `name`.
    /// - Throws: ``ScenarioError/unknownScenario(_:known:)`` listing the known names.
    public static func scenario(named name: String) throws -> any Scenario.Type {
        guard let type = all.first(where: { $0.name == name }) else {
            throw ScenarioError.unknownScenario(name, known: names)
        }
        return type
    }

    /// Builds the scenario called `name` with `learner` and `--set` assignments.
    /// - Throws: ``ScenarioError`` naming an unknown scenario, learner or
    ///   parameter, or a rejected value.
    public static func make(
        _ name: String, learner: String?, assignments: [(name: String, value: String)]
    ) throws -> any Scenario {
        let type = try scenario(named: name)
        let configuration = try ScenarioConfiguration(scenario: type, learner: learner, assignments: assignments)
        return try type.init(configuration: configuration)
    }
}
