import EDL
import GSL
import Scenarios

/// The outcome of an ``Experiment``: one aggregated row per grid point.
public struct ExperimentResult: Sendable {
    /// The scenario configuration (scenario, learner, parameters).
    public var configuration: ScenarioConfiguration
    /// The grid the rows follow.
    public var grid: NGrid
    /// The number of replicates R.
    public var replicates: Int
    /// The master seed.
    public var seed: UInt64
    /// The generator kind.
    public var generator: RandomGeneratorKind
    /// L*, nats per example, if known.
    public var bestLoss: Double?
    /// Which theory applies, in words.
    public var theoryNote: String
    /// The scenario's extra metrics, in the order of ``ResultRow/metrics``.
    public var metrics: [Metric]
    /// The names of the parts MDL and EDL are split into (empty for one part).
    public var partNames: [String]
    /// The exact expected curve, where the scenario has one.
    public var theory: ExpectedCurve?
    /// One row per grid point, in grid order.
    public var rows: [ResultRow]

    /// The elicitation/teaching signature of the EDL/n curve (peak value in nats).
    public var signature: Signature? {
        // L(θ₀) = L(θ_n) + (L(θ₀) − L(θ_n)) on every replicate, so on the means too.
        let learning = rows.first.map { first in
            Signature.Learning(
                initialLoss: first.testLoss.mean + first.generalizationGain.mean, testLoss: rows.map(\.testLoss.mean),
                testLossErrors: rows.map(\.testLoss.standardError))
        }
        return Signature(
            n: rows.map(\.n), means: rows.map(\.edlPerSample.mean),
            standardErrors: rows.map { $0.edlPerSample.standardError }, learning: learning)
    }
}
