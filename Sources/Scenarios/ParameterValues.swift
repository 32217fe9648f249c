/// The complete, checked parameters of a scenario and its learner: every
/// declared parameter has a value (given or default).
public struct ParameterValues: Sendable, Hashable {
    /// Values by parameter name.
    public private(set) var values: [String: ParameterValue]
    /// The names the user set (the others hold their defaults).
    public private(set) var explicitNames: Set<String> = []

    /// Fills in defaults for `specs` and applies `assignments` (name → text),
    /// checking every name and value.
    /// - Throws: ``ScenarioError`` for an unknown name or a rejected value.
    public init(
        specs: [ParameterSpec], assignments: [(name: String, value: String)],
        unknown: (String) -> ScenarioError
    ) throws {
        var values: [String: ParameterValue] = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        for assignment in assignments {
            guard let spec = specs.first(where: { $0.name == assignment.name }) else {
                throw unknown(assignment.name)
            }
            values[spec.name] = try spec.parse(assignment.value)
            explicitNames.insert(spec.name)
        }
        self.values = values
    }

    /// The value of `name`.
    public subscript(name: String) -> ParameterValue? { values[name] }

    /// The integer value of a declared integer parameter.
    public func integer(_ name: String) -> Int {
        guard let value = values[name]?.integerValue else {
            preconditionFailure("parameter \(name) is not a declared integer")
        }
        return value
    }

    /// Whether the user set `name` (rather than leaving its default).
    public func isExplicit(_ name: String) -> Bool { explicitNames.contains(name) }

    /// The real value of a declared numeric parameter.
    public func real(_ name: String) -> Double {
        guard let value = values[name]?.realValue else {
            preconditionFailure("parameter \(name) is not a declared number")
        }
        return value
    }

    /// The word of a declared choice parameter.
    public func choice(_ name: String) -> String {
        guard let value = values[name]?.choiceValue else {
            preconditionFailure("parameter \(name) is not a declared choice")
        }
        return value
    }

    /// `name=value` pairs sorted by name, joined with commas: a canonical
    /// text for manifests and seed derivation.
    public var canonicalText: String {
        sorted.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    /// The values sorted by name.
    public var sorted: [(name: String, value: ParameterValue)] {
        values.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }
}
