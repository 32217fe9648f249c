import Foundation
import GSL
import Lab
import Scenarios

/// The body of `POST /api/run`: the fields of an experiment file, as JSON.
///
/// `{"scenario": "coupon-collector", "learner": "bayes", "parameters": {"K": 100},
/// "n": "1...1000:log20", "replicates": 200, "seed": 1}`; everything but
/// `scenario` is optional and defaults as `edl run` does.
public struct RunRequest: Decodable, Sendable, Hashable {
    /// A parameter's value: a string, a number or a boolean, written as `--set` would take it.
    public struct Value: Decodable, Sendable, Hashable {
        /// The value as command-line text.
        public var text: String

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else if let integer = try? container.decode(Int.self) {
                text = String(integer)
            } else if let number = try? container.decode(Double.self) {
                text = "\(number)"
            } else if let string = try? container.decode(String.self) {
                text = string
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected a string, a number or a boolean (the explorer runs one configuration, not a sweep)")
            }
        }

        /// A value from command-line text.
        public init(text: String) {
            self.text = text
        }
    }

    /// The scenario's registered name.
    public var scenario: String
    /// The learner (the scenario's default when absent).
    public var learner: String?
    /// Scenario and learner parameters by name.
    public var parameters: [String: Value]?
    /// The n-grid text (default `1...1000:log20`).
    public var n: String?
    /// Replicates (default 200).
    public var replicates: Int?
    /// The master seed (default 1).
    public var seed: UInt64?
    /// `bits` (default) or `nats`.
    public var units: String?
    /// The generator (default xoshiro256).
    public var generator: String?
    /// Answer quickly with the first replicates (see ``ExplorerService/computed(_:)``);
    /// not part of the configuration.
    public var preview: Bool?

    /// A request for `scenario` with defaults.
    public init(scenario: String) {
        self.scenario = scenario
    }

    /// The parameters in name order (a JSON object has no order of its own).
    var assignments: [(name: String, value: String)] {
        (parameters ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.text) }
    }

    /// The plan `edl run` would make of the same settings.
    /// - Throws: ``LabError`` or ``ScenarioError`` naming a bad field.
    func plan() throws -> ExperimentPlan {
        var plan = ExperimentPlan(scenario: scenario)
        plan.learner = learner
        if let n { plan.grid = n }
        if let replicates { plan.replicates = replicates }
        if let seed {
            guard seed <= UInt64(Int64.max) else {
                throw LabError("invalid value '\(seed)' for seed: expected an integer in 0...\(Int64.max)")
            }
            plan.seed = seed
        }
        if let units { plan.units = units }
        if let generator { plan.generator = generator }
        try plan.apply(assignments: assignments, splittingLists: false)
        return plan
    }

    /// The equivalent command line.
    public var commandLine: String {
        var words = ["edl", "run", scenario]
        if let learner { words += ["--learner", learner] }
        for (name, value) in assignments { words += ["--set", Self.quoted("\(name)=\(value)")] }
        if let n { words += ["--n", Self.quoted(n)] }
        if let replicates { words += ["--replicates", String(replicates)] }
        if let seed { words += ["--seed", String(seed)] }
        if let units { words += ["--units", units] }
        if let generator { words += ["--generator", generator] }
        return words.joined(separator: " ")
    }

    /// A word quoted for a POSIX shell when it holds anything but safe characters.
    static func quoted(_ word: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:=/+")
        if word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A canonical text of the configuration, for the cache.
    var key: String {
        [
            scenario, learner ?? "", assignments.map { "\($0.name)=\($0.value)" }.joined(separator: "&"), n ?? "",
            replicates.map(String.init) ?? "", seed.map(String.init) ?? "", units ?? "", generator ?? "",
        ].joined(separator: "|")
    }
}
