import EDL
import Foundation
import GSL
import Learners

/// The lab's capacity experiment: one frozen "pretrained" model with a
/// trainable rank-r head adapter, and two tasks on it that differ only in
/// their target — a skill the model already represents (elicitation) or a
/// fresh lookup table (teaching).
///
/// The pretrained part (drawn once from `model_seed`, the same for both
/// tasks and every replicate) is m skill features s_j(x) = ±1 on the N
/// inputs and, for each skill, the pair of labels it answers with: skill j
/// says a_j on inputs with s_j(x) = +1 and b_j elsewhere, a rank-1 change
/// of the uniform base head (B = e_{a_j} − e_{b_j} scaled, A = e_jᵀ). The
/// elicitation task's labels are one skill's answers (the skill drawn per
/// replicate: log₂ m bits pick it); the teaching task's labels are a fresh
/// uniform table (N·log₂ k bits), which a rank-r adapter can only hold
/// through the one-hot part of the features.
public struct Capacity: Scenario {
    public static let name = "capacity"
    public static let summary =
        "a frozen model with a rank-r adapter: eliciting a skill it holds against teaching it a fresh table"
    public static let paperSection = "the capacity signature; a lab toy, not one of the paper's five"
    public static let defaultLearner = "adam"

    /// The task: the adapter's target.
    public enum Task: String, TypedChoice {
        /// One of the m pretrained skills' answers.
        case elicitation
        /// A fresh uniform label per input.
        case teaching
    }

    /// The largest N·m (the skill features the model stores).
    static let maximumFeatureEntries = 1 << 22
    /// The largest number of adapter parameters r·(k + m + N).
    static let maximumParameters = 1 << 24

    public static let parameters: [ParameterSpec] = [
        .choice(
            name: "task",
            help: "elicitation: the labels are one pretrained skill's answers (the skill drawn per replicate); "
                + "teaching: a fresh uniform label per input",
            default: Task.elicitation),
        ParameterSpec(
            name: "inputs", help: "N: inputs 0..<N, drawn uniformly; each has a one-hot identity feature",
            kind: .integer(2...65_536), defaultValue: .integer(1024)),
        ParameterSpec(name: "k", help: "number of labels", kind: .integer(2...256), defaultValue: .integer(8)),
        ParameterSpec(
            name: "skills", help: "m: pretrained skills, each a ±1 feature of the input and a pair of labels it answers with",
            kind: .integer(1...256), defaultValue: .integer(8)),
        ParameterSpec(
            name: "skill_scale", help: "σ: the size of the skill features (the one-hot identity features have size 1)",
            kind: .real(lower: 0, upper: 100, lowerOpen: true, upperOpen: false), defaultValue: .real(1)),
        ParameterSpec(
            name: "model_seed",
            help: "the draw of the pretrained model (skill features and label pairs), the same for both tasks",
            kind: .integer(0...Int(Int32.max)), defaultValue: .integer(1)),
    ]

    /// The learners: the adapter trained by `sgd` or `adam`.
    public enum Learner: String, TypedChoice {
        case adam, sgd

        var descriptor: LearnerDescriptor {
            var specs = GradientSettings.parameters(adam: self == .adam, skill: false).filter { $0.name != "monotonicity" }
            specs = specs.map { spec in
                switch spec.name {
                case "init_scale":
                    ParameterSpec(
                        name: "init_scale", help: "A's entries start as N(0, init_scale²/d), d = m + N (B starts at 0, as in LoRA)",
                        kind: .real(lower: 0, upper: 100, lowerOpen: true, upperOpen: false), defaultValue: .real(1))
                case "lr":
                    // Defaults at which neither optimiser diverges on either task at any rank up to n = 32768.
                    ParameterSpec(
                        name: "lr", help: "constant learning rate",
                        kind: .real(lower: 0, upper: 1e6, lowerOpen: true, upperOpen: false),
                        defaultValue: .real(self == .adam ? 0.02 : 0.1))
                default: spec
                }
            }
            specs.insert(
                ParameterSpec(
                    name: "rank",
                    help: "r: the adapter's rank, 1 … min(k, m + N); P = r·(k + m + N) trainable parameters",
                    kind: .integer(1...256), defaultValue: .integer(1)),
                at: 0)
            let summary =
                self == .adam
                ? "the rank-r adapter trained online by Adam (sparse on A's identity columns; Monte Carlo EDL)"
                : "the rank-r adapter trained online by stochastic gradient descent (Monte Carlo EDL)"
            return LearnerDescriptor(
                name: rawValue, summary: summary,
                counts: "r·(k + m + N): every entry of the adapter's A (r × (m + N)) and B (k × r)", parameters: specs)
        }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        One frozen model and two tasks that differ only in their target. Inputs x = 0…N−1 are drawn \
        uniformly; x has the fixed features φ(x) = (σ·s₁(x), …, σ·s_m(x), e_x): m pretrained skill \
        features s_j(x) = ±1 and a one-hot identity (d = m + N features). The frozen base head \
        predicts uniformly (L(θ₀) = log k); the trainable adapter adds the logits B·A·φ(x) with A \
        r × d and B k × r, so P = r·(k + d) parameters, and, as in LoRA, B starts at 0. Skill j \
        answers a_j where s_j(x) = +1 and b_j elsewhere (the features and label pairs are drawn once \
        from model_seed): a rank-1 change of the base. task=elicitation labels every input with one \
        skill's answer (log₂ m bits select it); task=teaching with a fresh uniform label (N·log₂ k bits, \
        held only through the identity features, which needs rank close to k). Labels are noise-free, \
        so L* = 0. Sweeping rank with the data fixed (the stream does not depend on the learner's \
        options) gives the capacity signature: capacity = EDL(r)/EDL(r_ref) and PGR = (L(θ₀) − L_r)/\
        (L(θ₀) − L_ref) against P; `edl capacity` reads the threshold P* (the smallest P with \
        capacity ≥ 0.95) and EDL_ref/P* in bits per parameter. Monte Carlo only.
        """

    public let configuration: ScenarioConfiguration
    /// The configured learner.
    public let learner: Learner
    /// The task.
    public let task: Task
    /// N.
    public let inputCount: Int
    /// k.
    public let labelCount: Int
    /// m.
    public let skillCount: Int
    /// r.
    public let rank: Int
    /// σ.
    public let skillScale: Double
    /// s_j(x) = ±1, row-major by input (N × m).
    let skillSigns: [Double]
    /// (a_j, b_j): the labels skill j answers with where s_j(x) = +1 and −1.
    let labelPairs: [(Int, Int)]

    /// The learner's options, read once.
    private let gradientSettings: GradientSettings

    public init(configuration: ScenarioConfiguration) throws {
        self.configuration = configuration
        learner = try configuration.learner(as: Learner.self)
        gradientSettings = try GradientSettings(learner == .adam ? .adam : .sgd, configuration)
        let p = configuration.parameters
        task = try p.choice("task", as: Task.self)
        inputCount = p.integer("inputs")
        labelCount = p.integer("k")
        skillCount = p.integer("skills")
        skillScale = p.real("skill_scale")
        rank = configuration.learnerParameters.integer("rank")
        let features = skillCount + inputCount
        let fullRank = min(labelCount, features)
        guard rank <= fullRank else {
            throw ScenarioError.invalidValue(
                parameter: "rank", value: String(rank), accepted: "an integer in 1...\(fullRank) (the full rank min(k, m + N))")
        }
        guard inputCount * skillCount <= Self.maximumFeatureEntries else {
            throw ScenarioError.inconsistent(
                "the skill features need inputs·skills ≤ \(Self.maximumFeatureEntries); got \(inputCount)·\(skillCount)")
        }
        guard rank * (labelCount + features) <= Self.maximumParameters else {
            throw ScenarioError.inconsistent(
                "the adapter needs rank·(k + skills + inputs) ≤ \(Self.maximumParameters) parameters; got "
                    + "\(rank)·\(labelCount + features)")
        }
        // The pretrained model: its own stream, fixed by model_seed alone.
        let model = try RandomSource(seed: SplitMix64.mix(UInt64(p.integer("model_seed")) ^ 0x4D4F_4445_4C00_0000))
        skillSigns = (0..<(inputCount * skillCount)).map { _ in model.bernoulli(0.5) ? 1 : -1 }
        var pairs: [(Int, Int)] = []
        for _ in 0..<skillCount {
            let first = model.uniformInteger(below: labelCount)
            let second = (first + 1 + model.uniformInteger(below: labelCount - 1)) % labelCount
            pairs.append((first, second))
        }
        labelPairs = pairs
    }

    /// P = r·(k + m + N): every entry of A and B.
    public var parameterCount: Int { rank * (labelCount + skillCount + inputCount) }

    /// L* = 0: the labels are noise-free and the full adapter can drive every code length to 0.
    public var bestLoss: Double? { 0 }

    public var theoryNote: String {
        "Monte Carlo only (a gradient learner has no closed form); the anchors are the information each task's target "
            + "carries: log₂ m bits to select a skill, N·log₂ k bits for a table"
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? { nil }

    public var metrics: [Metric] {
        GradientSettings.metrics + [
            Metric(
                name: "accuracy", isInformation: false,
                help: "share of the N inputs whose true label has the final model's largest logit (a t-way tie counts 1/t)")
        ]
    }

    /// The information the target carries, in bits: log₂ m for a skill, N·log₂ k for a table.
    public var targetInformationBits: Double {
        switch task {
        case .elicitation: log2(Double(skillCount))
        case .teaching: Double(inputCount) * log2(Double(labelCount))
        }
    }

    public func configurationNotes() throws -> [String] {
        let target =
            switch task {
            case .elicitation:
                String(format: "the target is one of m = %d pretrained skills: log₂ m = %.3g bits select it", skillCount, targetInformationBits)
            case .teaching:
                String(format: "the target is a fresh table: N·log₂ k = %d·%.3g = %.4g bits", inputCount, log2(Double(labelCount)), targetInformationBits)
            }
        return [
            target,
            "the rank-\(rank) adapter trains P = \(rank)·(\(labelCount) + \(skillCount) + \(inputCount)) = \(parameterCount) parameters "
                + "(full rank min(k, m + N) = \(min(labelCount, skillCount + inputCount)))",
        ]
    }

    /// The labels of every input for one replicate: one skill's answers, or a fresh table.
    func labels(random: RandomSource) -> [Int] {
        switch task {
        case .elicitation:
            let skill = random.uniformInteger(below: skillCount)
            let (yes, no) = labelPairs[skill]
            return (0..<inputCount).map { skillSigns[$0 * skillCount + skill] > 0 ? yes : no }
        case .teaching:
            return (0..<inputCount).map { _ in random.uniformInteger(below: labelCount) }
        }
    }

    /// The examples drawn, and a gradient learner's extra epochs at every checkpoint.
    public func work(grid: [Int]) -> Double {
        gradientSettings.work(grid: grid)
    }

    /// Shared: the pretrained skill signs (N × m). Per replicate: the world's
    /// labels, the adapter's scaled skill features (N × m), A and B with their
    /// gradients and optimizer moments, its touched-input marks, and what
    /// every gradient learner keeps (the examples, the epochs' copies).
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        let features = Double(inputCount) * Double(skillCount)
        let parameters = rank * (skillCount + inputCount) + labelCount * rank
        let settings = gradientSettings
        // The features are never changed, so the epochs' copies share them.
        let model =
            MemoryEstimate.array(2 * Double(parameters), stride: 8) + MemoryEstimate.array(Double(inputCount), stride: 9)
            + settings.optimizerMemory(parameters: parameters)
        return MemoryEstimate(
            shared: MemoryEstimate.array(features, stride: 8),
            perReplicate: MemoryEstimate.array(Double(inputCount) + features, stride: 8)
                + settings.replicateMemory(model: model, examples: examples))
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        let gradient: GradientSettings.Learner =
            switch learner {
            case .adam: .adam
            case .sgd: .sgd
            }
        let settings = try GradientSettings(gradient, configuration)
        let world = AdapterWorld(labels: labels(random: random))
        // A's initial entries come from their own stream, so the data stream is the
        // same at every rank, and a rank-r adapter starts from the first r rows of a larger one.
        let initial = try RandomSource(seed: SplitMix64.mix(random.seed ^ 0x4C4F_5241_494E_4954), kind: random.kind)
        let model = LowRankAdapter(
            skillSigns: skillSigns, inputs: inputCount, skills: skillCount, skillScale: skillScale, labels: labelCount,
            rank: rank, initScale: settings.initScale, random: initial, optimizer: settings.optimizer,
            largestRank: min(labelCount, skillCount + inputCount))
        return GradientTrajectory(model: model, world: world, settings: settings, random: random)
    }
}
