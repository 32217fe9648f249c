import Foundation
import Scenarios

/// `GET /api/scenarios`: every registered scenario with its parameter
/// specifications and learners, as the page builds its controls from them.
enum ScenarioCatalog {
    /// One parameter: its kind and accepted values, default and help.
    struct Parameter: Encodable {
        var name: String
        var help: String
        /// `integer`, `real`, `choice` or `text`.
        var kind: String
        var minimum: Double?
        var maximum: Double?
        var minimumOpen: Bool?
        var maximumOpen: Bool?
        var choices: [String]?
        var accepted: String
        var defaultValue: String
        /// A word accepted besides the kind's values (e.g. `auto`).
        var automatic: String?

        init(_ spec: ParameterSpec) {
            name = spec.name
            help = spec.help
            accepted = spec.acceptedValues
            defaultValue = spec.defaultValue.description
            automatic = spec.automatic
            switch spec.kind {
            case .integer(let range):
                kind = "integer"
                (minimum, maximum) = (Double(range.lowerBound), Double(range.upperBound))
            case .real(let lower, let upper, let lowerOpen, let upperOpen):
                kind = "real"
                (minimum, maximum, minimumOpen, maximumOpen) = (lower, upper.isFinite ? upper : nil, lowerOpen, upperOpen)
            case .choice(let words):
                kind = "choice"
                choices = words
            case .text:
                kind = "text"
            }
        }
    }

    struct Learner: Encodable {
        var name: String
        var summary: String
        /// What its parameter count P counts.
        var counts: String
        var parameters: [Parameter]
    }

    struct Entry: Encodable {
        var name: String
        var summary: String
        var paperSection: String
        var defaultLearner: String
        var hasComponents: Bool
        var parameters: [Parameter]
        var learners: [Learner]
    }

    /// The JSON document.
    static func document() throws -> Data {
        let entries = ScenarioRegistry.all.map { type in
            Entry(
                name: type.name, summary: type.summary, paperSection: type.paperSection, defaultLearner: type.defaultLearner,
                hasComponents: type.hasComponents, parameters: type.parameters.map(Parameter.init),
                learners: type.learners.map { Learner(name: $0.name, summary: $0.summary, counts: $0.counts, parameters: $0.parameters.map(Parameter.init)) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(["scenarios": entries])
    }
}
