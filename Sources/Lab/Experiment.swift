import GSL
import Scenarios

/// One cell of work: a configured scenario, the n-grid, how many replicates,
/// the master seed and the generator kind.
public struct Experiment: Sendable {
    /// The configured scenario (parameters and learner).
    public var scenario: any Scenario
    /// The checkpoints.
    public var grid: NGrid
    /// The number of independent replicates R (≥ 1).
    public var replicates: Int
    /// The master seed; replicate seeds derive from it (``SeedDerivation``).
    public var seed: UInt64
    /// The GSL generator algorithm.
    public var generator: RandomGeneratorKind

    /// The most replicates one experiment may ask for.
    public static let maximumReplicates = 100_000_000

    /// Creates an experiment.
    /// - Throws: ``LabError`` if `replicates` is outside 1...``maximumReplicates``, or the
    ///   grid goes beyond the learner's ``Scenarios/Scenario/largestExamples``.
    public init(
        scenario: any Scenario, grid: NGrid, replicates: Int, seed: UInt64,
        generator: RandomGeneratorKind = .standard
    ) throws {
        guard (1...Self.maximumReplicates).contains(replicates) else {
            throw LabError("invalid value '\(replicates)' for --replicates: expected an integer in 1...\(Self.maximumReplicates)")
        }
        guard grid.largest <= scenario.largestExamples else {
            throw LabError(
                "n = \(grid.largest) is beyond what learner \(scenario.configuration.learner) of \(scenario.configuration.scenario) "
                    + "can count (32-bit counts): the grid's largest n must be at most \(scenario.largestExamples)")
        }
        self.scenario = scenario
        self.grid = grid
        self.replicates = replicates
        self.seed = seed
        self.generator = generator
    }

    /// The seed of replicate `index`.
    public func seed(ofReplicate index: Int) -> UInt64 {
        SeedDerivation.seed(master: seed, cell: scenario.configuration.worldText, replicate: index)
    }
}
