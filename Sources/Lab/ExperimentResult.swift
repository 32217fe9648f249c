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
    /// One row per grid point, in grid order (made when read: see ``ResultRows``).
    public var rows: ResultRows

    /// The elicitation/teaching signature of the EDL/n curve (peak value in nats).
    public var signature: Signature? {
        // L(θ₀) = L(θ_n) + (L(θ₀) − L(θ_n)) on every replicate, so on the means too.
        // One pass over the rows (each is built when read).
        var n: [Int] = [], means: [Double] = [], errors: [Double?] = [], losses: [Double] = [], lossErrors: [Double?] = []
        var initialLoss: Double?
        for row in rows {
            if initialLoss == nil { initialLoss = row.testLoss.mean + row.generalizationGain.mean }
            n.append(row.n)
            means.append(row.edlPerSample.mean)
            errors.append(row.edlPerSample.standardError)
            losses.append(row.testLoss.mean)
            lossErrors.append(row.testLoss.standardError)
        }
        let learning = initialLoss.map { Signature.Learning(initialLoss: $0, testLoss: losses, testLossErrors: lossErrors) }
        return Signature(n: n, means: means, standardErrors: errors, learning: learning)
    }
}
