/// The most work a command starts without being asked, in steps: cells ×
/// replicates × each replicate's examples (the largest n, the passes of a
/// gradient learner's extra epochs at every checkpoint, and for a posterior
/// over m rules a step per rule kept for every example and every input of a
/// checkpoint's test loss; ``Scenario/work(grid:)``), checked before any work, so that a typo
/// such as `--n 1000000000000` is refused at once instead of running for days.
package enum WorkLimit {
    /// The default limit: 10¹¹ steps (minutes to hours for the lab's learners on 2 cores).
    package static let defaultExamples = 1e11

    /// - Throws: ``LabError`` giving the estimate, the limit and the option that lifts it.
    package static func check(examples: Double, limit: Double?) throws {
        let bound = limit ?? defaultExamples
        guard examples <= bound else {
            throw LabError(
                String(
                    format: "the run would take %.3g steps (cells × replicates × examples; extra epochs, and a step per rule a posterior keeps, included), above the limit of %.3g; "
                        + "ask for fewer replicates or a smaller n, or lift the limit with --max-work %.3g",
                    examples, bound, examples))
        }
    }

    /// Checks a `--max-work` value.
    /// - Throws: ``LabError`` for a value that is not a positive finite number.
    package static func validated(_ value: Double?) throws -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value >= 1 else {
            throw LabError("invalid value '\(value)' for --max-work: expected a number of steps of at least 1, e.g. 1e12")
        }
        return value
    }
}
