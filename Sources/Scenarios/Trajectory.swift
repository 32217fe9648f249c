import EDL

/// One replicate: a world, its stream of examples, and a learner that codes
/// each example before it updates on it.
///
/// The runner alternates ``advance(by:recording:)`` and ``populationLoss()``
/// along the n-grid, so one trajectory serves every n of the grid.
public protocol Trajectory {
    /// Draws the next `count` examples; for each, records the learner's code
    /// length (nats, before the update) in `accountant`, then updates.
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant)

    /// The exact population loss of the learner's current state, in nats per example.
    func populationLoss() -> Double

    /// The population loss split into the scenario's parts (see
    /// ``Scenario/partNames``), each weighted by its share of the population
    /// so that they sum to ``populationLoss()``; one part by default.
    func populationLossByPart() -> [Double]

    /// Whether the learner updates on the examples it codes (true unless frozen).
    var isLearning: Bool { get set }

    /// Prepares the checkpoint after the examples so far: a learner with a
    /// final-model procedure (extra epochs, early stopping) builds θ* here;
    /// the runner calls it before reading losses and metrics.
    mutating func finishCheckpoint()

    /// The learner's number of trainable parameters P.
    var parameterCount: Int { get }

    /// Σ_i ℓ(θ*; x_i, y_i): the final model's code length on the training
    /// examples so far, in nats (n·L_train(θ*), read after
    /// ``finishCheckpoint()``); `nil` when the learner does not track it.
    /// With it the runner reports the regret split EDL = R_n(θ*) +
    /// n·(L_train(θ*) − L_test(θ*)).
    func trainingCodeLength() -> Double?

    /// The values of the scenario's ``Scenario/metrics`` for the current
    /// state, in the same order (information in nats); `nil` where a metric
    /// is undefined for this learner.
    func metricValues() -> [Double?]

    /// Threads the runner leaves idle while this trajectory runs (0 unless
    /// there are fewer replicate chunks than threads). A trajectory may put
    /// them to work inside one long ``advance(by:recording:)``; its results
    /// must not depend on it.
    var spareThreads: Int { get set }
}

extension Trajectory {
    /// No extra metrics.
    public func metricValues() -> [Double?] { [] }

    /// Not tracked.
    public func trainingCodeLength() -> Double? { nil }

    /// One part: the whole population loss.
    public func populationLossByPart() -> [Double] { [populationLoss()] }

    /// Nothing to prepare: θ* is the current state.
    public mutating func finishCheckpoint() {}

    /// Trajectories that cannot use spare threads ignore them.
    public var spareThreads: Int {
        get { 0 }
        set {}
    }
}
