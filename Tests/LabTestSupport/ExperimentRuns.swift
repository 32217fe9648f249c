import Lab
import Scenarios

/// Runs `replicates` replicates of `scenario` with `learner` and the
/// parameter `assignments` on the n-grid `grid`, on `threads` threads.
package func runExperiment(
    _ scenario: String, _ learner: String, _ assignments: [(name: String, value: String)], grid: String,
    replicates: Int, seed: UInt64, threads: Int = 2
) throws -> ExperimentResult {
    try ExperimentRunner.run(
        scenario, learner: learner, assignments: assignments, grid: grid, replicates: replicates, seed: seed,
        threads: threads)
}
