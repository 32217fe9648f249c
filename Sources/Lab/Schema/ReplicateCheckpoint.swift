import EDL

/// One replicate's state at one checkpoint n, as the measured quantities of
/// ``ResultSchema`` read it.
package struct ReplicateCheckpoint {
    /// The accountant's point: MDL, test loss, EDL, SDL, parts, training code length.
    package var point: TrajectoryPoint
    /// L(θ₀), nats per example.
    package var initialLoss: Double
    /// The learner's trainable parameter count P.
    package var parameterCount: Int
}
