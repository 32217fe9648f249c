import Charts
import EDL
import Scenarios

/// The area picture of one experiment: one trajectory's first-pass code
/// lengths (replicate 0), its final test loss, and the expected code length
/// of every example, E[L(θ_{i−1})], estimated from the same configuration's
/// replicates at every n.
package enum AreaPicture {
    /// The most examples a picture draws as bars.
    package static let maximumExamples = 10_000
    /// The most replicates the expected curve is averaged over.
    package static let maximumReplicates = 1000

    /// The chart in `unit` for `experiment`'s largest n.
    /// - Throws: ``LabError`` when n exceeds ``maximumExamples``, and what the runs throw.
    package static func chart(
        of experiment: Experiment, title: String, unit: InformationUnit, threads: Int
    ) throws -> AreaChart {
        let n = experiment.grid.largest
        guard n <= maximumExamples else {
            throw LabError(
                "an area picture draws one bar per example and takes n ≤ \(maximumExamples); the grid's largest n is \(n)")
        }
        let trace = try TrajectoryTrace(experiment)
        // E[L(θ_i)] at every i < n: the mean test loss of the replicates at each n, and L(θ₀).
        let every = try Experiment(
            scenario: experiment.scenario, grid: NGrid(parsing: "1...\(n)"),
            replicates: min(experiment.replicates, maximumReplicates), seed: experiment.seed, generator: experiment.generator)
        let rows = try ExperimentRunner(threads: threads).run(every).rows
        var expected = [rows[0].testLoss.mean + rows[0].generalizationGain.mean]
        expected += rows.dropLast().map(\.testLoss.mean)
        return AreaChart(
            title: title, codeLengths: trace.codeLengths.map(unit.fromNats), testLoss: unit.fromNats(trace.testLoss),
            unit: unit.rawValue, expectedLoss: expected.map(unit.fromNats))
    }
}
