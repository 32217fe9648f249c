/// The most work a command starts without being asked: examples to simulate
/// (cells × replicates × largest n, and the passes of a gradient learner's
/// extra epochs at every checkpoint), checked before any work, so that a typo
/// such as `--n 1000000000000` is refused at once instead of running for days.
package enum WorkLimit {
    /// The default limit: 10¹¹ examples (hours to days for the lab's learners on 2 cores).
    package static let defaultExamples = 1e11

    /// - Throws: ``LabError`` giving the estimate, the limit and the option that lifts it.
    package static func check(examples: Double, limit: Double?) throws {
        let bound = limit ?? defaultExamples
        guard examples <= bound else {
            throw LabError(
                String(
                    format: "the run would process %.3g examples (cells × replicates × largest n, extra epochs included), above the limit of %.3g; "
                        + "ask for fewer replicates or a smaller n, or lift the limit with --max-work %.3g",
                    examples, bound, examples))
        }
    }

    /// Checks a `--max-work` value.
    /// - Throws: ``LabError`` for a value that is not a positive finite number.
    package static func validated(_ value: Double?) throws -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value >= 1 else {
            throw LabError("invalid value '\(value)' for --max-work: expected a number of examples of at least 1, e.g. 1e12")
        }
        return value
    }
}
