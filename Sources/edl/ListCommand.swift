import ArgumentParser
import Scenarios

/// `edl list`: every scenario with its learners and parameters.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List scenarios, their learners, parameters and defaults.")

    func run() throws {
        var lines: [String] = []
        for type in ScenarioRegistry.all {
            lines.append("\(type.name)  (\(type.paperSection)) — \(type.summary)")
            lines.append("  parameters:")
            for spec in type.parameters {
                lines.append("    \(spec.name) = \(spec.defaultValue)  (\(spec.acceptedValues)): \(spec.help)")
            }
            lines.append("  learners (default \(type.defaultLearner)):")
            for learner in type.learners {
                lines.append("    \(learner.name): \(learner.summary)")
                for spec in learner.parameters {
                    lines.append("      \(spec.name) = \(spec.defaultValue)  (\(spec.acceptedValues)): \(spec.help)")
                }
            }
        }
        print(lines.joined(separator: "\n"))
    }
}
