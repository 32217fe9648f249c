import EDL

/// The aggregate over replicates at one checkpoint n. Values are in nats.
public struct ResultRow: Sendable, Equatable {
    public static func == (left: ResultRow, right: ResultRow) -> Bool {
        left.n == right.n && left.mdl == right.mdl && left.testLoss == right.testLoss && left.edl == right.edl
            && left.sdl == right.sdl && left.generalizationGain == right.generalizationGain
            && left.parameterCount == right.parameterCount && left.metrics == right.metrics
            && left.scoredTokens == right.scoredTokens && left.edlPerToken == right.edlPerToken
            && left.edlPerParameter == right.edlPerParameter && left.trainingLoss == right.trainingLoss
            && left.regret == right.regret && left.generalizationGap == right.generalizationGap
            && left.parts.elementsEqual(right.parts) { $0.edl == $1.edl && $0.mdl == $1.mdl }
            && left.theoryEDL == right.theoryEDL && left.theoryMDL == right.theoryMDL
            && left.theoryTestLoss == right.theoryTestLoss
    }

    /// The number of training examples.
    public var n: Int
    /// MDL(n), nats.
    public var mdl: Estimate
    /// L_test(θ_n), nats per example.
    public var testLoss: Estimate
    /// EDL(n), nats.
    public var edl: Estimate
    /// SDL(n) = MDL(n) − n·L*, nats, when L* is known.
    public var sdl: Estimate?
    /// L(θ₀) − L(θ_n): how much the population loss fell, nats per example.
    public var generalizationGain: Estimate
    /// The learner's trainable parameter count P at n (mean over replicates).
    public var parameterCount: Estimate
    /// D, the number of scored tokens (n for one token per example).
    public var scoredTokens: Estimate
    /// EDL/D, nats per scored token.
    public var edlPerToken: Estimate
    /// EDL/P, nats per trainable parameter (`nil` for learners without parameters).
    public var edlPerParameter: Estimate?
    /// L_train(θ*): the final model's mean code length on its own training
    /// examples, nats per example (`nil` where the learner does not track it).
    public var trainingLoss: Estimate?
    /// R_n(θ*) = MDL(n) − n·L_train(θ*): the regret against the final model, nats.
    public var regret: Estimate?
    /// n·(L_train(θ*) − L_test(θ*)), nats: with ``regret`` it sums to EDL.
    public var generalizationGap: Estimate?
    /// The scenario's extra metrics (``ExperimentResult/metrics``), `nil`
    /// where undefined for the learner.
    public var metrics: [Estimate?]
    /// Each part's share of EDL and MDL, nats (``ExperimentResult/partNames``).
    public var parts: [(edl: Estimate, mdl: Estimate)]
    /// E[EDL(n)] from theory, nats, where a closed form exists.
    public var theoryEDL: Double?
    /// E[MDL(n)] from theory, nats.
    public var theoryMDL: Double?
    /// E[L_test(θ_n)] from theory, nats per example.
    public var theoryTestLoss: Double?

    /// EDL(n)/n, nats per example.
    public var edlPerSample: Estimate { edl.scaled(by: 1 / Double(n)) }

    /// Mean EDL over mean MDL: the share of the code that was learnable
    /// structure (dimensionless), or `nil` when mean MDL is 0.
    public var edlOverMDL: Double? { mdl.mean != 0 ? edl.mean / mdl.mean : nil }
}
