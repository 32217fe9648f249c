import EDL
import GSL

/// A toy population with its true rule, its example sampler, the exact test
/// loss of a learner's state, and closed-form theory where it exists.
///
/// A scenario is configured once (parameters and learner) and then makes one
/// ``Trajectory`` per replicate from that replicate's random source. Adding a
/// scenario means adding one type that conforms to this protocol and one line
/// in ``ScenarioRegistry``.
public protocol Scenario: Sendable {
    /// The registered name, e.g. `random-labels`.
    static var name: String { get }
    /// One line on what the scenario models.
    static var summary: String { get }
    /// The paper section it reproduces, e.g. `§5.1`.
    static var paperSection: String { get }
    /// The scenario's parameters.
    static var parameters: [ParameterSpec] { get }
    /// The learners that fit the scenario.
    static var learners: [LearnerDescriptor] { get }
    /// The learner used when none is named.
    static var defaultLearner: String { get }
    /// The model and its theory in words, for `edl describe`.
    static var explanation: String { get }
    /// Whether the scenario is composed of other scenarios and takes their
    /// parameters as `cN.KEY=VALUE`.
    static var hasComponents: Bool { get }

    /// Configures the scenario.
    /// - Throws: ``ScenarioError`` when the parameters do not fit together.
    init(configuration: ScenarioConfiguration) throws

    /// The configuration it was built from.
    var configuration: ScenarioConfiguration { get }

    /// The best achievable population loss L*, in nats per example, if known.
    var bestLoss: Double? { get }

    /// The exact expected curve of the configured learner at the grid points,
    /// or `nil` where no closed form is implemented.
    /// - Throws: ``GSLError`` if a special function fails.
    func expectedCurve(at grid: [Int]) throws -> ExpectedCurve?

    /// The memory a run of this configuration holds: what is built once and
    /// what one replicate holds at most while it runs to `examples` examples,
    /// in bytes (see ``MemoryEstimate``); checked before a run starts.
    func memoryEstimate(examples: Int) -> MemoryEstimate

    /// The work of one replicate over the checkpoints `grid` (increasing), in
    /// examples processed: the examples drawn (the last point), plus the
    /// passes a learner makes over them again at checkpoints (a gradient
    /// learner's extra epochs and their validation); checked against the
    /// work limit before a run starts.
    func work(grid: [Int]) -> Double

    /// The largest n the configured learner can count to: learners that keep
    /// 32-bit counters (so their tables stay small) stop at 2^31 − 1 examples;
    /// a grid beyond it is refused before any work.
    var largestExamples: Int { get }

    /// Which theory applies to the configured learner, in one sentence.
    var theoryNote: String { get }

    /// Draws a world and an example stream from `random`, and pairs it with a
    /// fresh learner.
    func makeTrajectory(random: RandomSource) throws -> any Trajectory

    /// Extra quantities the configured learner reports at each checkpoint
    /// (see ``Trajectory/metricValues()``); none by default.
    var metrics: [Metric] { get }

    /// Names of the parts the accountant splits MDL and EDL into (such as
    /// mixture components `c1`, `c2`); none by default (one part).
    var partNames: [String] { get }

    /// Like ``makeTrajectory(random:)``, but with `learning` false the
    /// learner codes every example with its initial state and never updates.
    /// - Throws: ``ScenarioError`` if the scenario cannot freeze its learner.
    func makeTrajectory(random: RandomSource, learning: Bool) throws -> any Trajectory

    /// Facts about this configuration computed from its theory (such as
    /// where EDL/n peaks), one sentence each, for `edl describe`.
    /// - Throws: ``GSLError`` if a special function fails.
    func configurationNotes() throws -> [String]

    /// The configured pair as a ``GenericTrajectory`` over the scenario's
    /// ``World``, drawing the same examples as ``makeTrajectory(random:)``
    /// from the same source: the reference the tuned trajectory is checked
    /// against. `nil` where the scenario has no world for this learner.
    func makeReferenceTrajectory(random: RandomSource) throws -> (any Trajectory)?
}

extension Scenario {
    /// Not composite.
    public static var hasComponents: Bool { false }

    /// No counter limit beyond the grid's.
    public var largestExamples: Int { Int.max }

    /// Each example once.
    public func work(grid: [Int]) -> Double { Double(grid.last ?? 0) }

    /// No extra metrics.
    public var metrics: [Metric] { [] }

    /// One part.
    public var partNames: [String] { [] }

    /// Builds the trajectory and switches its learning on or off.
    public func makeTrajectory(random: RandomSource, learning: Bool) throws -> any Trajectory {
        var trajectory = try makeTrajectory(random: random)
        trajectory.isLearning = learning
        return trajectory
    }

    /// No configuration notes.
    public func configurationNotes() throws -> [String] { [] }

    /// No generic reference.
    public func makeReferenceTrajectory(random: RandomSource) throws -> (any Trajectory)? { nil }
}
