/// EDL and its companions at one checkpoint n of one trajectory.
///
/// All quantities are in nats; ``InformationUnit`` converts them for printing.
public struct TrajectoryPoint: Sendable, Equatable {
    /// The number of training examples coded so far.
    public var n: Int
    /// The number of scored tokens among them (n for one token per example).
    public var scoredTokens: Int
    /// MDL(n): the prequential code length of the first n examples, each coded
    /// before the update on it, in nats.
    public var mdl: Double
    /// L_test(θ_n): the population loss of the model after n examples, in
    /// nats per example.
    public var testLoss: Double
    /// EDL(n) = MDL(n) − n·L_test(θ_n), in nats.
    public var edl: Double
    /// SDL(n) = MDL(n) − n·L*, in nats, when the best achievable loss L* is known.
    public var sdl: Double?
    /// Per-part splits (token class or mixture component) when the accountant
    /// tracks more than one part; they sum to ``mdl`` and ``edl``.
    public var parts: [Part]
    /// Σ_i ℓ(θ*; x_i, y_i): the final model's code length on its own n
    /// training examples, in nats (n·L_train(θ*)), when the learner tracks
    /// it; `nil` otherwise.
    public var trainingCodeLength: Double? = nil

    /// The share of one part (a token class or a mixture component).
    public struct Part: Sendable, Equatable {
        /// The part's code length: the sum of its tokens' code lengths, in nats.
        public var mdl: Double
        /// The part's share of the test loss, in nats per example.
        public var testLoss: Double
        /// The part's share of EDL: `mdl − n·testLoss`, in nats.
        public var edl: Double
        /// The number of the part's tokens coded so far.
        public var scoredTokens: Int
    }

    /// The regret against the final model, R_n(θ*) = MDL(n) − Σ_i ℓ(θ*; x_i, y_i),
    /// in nats: what coding online cost beyond coding with θ* from the
    /// start (Docs/Theory.md, "The regret split").
    public var regret: Double? { trainingCodeLength.map { mdl - $0 } }

    /// The generalisation-gap term n·(L_train(θ*) − L_test(θ*)), in nats:
    /// negative when the final model fits its training examples better than
    /// the population. ``regret`` plus this term is ``edl`` (up to rounding).
    public var generalizationGap: Double? {
        // Not fused: where the learner's training loss is its test loss
        // (a learner that never learns, a model whose loss depends on n only)
        // its code length is n·L rounded the same way, and the gap is 0 exactly.
        trainingCodeLength.map { $0 - Double(n) * testLoss }
    }

    /// EDL(n)/n, in nats per example.
    public var edlPerExample: Double { n > 0 ? edl / Double(n) : 0 }

    /// EDL(n)/D with D the number of scored tokens, in nats per token.
    public var edlPerToken: Double { scoredTokens > 0 ? edl / Double(scoredTokens) : 0 }

    /// EDL(n)/MDL(n): the share of the code that was learnable structure
    /// (dimensionless), or `nil` when MDL(n) is 0.
    public var edlOverMDL: Double? { mdl != 0 ? edl / mdl : nil }
}
