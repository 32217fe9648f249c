import EDL

/// A non-generic wrapper around a generic trajectory, for the learner types
/// whose per-example loop is hot.
///
/// The runner reaches trajectories as `any Trajectory`. For a generic type
/// such as `CouponCollectorTrajectory<OneShotConceptLearner>` that call lands
/// in the unspecialised generic body, or at best in an `@_specialize`
/// pre-specialisation, which (measured with Swift 6.3, release build) does
/// not inline the learner's `@inlinable` methods from the Learners module: 3–4
/// calls per example. A concrete wrapper type is specialised and optimised
/// like any other code, so the whole step inlines into one loop. The wrapper
/// only forwards; it changes no number.
protocol ConcreteTrajectory: Trajectory {
    associatedtype Base: Trajectory
    /// The wrapped trajectory.
    var base: Base { get set }
}

extension ConcreteTrajectory {
    @inline(always)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        base.advance(by: count, recording: &accountant)
    }

    func populationLoss() -> Double { base.populationLoss() }

    func populationLossByPart() -> [Double] { base.populationLossByPart() }

    var isLearning: Bool {
        get { base.isLearning }
        set { base.isLearning = newValue }
    }

    mutating func finishCheckpoint() { base.finishCheckpoint() }

    var parameterCount: Int { base.parameterCount }

    func metricValues() -> [Double?] { base.metricValues() }

    func trainingCodeLength() -> Double? { base.trainingCodeLength() }

    var spareThreads: Int {
        get { base.spareThreads }
        set { base.spareThreads = newValue }
    }
}
