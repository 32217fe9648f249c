import EDL
import GSL
import Scenarios

/// One replicate followed example by example: every first-pass code length
/// and the final model's test loss, for the area picture of EDL.
public struct TrajectoryTrace: Sendable {
    /// Code length of each example, in nats, in order.
    public var codeLengths: [Double]
    /// L_test(θ*) after the last example, in nats per example.
    public var testLoss: Double

    /// Runs replicate 0 of `experiment` for its largest n, one example at a time.
    public init(_ experiment: Experiment) throws {
        let scenario = experiment.scenario
        var trajectory = try scenario.makeTrajectory(
            random: RandomSource(seed: experiment.seed(ofReplicate: 0), kind: experiment.generator))
        let parts = max(ExperimentRunner.splitParts(of: scenario).count, 1)
        var lengths: [Double] = []
        for _ in 0..<experiment.grid.largest {
            // A fresh accountant per example holds exactly that example's code length.
            var single = PrequentialAccountant(partCount: parts)
            trajectory.advance(by: 1, recording: &single)
            lengths.append(single.mdl)
        }
        trajectory.finishCheckpoint()
        codeLengths = lengths
        testLoss = trajectory.populationLoss()
    }
}
