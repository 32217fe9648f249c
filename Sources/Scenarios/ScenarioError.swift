/// A problem with a scenario, learner or parameter that the user named.
///
/// Each case's description is one line naming the offending item and the
/// accepted values.
public enum ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No scenario of that name is registered.
    case unknownScenario(String, known: [String])
    /// The scenario has no learner of that name.
    case unknownLearner(String, scenario: String, known: [String])
    /// Neither the scenario nor the chosen learner has a parameter of that name.
    case unknownParameter(String, scenario: String, learner: String, known: [String], ownedBy: [String] = [])
    /// A value the parameter does not accept.
    case invalidValue(parameter: String, value: String, accepted: String)
    /// Parameters that are valid one by one but not together.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .unknownScenario(let name, let known):
            "unknown scenario '\(name)'; known scenarios: \(known.joined(separator: ", "))"
        case .unknownLearner(let name, let scenario, let known):
            "unknown learner '\(name)' for scenario \(scenario); accepted learners: \(known.joined(separator: ", "))"
        case .unknownParameter(let name, let scenario, let learner, let known, let ownedBy):
            "unknown parameter '\(name)' for scenario \(scenario) with learner \(learner); accepted parameters: "
                + (known.isEmpty ? "none" : known.joined(separator: ", "))
                + (ownedBy.isEmpty ? "" : " ('\(name)' belongs to learner \(ownedBy.joined(separator: ", ")))")
        case .invalidValue(let parameter, let value, let accepted):
            "invalid value '\(value)' for parameter '\(parameter)': expected \(accepted)"
        case .inconsistent(let reason):
            reason
        }
    }
}
