import ArgumentParser
import GSL
import Scenarios

/// `edl describe SCENARIO`: parameters, learners, theory and the math in words.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Describe a scenario: parameters, learners, theory, the math in words.")

    @Argument(help: "The scenario to describe (see `edl list`).")
    var scenario: String

    @Option(parsing: .unconditional, help: "A learner, to describe the scenario configured with it.")
    var learner: String?

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue, help: ArgumentHelp("A scenario or learner parameter.", valueName: "KEY=VALUE"))
    var assignments: [String] = []

    func run() throws {
        let type = try ScenarioRegistry.scenario(named: scenario)
        let configured = try ScenarioRegistry.make(
            scenario, learner: learner, assignments: assignments.map(RunCommand.assignment))
        var lines = ["\(type.name) — " + (type.paperSection.hasPrefix("§") ? "paper " : "") + type.paperSection, "", type.summary, "", wrap(type.explanation), ""]
        lines.append("Parameters (set with --set KEY=VALUE):")
        for spec in type.parameters {
            lines.append("  \(spec.name) (default \(spec.defaultValue); \(spec.acceptedValues))")
            lines.append("      \(spec.help)")
        }
        lines.append("")
        lines.append("Learners (--learner NAME; default \(type.defaultLearner)) and their theory:")
        for learner in type.learners {
            lines.append("  \(learner.name): \(learner.summary)")
            lines.append("      P (parameter_count, EDL/P's divisor) = \(learner.counts)")
            for spec in learner.parameters {
                lines.append("      --set \(spec.name)=… (default \(spec.defaultValue); \(spec.acceptedValues)): \(spec.help)")
            }
            let configuration = try ScenarioConfiguration(scenario: type, learner: learner.name, assignments: [])
            do {
                let configured = try type.init(configuration: configuration)
                lines.append("      theory: \(configured.theoryNote)")
            } catch let error as ScenarioError {
                lines.append("      with the default parameters: \(error.description)")
            }
        }
        let configuration = configured.configuration
        let parameters = configuration.describedParameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        lines.append("")
        lines.append("This configuration (learner \(configuration.learner), \(parameters)):")
        lines.append("  theory: \(configured.theoryNote)")
        if let trajectory = try? configured.makeTrajectory(random: RandomSource(seed: 1)) {
            lines.append("  P = \(trajectory.parameterCount) parameters (\(type.learners.first { $0.name == configuration.learner }?.counts ?? ""))")
        }
        if let best = configured.bestLoss {
            lines.append("  L* = \(best / 0.693_147_180_559_945_3) bits/example")
        }
        for note in try configured.configurationNotes() {
            lines.append("  " + note)
        }
        print(lines.joined(separator: "\n"))
    }

    /// Wraps prose at 78 columns.
    private func wrap(_ text: String) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > 78, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
