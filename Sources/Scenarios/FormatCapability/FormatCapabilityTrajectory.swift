import EDL
import GSL
import Learners

/// One replicate of the simulated ``FormatCapability`` model: every example
/// is T format tokens (the world's format) and one answer token (a
/// coupon-collector concept's label). Scored token classes are recorded in
/// the accountant, format tokens in part `format` and answers in part `answer`
/// (parts 0 and 1 of the scope it is handed, so a mixture can place them).
struct FormatCapabilityTrajectory<Model: ConceptLearner>: Trajectory {
    private var formatTokens: FormatTokens
    private var capability: CouponCollectorTrajectory<Model>
    private let score: FormatCapability.Scoring
    private let scoresAnswer: Bool
    private let answerPart: Int
    var isLearning = true {
        didSet {
            capability.isLearning = isLearning
            formatTokens.isLearning = isLearning
        }
    }

    init(
        format: FormatLearner, capability: CouponCollectorTrajectory<Model>, trueFormat: Int,
        score: FormatCapability.Scoring
    ) {
        self.capability = capability
        self.score = score
        scoresAnswer = score.scoresAnswer
        answerPart = score == .all ? 1 : 0
        // Format tokens go to part 0; they are recorded from inside the
        // answer's scope, so relative to it.
        formatTokens = FormatTokens(learner: format, trueFormat: trueFormat, part: -answerPart, isScored: score.scoresFormat)
    }

    private var format: FormatLearner { formatTokens.learner }

    /// The capability runs the examples in one call, recording each
    /// example's format tokens before its answer (see ``ExamplePrelude``):
    /// the same tokens in the same order as one example at a time.
    @_specialize(where Model == OneShotConceptLearner)
    @_specialize(where Model == PerInputDirichletLearner)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        // A Dirichlet format learner's tokens for the whole stretch at once
        // (part 0, the format's), then the answers on their own.
        if formatTokens.recordStretch(of: count, into: &accountant, partInScope: 0) {
            if scoresAnswer {
                accountant.withScope(firstPart: answerPart) { capability.advance(by: count, recording: &$0) }
            } else {
                accountant.completeExamples(count)
            }
            return
        }
        if scoresAnswer {
            accountant.withScope(firstPart: answerPart) {
                capability.advance(by: count, recording: &$0, after: &formatTokens)  // each answer completes its example
            }
        } else {
            for _ in 0..<count {
                formatTokens.recordTokens(into: &accountant)
                accountant.completeExample()
            }
        }
    }

    func populationLossByPart() -> [Double] {
        switch score {
        case .all: [format.loss, capability.populationLoss()]
        case .format: [format.loss]
        case .answer: [capability.populationLoss()]
        }
    }

    func populationLoss() -> Double { populationLossByPart().reduce(0, +) }

    var parameterCount: Int { format.parameterCount + capability.parameterCount }

    func metricValues() -> [Double?] { capability.metricValues() }

    /// The scored tokens' code length under the final model: every training
    /// example shows the world's format, so its format tokens cost the format
    /// loss, −ln p(f*), each; the answers cost what the capability learner
    /// reports (`nil` when it does not track it, or when frozen).
    func trainingCodeLength() -> Double? {
        guard isLearning else { return nil }
        var total = score.scoresFormat ? Double(format.observed) * format.loss : 0
        if scoresAnswer {
            guard let answers = capability.trainingCodeLength() else { return nil }
            total += answers
        }
        return total
    }
}

/// The paper's analytic model: format loss falls linearly from L_F0 to 0 over
/// n_F examples, capability loss from L_C0 over n_C; example i (coded with
/// θ_{i−1}) costs L_F(i − 1) + L_C(i − 1), split evenly over its T format
/// tokens and its answer token. Deterministic: every replicate is the same.
struct LinearFormatCapabilityTrajectory: Trajectory {
    let curves: LinearLearningCurves
    let tokenCount: Int
    let score: FormatCapability.Scoring
    private var position = 0
    var isLearning = true

    init(curves: LinearLearningCurves, tokenCount: Int, score: FormatCapability.Scoring) {
        self.curves = curves
        self.tokenCount = tokenCount
        self.score = score
    }

    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        for _ in 0..<count {
            let step = isLearning ? position : 0
            let answerPart = score == .all ? 1 : 0
            if score.scoresFormat {
                let perToken = curves.formatLoss(after: step) / Double(tokenCount)
                for _ in 0..<tokenCount { accountant.recordToken(codeLength: perToken, part: 0) }
            }
            if score.scoresAnswer {
                accountant.recordToken(codeLength: curves.capabilityLoss(after: step), part: answerPart)
            }
            accountant.completeExample()
            position += 1
        }
    }

    func populationLossByPart() -> [Double] {
        let step = isLearning ? position : 0
        switch score {
        case .all: return [curves.formatLoss(after: step), curves.capabilityLoss(after: step)]
        case .format: return [curves.formatLoss(after: step)]
        case .answer: return [curves.capabilityLoss(after: step)]
        }
    }

    func populationLoss() -> Double { populationLossByPart().reduce(0, +) }

    var parameterCount: Int { 0 }

    /// The model's loss depends on the number of examples seen, not on which:
    /// the final model codes each training example at its population loss.
    func trainingCodeLength() -> Double? {
        isLearning ? Double(position) * populationLoss() : nil
    }
}
