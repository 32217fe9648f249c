import EDL
import Foundation
import GSL
import Learners

/// The paper's §5.5 toy model: each target is a cheap part (the answer
/// format, learned early) and an expensive part (the capability, learned
/// late). Format learning makes an early transient in EDL/n; scoring answer
/// tokens only, or pre-learning the format, removes it.
public struct FormatCapability: Scenario {
    public static let name = "format-capability"
    public static let summary = "a cheap format plus an expensive capability: early transients and token-level scoring"
    public static let paperSection = "§5.5"
    public static let defaultLearner = "bayes"

    static let simulatedOnly = ["formats", "format_learner", "format_alpha", "pretrained_format", "K", "k"]
    static let linearOnly = ["L_F0", "n_F", "L_C0", "n_C"]

    public static let parameters: [ParameterSpec] = [
        .choice(
            name: "model", help: "simulated: a format and a coupon-collector capability; linear: the paper's linear curves",
            default: Model.simulated),
        ParameterSpec(
            name: "format_tokens", help: "format tokens T before each example's one answer token",
            kind: .integer(1...16), defaultValue: .integer(2)),
        .choice(name: "score", help: "which token classes enter MDL and the test loss", default: Scoring.all),
        ParameterSpec(
            name: "formats", help: "simulated: number of possible formats F; the world fixes one for all examples",
            kind: .integer(2...1_048_576), defaultValue: .integer(64)),
        .choice(
            name: "format_learner", help: "simulated: dirichlet (gradual, format_alpha) or bayes (one-shot) over formats",
            default: FormatLearnerChoice.dirichlet),
        ParameterSpec(
            name: "format_alpha", help: "simulated: Dirichlet pseudo-count per format (larger learns the format slower)",
            kind: .real(lower: 0, upper: 1e6, lowerOpen: true, upperOpen: false), defaultValue: .real(1)),
        .choice(name: "pretrained_format", help: "simulated: the learner knows the format from the start", default: Switch.false),
        ParameterSpec(
            name: "K", help: "simulated: capability concepts (a coupon collector)",
            kind: .integer(1...10_000_000), defaultValue: .integer(1000)),
        ParameterSpec(
            name: "k", help: "simulated: answer labels", kind: .integer(2...1_000_000), defaultValue: .integer(10)),
        ParameterSpec(
            name: "L_F0", help: "linear: initial format loss, bits per example",
            kind: .real(lower: 0, upper: 1e6, lowerOpen: false, upperOpen: false), defaultValue: .real(1)),
        ParameterSpec(
            name: "n_F", help: "linear: examples until the format is learned",
            kind: .real(lower: 0, upper: 1e12, lowerOpen: true, upperOpen: false), defaultValue: .real(10)),
        ParameterSpec(
            name: "L_C0", help: "linear: initial capability loss, bits per example",
            kind: .real(lower: 0, upper: 1e6, lowerOpen: false, upperOpen: false), defaultValue: .real(1)),
        ParameterSpec(
            name: "n_C", help: "linear: examples until the capability is learned",
            kind: .real(lower: 0, upper: 1e12, lowerOpen: true, upperOpen: false), defaultValue: .real(1000)),
    ]

    /// The two models of the scenario.
    public enum Model: String, TypedChoice {
        case simulated, linear
    }

    /// Which token classes enter MDL and the test loss.
    public enum Scoring: String, TypedChoice {
        case all, answer, format

        /// Whether format tokens are scored.
        var scoresFormat: Bool { self != .answer }
        /// Whether answer tokens are scored.
        var scoresAnswer: Bool { self != .format }
        /// The accountant's parts: both classes when both are scored.
        var partNames: [String] { self == .all ? ["format", "answer"] : [] }
    }

    /// How the simulated model learns the format.
    public enum FormatLearnerChoice: String, TypedChoice {
        case dirichlet, bayes
    }

    /// The capability learners, in the order `edl list` shows them.
    public enum Learner: String, TypedChoice {
        case bayes, dirichlet, uniform

        var descriptor: LearnerDescriptor {
            switch self {
            case .bayes:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "capability: one-shot Bayes per concept (as in coupon-collector); model=linear uses it as its default",
                    counts: "formats − 1 for the format (0 when pretrained) plus (k − 1)·K for the concepts' labels")
            case .dirichlet:
                LearnerDescriptor(
                    name: rawValue, summary: "capability: per-concept Dirichlet(alpha) estimate",
                    counts: "formats − 1 for the format (0 when pretrained) plus (k − 1)·K for the concepts' labels", parameters: [.dirichletAlpha(default: 0.5, help: "Dirichlet pseudo-count per answer label")])
            case .uniform:
                LearnerDescriptor(
                    name: rawValue, summary: "capability: always 1/k", counts: "formats − 1 for the format (0 when pretrained)")
            }
        }

        /// The same learner of the coupon collector that models the capability.
        var capabilityLearner: CouponCollector.Learner {
            switch self {
            case .bayes: .bayes
            case .dirichlet: .dirichlet
            case .uniform: .uniform
            }
        }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        Each example's target is T format tokens followed by one answer token. The format is one of F \
        formats, fixed by the world and shared by every example: cheap structure, learned from the \
        first few examples. The answer is a coupon-collector concept's label: expensive structure, \
        learned one concept at a time. The accountant works per token: D is the number of scored \
        tokens, EDL/token = EDL/D, and EDL splits into a format and an answer share that sum to the \
        total. With score=all, format learning puts an early transient into EDL/n — a hump near the \
        number of examples the format takes — before the capability's coupon-collector hump near \
        1.79 K; the transient can be mistaken for, or hide, the capability's signature. Scoring answer \
        tokens only (score=answer) or starting with the format known (pretrained_format=true) \
        removes it. model=linear is the paper's analytic version: format loss falls linearly from \
        L_F0 to 0 over n_F examples and capability loss from L_C0 over n_C, so each part has \
        EDL_c(n) ≈ L_c0 n²/(2 n_c) while n ≤ n_c and L_c0 n_c/2 after; EDL/n peaks near n_F, dips, \
        peaks near n_C and decays like 1/n. Its sums are exact.
        """

    public let configuration: ScenarioConfiguration
    /// The configured capability learner.
    public let learner: Learner
    /// Simulated or linear.
    public let model: Model
    /// The scored token classes.
    public let score: Scoring
    /// T.
    public let formatTokenCount: Int
    /// The capability (simulated model).
    let capability: CouponCollector
    /// The linear curves (linear model), in nats.
    let curves: LinearLearningCurves

    public init(configuration: ScenarioConfiguration) throws {
        self.configuration = configuration
        let parameters = configuration.parameters
        learner = try configuration.learner(as: Learner.self)
        model = try parameters.choice("model", as: Model.self)
        score = try parameters.choice("score", as: Scoring.self)
        formatTokenCount = parameters.integer("format_tokens")
        let foreign = model == .linear ? Self.simulatedOnly : Self.linearOnly
        if let name = foreign.first(where: parameters.isExplicit) {
            throw ScenarioError.inconsistent("\(name) applies only to model=\(model == .linear ? "simulated" : "linear")")
        }
        if try parameters.choice("pretrained_format", as: Switch.self).isOn {
            formatKind = .pretrained
        } else {
            formatKind =
                switch try parameters.choice("format_learner", as: FormatLearnerChoice.self) {
                case .bayes: .bayes
                case .dirichlet: .dirichlet(parameters.real("format_alpha"))
                }
        }
        if model == .linear, configuration.learner != Self.defaultLearner {
            throw ScenarioError.inconsistent(
                "model=linear has its own learning curves; learner \(configuration.learner) applies only to model=simulated")
        }
        var assignments: [(name: String, value: String)] = [
            ("K", String(parameters.integer("K"))), ("k", String(parameters.integer("k"))),
        ]
        if learner == .dirichlet {
            assignments.append(("alpha", String(configuration.learnerParameters.real("alpha"))))
        }
        capability = try CouponCollector(
            configuration: ScenarioConfiguration(
                scenario: CouponCollector.self, learner: learner.capabilityLearner.rawValue, assignments: assignments))
        let nat = 0.693_147_180_559_945_3
        curves = LinearLearningCurves(
            formatStart: parameters.real("L_F0") * nat, formatSpan: parameters.real("n_F"),
            capabilityStart: parameters.real("L_C0") * nat, capabilitySpan: parameters.real("n_C"))
    }

    /// L* = 0: format and answers are deterministic.
    public var bestLoss: Double? { 0 }

    public var partNames: [String] { score.partNames }

    public var metrics: [Metric] {
        model == .simulated && score.scoresAnswer ? capability.metrics : []
    }

    /// How the simulated model learns the format.
    let formatKind: FormatLearner.Kind

    public var theoryNote: String {
        if model == .linear { return "exact: closed-form sums of the linear curves" }
        let format: String
        switch formatKind {
        case .pretrained: format = "format share 0 (pretrained)"
        case .bayes: format = "format share log F for n ≥ 1 (one-shot)"
        case .dirichlet: format = "format share ln Γ(n + Fα) − ln Γ(Fα) − ln Γ(n + α) + ln Γ(α) − n ln((n + Fα)/(n + α))"
        }
        return "exact where the capability has a closed form (\(capability.theoryNote)); \(format)"
    }

    /// The format part's exact EDL, MDL and test loss at n, in nats.
    func formatTheory(_ n: Int) throws -> (edl: Double, mdl: Double, loss: Double) {
        switch formatKind {
        case .pretrained:
            return (0, 0, 0)
        case .bayes:
            let logF = log(Double(configuration.parameters.integer("formats")))
            return n == 0 ? (0, 0, logF) : (logF, logF, 0)
        case .dirichlet(let alpha):
            let f = Double(configuration.parameters.integer("formats"))
            let count = Double(n)
            let mdl = try SpecialFunctions.logGamma(count + f * alpha) - SpecialFunctions.logGamma(f * alpha)
                - SpecialFunctions.logGamma(count + alpha) + SpecialFunctions.logGamma(alpha)
            let loss = log((count + f * alpha) / (count + alpha))
            return (mdl - count * loss, mdl, loss)
        }
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? {
        var format: [(edl: Double, mdl: Double, loss: Double)] = []
        var answer: [(edl: Double, mdl: Double, loss: Double)] = []
        if model == .linear {
            format = grid.map { LinearLearningCurves.component(curves.formatStart, curves.formatSpan, $0) }
            answer = grid.map { LinearLearningCurves.component(curves.capabilityStart, curves.capabilitySpan, $0) }
        } else {
            format = try grid.map(formatTheory)
            if score.scoresAnswer {
                guard let curve = try capability.expectedCurve(at: grid), let mdl = curve.mdl, let loss = curve.testLoss
                else { return nil }
                answer = grid.indices.map { (curve.edl[$0], mdl[$0], loss[$0]) }
            }
        }
        let parts: [[(edl: Double, mdl: Double, loss: Double)]]
        switch score {
        case .all: parts = [format, answer]
        case .format: parts = [format]
        case .answer: parts = [answer]
        }
        var curve = ExpectedCurve(
            n: grid,
            edl: grid.indices.map { index in parts.reduce(0) { $0 + $1[index].edl } },
            mdl: grid.indices.map { index in parts.reduce(0) { $0 + $1[index].mdl } },
            testLoss: grid.indices.map { index in parts.reduce(0) { $0 + $1[index].loss } })
        if score == .all {
            curve.extras = [
                ExpectedCurve.Column(name: "theory_edl_format", values: format.map(\.edl), isInformation: true),
                ExpectedCurve.Column(name: "theory_edl_answer", values: answer.map(\.edl), isInformation: true),
            ]
        }
        return curve
    }

    /// The capability learner's limit (the format learner counts in 64 bits).
    public var largestExamples: Int {
        switch model {
        case .linear: Int.max
        case .simulated: capability.largestExamples
        }
    }

    /// The linear model holds nothing that grows; the simulated one holds
    /// its coupon collector's memory (the format learner keeps counts only).
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        switch model {
        case .linear: MemoryEstimate()
        case .simulated:
            // A scored Dirichlet format learner sums its tokens from two shared log tables.
            if case .dirichlet = formatKind, score.scoresFormat {
                capability.memoryEstimate(examples: examples)
                    + MemoryEstimate(shared: 2 * DirichletLabelCounts.sharedTableBytes(examples: examples))
            } else {
                capability.memoryEstimate(examples: examples)
            }
        }
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        switch model {
        case .linear:
            return LinearFormatCapabilityTrajectory(curves: curves, tokenCount: formatTokenCount, score: score)
        case .simulated:
            let formats = configuration.parameters.integer("formats")
            let trueFormat = random.uniformInteger(below: formats)
            let format = FormatLearner(kind: formatKind, formatCount: formats, tokenCount: formatTokenCount)
            // The capability's own (noise-free) learners, built as the coupon collector builds them.
            let (concepts, labels) = (capability.conceptCount, capability.labelCount)
            func wrap<Model: ConceptLearner>(_ learner: Model) -> any Trajectory {
                FormatCapabilityTrajectory(
                    format: format,
                    capability: CouponCollectorTrajectory(learner: learner, scenario: capability, random: random),
                    trueFormat: trueFormat, score: score)
            }
            switch learner {
            case .bayes:
                return wrap(OneShotConceptLearner(inputCount: concepts + 1, labelCount: labels, concepts: concepts))
            case .dirichlet:
                return wrap(
                    PerInputDirichletLearner(
                        labelCount: labels, concentration: configuration.learnerParameters.real("alpha"),
                        denseInputs: concepts + 1, inputSpace: concepts))
            case .uniform:
                return wrap(UniformLearner(labelCount: labels))
            }
        }
    }
}
