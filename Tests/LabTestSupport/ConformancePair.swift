import Scenarios

/// One (scenario, learner) pair that `edl list` offers, with the settings
/// the conformance suite runs it with: the defaults, plus the few settings a
/// pair needs to be valid (gradient tables need inputs) or cheap enough for
/// a debug test run.
package struct ConformancePair: Sendable, CustomStringConvertible {
    /// The scenario's registered name.
    package var scenario: String
    /// The learner's name.
    package var learner: String
    /// Settings beyond the defaults.
    package var assignments: [(name: String, value: String)]

    /// A pair with settings beyond the defaults.
    package init(scenario: String, learner: String, assignments: [(name: String, value: String)]) {
        self.scenario = scenario
        self.learner = learner
        self.assignments = assignments
    }

    package var description: String {
        ([scenario, learner] + assignments.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// Settings for pairs whose defaults are invalid or too slow for a debug
    /// build, by `scenario/learner`. Pairs not listed run with their defaults;
    /// a new pair whose defaults fail is a conformance failure, not a skip.
    static let settings: [String: [(name: String, value: String)]] = [
        "random-labels/sgd": [("inputs", "10")],
        "random-labels/adam": [("inputs", "10")],
        "random-labels/memoriser": [("inputs", "20")],
        "hypothesis-collapse/sgd": [("m", "64")],
        "hypothesis-collapse/adam": [("m", "64")],
        "coupon-collector/sgd": [("K", "20")],
        "coupon-collector/adam": [("K", "20")],
        "capacity/adam": [("inputs", "16"), ("skills", "4")],
        "capacity/sgd": [("inputs", "16"), ("skills", "4")],
    ]

    /// Every pair of every registered scenario, in `edl list` order.
    package static var all: [ConformancePair] {
        ScenarioRegistry.all.flatMap { type in
            type.learners.map { learner in
                ConformancePair(
                    scenario: type.name, learner: learner.name,
                    assignments: settings["\(type.name)/\(learner.name)"] ?? [])
            }
        }
    }

    /// The configured scenario.
    package func make() throws -> any Scenario {
        try ScenarioRegistry.make(scenario, learner: learner, assignments: assignments)
    }
}
