/// A parameter or learner whose values are a fixed set of words, read once
/// into an enum so that every `switch` over it is exhaustive: a word the
/// enum does not know can never fall into a catch-all branch.
public protocol TypedChoice: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

extension ParameterSpec {
    /// A choice parameter whose accepted words are the cases of `Choice`, so
    /// that the words `edl list` shows and the enum the scenario switches
    /// over cannot drift apart.
    static func choice<Choice: TypedChoice>(name: String, help: String, default value: Choice) -> ParameterSpec {
        ParameterSpec(
            name: name, help: help, kind: .choice(Choice.allCases.map(\.rawValue)), defaultValue: .choice(value.rawValue))
    }
}

extension ParameterValues {
    /// The declared choice parameter `name` as its enum.
    /// - Throws: ``ScenarioError/invalidValue(parameter:value:accepted:)`` if
    ///   the word is not one of the enum's (a spec and enum out of step).
    public func choice<Choice: TypedChoice>(_ name: String, as type: Choice.Type) throws -> Choice {
        let word = choice(name)
        guard let value = Choice(rawValue: word) else {
            throw ScenarioError.invalidValue(
                parameter: name, value: word, accepted: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }
}

extension ScenarioConfiguration {
    /// The configured learner as the scenario's learner enum.
    /// - Throws: ``ScenarioError/unknownLearner(_:scenario:known:)`` if the
    ///   name is not one of the enum's.
    public func learner<Choice: TypedChoice>(as type: Choice.Type) throws -> Choice {
        guard let value = Choice(rawValue: learner) else {
            throw ScenarioError.unknownLearner(learner, scenario: scenario, known: Choice.allCases.map(\.rawValue))
        }
        return value
    }
}

/// A yes/no parameter (`true` or `false`).
public enum Switch: String, TypedChoice {
    case `false`, `true`

    /// Whether it is `true`.
    public var isOn: Bool { self == .true }
}
