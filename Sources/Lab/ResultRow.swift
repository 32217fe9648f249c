import EDL

/// The aggregate over replicates at one checkpoint n. Values are in nats.
///
/// The measured quantities are held in ``ResultSchema`` order; the named
/// properties below read them.
public struct ResultRow: Sendable, Equatable {
    public static func == (left: ResultRow, right: ResultRow) -> Bool {
        left.n == right.n && left.measured == right.measured && left.metrics == right.metrics
            && left.parts.elementsEqual(right.parts) { $0.edl == $1.edl && $0.mdl == $1.mdl }
            && left.theoryEDL == right.theoryEDL && left.theoryMDL == right.theoryMDL
            && left.theoryTestLoss == right.theoryTestLoss
    }

    /// The number of training examples.
    public var n: Int
    /// Every measured quantity of the results schema, in its order; `nil`
    /// where no replicate reported it.
    package var measured: [Estimate?]
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

    /// The aggregate of one measured quantity, nil where no replicate reported it.
    package subscript(measure: ResultSchema.Measure) -> Estimate? { measured[measure.rawValue] }

    private typealias Index = ResultSchema.Measure

    /// A quantity every replicate reports (an empty estimate only without replicates).
    private func always(_ measure: ResultSchema.Measure) -> Estimate {
        measured[measure.rawValue] ?? Estimate(mean: 0, count: 0, standardError: nil)
    }

    /// MDL(n), nats.
    public var mdl: Estimate { always(Index.mdl) }
    /// L_test(θ_n), nats per example.
    public var testLoss: Estimate { always(Index.testLoss) }
    /// EDL(n), nats.
    public var edl: Estimate { always(Index.edl) }
    /// SDL(n) = MDL(n) − n·L*, nats, when L* is known.
    public var sdl: Estimate? { self[Index.sdl] }
    /// L(θ₀) − L(θ_n): how much the population loss fell, nats per example.
    public var generalizationGain: Estimate { always(Index.generalizationGain) }
    /// The learner's trainable parameter count P at n (mean over replicates).
    public var parameterCount: Estimate { always(Index.parameterCount) }
    /// D, the number of scored tokens (n for one token per example).
    public var scoredTokens: Estimate { always(Index.scoredTokens) }
    /// EDL/D, nats per scored token.
    public var edlPerToken: Estimate { always(Index.edlPerToken) }
    /// EDL/P, nats per trainable parameter (`nil` for learners without parameters).
    public var edlPerParameter: Estimate? { self[Index.edlPerParameter] }
    /// L_train(θ*): the final model's mean code length on its own training
    /// examples, nats per example (`nil` where the learner does not track it).
    public var trainingLoss: Estimate? { self[Index.trainingLoss] }
    /// R_n(θ*) = MDL(n) − n·L_train(θ*): the regret against the final model, nats.
    public var regret: Estimate? { self[Index.regret] }
    /// n·(L_train(θ*) − L_test(θ*)), nats: with ``regret`` it sums to EDL.
    public var generalizationGap: Estimate? { self[Index.generalizationGap] }

    /// EDL(n)/n, nats per example.
    public var edlPerSample: Estimate { edl.scaled(by: 1 / Double(n)) }

    /// Whether every replicate gave the same EDL (more than one replicate,
    /// standard error 0 up to rounding): the SE then says nothing about
    /// events none of them saw, such as a rare draw that keeps the learner
    /// from its rule.
    public var isDegenerate: Bool {
        guard edl.count > 1, let se = edl.standardError else { return false }
        return se <= 1e-12 * max(1, abs(edl.mean))
    }

    /// The 95 % interval for E[EDL(n)], nats. From Student's t, except where
    /// the replicates are degenerate (``isDegenerate``): then it reaches from
    /// the mean to the exact expectation where a closed form exists, and
    /// otherwise ± (3/R)·n·L(θ₀) around the mean (the lab's rule-of-three
    /// bound: an outcome none of R replicates showed has probability below
    /// 3/R at 95 %, and moves EDL by at most about n·L(θ₀), the code of n
    /// examples at the initial loss).
    public var edlInterval95: ClosedRange<Double>? {
        guard isDegenerate else { return edl.confidenceInterval95 }
        let mean = edl.mean
        guard mean.isFinite else { return nil }
        if let theory = theoryEDL, theory.isFinite { return min(mean, theory)...max(mean, theory) }
        let initialLoss = testLoss.mean + generalizationGain.mean
        let halfWidth = 3 / Double(edl.count) * Double(n) * abs(initialLoss)
        guard halfWidth.isFinite else { return nil }
        return (mean - halfWidth)...(mean + halfWidth)
    }

    /// Mean EDL over mean MDL: the share of the code that was learnable
    /// structure (dimensionless), or `nil` when mean MDL is 0.
    public var edlOverMDL: Double? { mdl.mean != 0 ? edl.mean / mdl.mean : nil }
}
