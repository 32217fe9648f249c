import EDL
import Foundation
import GSL
import Learners

/// The paper's §5.1 toy model: labels uniform on k values, independent of the
/// input and fresh in training and test alike. There is nothing to learn, so
/// a calibrated learner has EDL = 0 and a memoriser at best EDL ≈ 0.
public struct RandomLabels: Scenario {
    public static let name = "random-labels"
    public static let summary = "labels uniform on k values, independent of the input: nothing generalisable to learn"
    public static let paperSection = "§5.1"
    public static let defaultLearner = "kt"

    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "k", help: "number of labels; every label has probability 1/k",
            kind: .integer(2...10_000), defaultValue: .integer(2)),
        ParameterSpec(
            name: "inputs",
            help: "size of the input space: 0 = every example has a never-seen input, "
                + "otherwise inputs uniform on 1...inputs",
            kind: .integer(0...1_000_000_000), defaultValue: .integer(0)),
    ]

    /// The learners, in the order `edl list` shows them.
    public enum Learner: String, TypedChoice {
        case uniform, kt, laplace, memoriser, sgd, adam

        var descriptor: LearnerDescriptor {
            switch self {
            case .uniform: LearnerDescriptor(name: rawValue, summary: "calibrated: always 1/k, never learns", counts: "0")
            case .kt:
                LearnerDescriptor(
                    name: rawValue, summary: "Krichevsky–Trofimov estimate of the label marginal (Dirichlet ½), ignores x",
                    counts: "k − 1: the label marginal")
            case .laplace:
                LearnerDescriptor(
                    name: rawValue, summary: "Laplace estimate of the label marginal (Dirichlet 1), ignores x",
                    counts: "k − 1: the label marginal")
            case .memoriser:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "per-input label counts with Dirichlet(alpha) smoothing; the learned marginal for unseen inputs",
                    counts: "(k − 1)·(1 + inputs): the marginal and a label distribution per input (k − 1 when inputs = 0: "
                        + "a never-repeating input's counts are never read again)",
                    parameters: [.dirichletAlpha(default: 0.5, help: "Dirichlet pseudo-count per label (smoothing)")])
            case .sgd:
                GradientSettings.descriptor(of: .sgd, skill: false, model: Self.gradientModel, counts: "inputs·k: every trainable logit")
            case .adam:
                GradientSettings.descriptor(of: .adam, skill: false, model: Self.gradientModel, counts: "inputs·k: every trainable logit")
            }
        }

        private static let gradientModel = "a softmax table of inputs × k logits (needs inputs > 0)"

        /// Whether it is a gradient learner (`sgd` or `adam`).
        var isGradient: Bool { GradientSettings.Learner(rawValue: rawValue) != nil }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        Labels are uniform on k values, independent of the input x, and drawn afresh for every \
        training and test example. The best achievable loss is L* = log k, and no learner can beat \
        it on new labels. A calibrated learner (uniform) codes every label at log k and ends at \
        log k: EDL = 0 exactly. The Dirichlet marginal learners (kt, laplace) pay a small regret \
        while their estimate of the marginal settles, and their final estimate is slightly off \
        uniform, so their test loss is slightly above log k. The two effects do not cancel: \
        E[EDL(n)] grows like ((k − 1)/2)·log₂ n bits (for k = 2, 3.87 bits at n = 1000 for kt and \
        3.22 for laplace), so EDL/n tends to 0 while EDL itself does not. At n = 1 the KT learner codes \
        the first label at exactly log 2 (k = 2) but is then tilted 3:1 towards it, so its test \
        loss is 0.837 nats > log 2 and EDL(1) = −0.207 bits: EDL can be negative when the algorithm \
        is not population-monotonic. The memoriser pays log k (or the marginal's price) on the \
        first sight of an input and then becomes over-confident about labels that will not \
        repeat, so its test loss rises above log k and its EDL goes negative as it memorises more \
        inputs. Theory: E[EDL(n)] = E[MDL(n)] − n·E[L(θ_n)], exact, from the Dirichlet-multinomial \
        marginal likelihood and Binomial(n, 1/k) label counts.
        """

    public let configuration: ScenarioConfiguration
    /// The configured learner.
    public let learner: Learner
    /// The number of labels k.
    public let labelCount: Int
    /// The size of the input space; 0 means every example has a new input.
    public let inputCount: Int
    /// The `kt` or `laplace` learner before its first example, built once
    /// and copied for each replicate (its shared log table is looked up
    /// once, not per replicate); nil for the other learners.
    private let freshMarginalLearner: DirichletMarginalLearner?

    /// A gradient learner's options, read once (nil for the other learners).
    private let gradientSettings: GradientSettings?

    public init(configuration: ScenarioConfiguration) throws {
        self.configuration = configuration
        learner = try configuration.learner(as: Learner.self)
        gradientSettings = try GradientSettings.Learner(rawValue: learner.rawValue).map { try GradientSettings($0, configuration) }
        labelCount = configuration.parameters.integer("k")
        inputCount = configuration.parameters.integer("inputs")
        freshMarginalLearner =
            learner == .kt || learner == .laplace
            ? DirichletMarginalLearner(labelCount: labelCount, concentration: Self.concentration(of: learner, configuration))
            : nil
        if learner.isGradient {
            guard inputCount > 0 else {
                throw ScenarioError.inconsistent(
                    "learner \(configuration.learner) keeps a table row per input and needs inputs > 0 (a finite input space)")
            }
            guard inputCount * labelCount <= 1 << 26 else {
                throw ScenarioError.inconsistent(
                    "learner \(configuration.learner) keeps inputs × k logits and needs inputs·k ≤ 67108864")
            }
        }
    }

    public var metrics: [Metric] {
        learner.isGradient ? GradientSettings.metrics : []
    }

    /// L* = log k: no learner predicts fresh uniform labels better.
    public var bestLoss: Double? { log(Double(labelCount)) }

    /// The memoriser's pseudo-count, or the marginal learners' fixed one.
    var concentration: Double { Self.concentration(of: learner, configuration) }

    /// The Dirichlet pseudo-count α of a counting learner (1 for the others, which do not use it).
    private static func concentration(of learner: Learner, _ configuration: ScenarioConfiguration) -> Double {
        switch learner {
        case .kt: 0.5
        case .laplace: 1
        case .memoriser: configuration.learnerParameters.real("alpha")
        case .uniform, .sgd, .adam: 1
        }
    }

    public var theoryNote: String {
        switch learner {
        case .uniform:
            "exact: EDL(n) = 0 for every n and every draw (codes and tests at log k)"
        case .kt, .laplace:
            "exact expectation from the Dirichlet-multinomial marginal likelihood and Binomial(n, 1/k) counts"
        case .sgd, .adam:
            "Monte Carlo only: a gradient learner has no closed form"
        case .memoriser:
            inputCount == 0
                ? "exact expectation: with never-repeating inputs the memoriser is the Dirichlet(alpha) marginal learner"
                : "exact expectation summed over every i < n (per-input Binomial(i, 1/inputs) counts); "
                    + "computed when the work stays below \(MemoriserTheory.workLimit) terms, else left empty"
        }
    }

    /// The counting learners keep 32-bit counts.
    public var largestExamples: Int {
        switch learner {
        case .kt, .laplace, .memoriser: Int(Int32.max)
        case .uniform, .sgd, .adam: Int.max
        }
    }

    /// The marginal learners' theory limit, for `edl describe`.
    public func configurationNotes() throws -> [String] {
        guard learner == .kt || learner == .laplace || (learner == .memoriser && inputCount == 0) else { return [] }
        return [
            "The exact curve sums about 22·√(n/k) binomial terms per grid point and is computed while the whole grid "
                + "stays within \(Int(DirichletMarginalTheory.workLimit)) terms (every n up to about 1.6·10⁵ for k = 2; a log grid "
                + "of 30 points a decade up to 10¹²), else the theory columns are left empty."
        ]
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? {
        let k = Double(labelCount)
        switch learner {
        case .uniform:
            return ExpectedCurve(
                n: grid, edl: grid.map { _ in 0 }, mdl: grid.map { Double($0) * log(k) },
                testLoss: grid.map { _ in log(k) })
        case .sgd, .adam:
            return nil
        case .memoriser where inputCount > 0:
            let theory = MemoriserTheory(labelCount: labelCount, concentration: concentration, inputCount: inputCount)
            return theory.isAffordable(upTo: grid.max() ?? 0) ? theory.curve(at: grid) : nil
        case .kt, .laplace, .memoriser:
            // With never-repeating inputs the memoriser is the Dirichlet(alpha) marginal learner.
            let theory = DirichletMarginalTheory(labelCount: labelCount, concentration: concentration)
            guard theory.work(grid: grid) <= DirichletMarginalTheory.workLimit else { return nil }
            return try theory.curve(at: grid)
        }
    }

    /// The examples drawn, and a gradient learner's extra epochs at every checkpoint.
    public func work(grid: [Int]) -> Double {
        guard let settings = gradientSettings else {
            return Double(grid.last ?? 0)
        }
        return settings.work(grid: grid)
    }

    /// Per replicate: the label marginal's k counts; the memoriser's counts per
    /// input (a dense table, or two hash maps keyed by input and by
    /// input·label with as many keys as distinct ones are expected; none
    /// when inputs never repeat); a
    /// gradient learner's table.
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        let n = Double(examples)
        let marginal = MemoryEstimate.array(Double(labelCount), stride: 4)
        switch learner {
        case .uniform:
            return MemoryEstimate()
        case .kt, .laplace:
            return MemoryEstimate(shared: DirichletLabelCounts.sharedTableBytes(examples: examples), perReplicate: marginal)
        case .memoriser:
            if denseInputs > 0 {
                return MemoryEstimate(perReplicate: marginal + MemoryEstimate.array(Double(denseInputs), stride: 4 * (1 + labelCount)))
            }
            if inputCount == 0 { return MemoryEstimate(perReplicate: marginal) }  // never-repeating inputs: no counts kept
            let space = Double(inputCount)
            let inputs = MemoryEstimate.expectedDistinct(draws: n, among: space)
            let pairs = MemoryEstimate.expectedDistinct(draws: n, among: space * Double(labelCount))
            return MemoryEstimate(
                perReplicate: marginal + MemoryEstimate.dictionary(entries: inputs, stride: 12)
                    + MemoryEstimate.dictionary(entries: pairs, stride: 12))
        case .sgd, .adam:
            guard let settings = gradientSettings else { return MemoryEstimate() }
            return MemoryEstimate(
                perReplicate: TableWorld.replicateMemory(rows: inputCount, labels: labelCount, settings: settings, examples: examples))
        }
    }

    /// Inputs 1...inputs are counted densely by the memoriser when the table
    /// (inputs × k counters) stays below 2^24 entries.
    private var denseInputs: Int {
        inputCount > 0 && (inputCount + 1) * labelCount <= 1 << 24 ? inputCount + 1 : 0
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        switch learner {
        case .uniform:
            return RandomLabelsTrajectory(learner: UniformLearner(labelCount: labelCount), scenario: self, random: random)
        case .memoriser:
            // Never-repeating inputs (inputs = 0) need no per-input counts; the
            // reference trajectory below keeps them, so the conformance tests check this.
            return RandomLabelsTrajectory(
                learner: Memoriser(
                    labelCount: labelCount, concentration: concentration, denseInputs: denseInputs, inputSpace: inputCount,
                    keepsInputCounts: inputCount > 0),
                scenario: self, random: random)
        case .kt, .laplace:
            return RandomLabelsTrajectory(
                learner: freshMarginalLearner
                    ?? DirichletMarginalLearner(labelCount: labelCount, concentration: concentration),
                scenario: self, random: random)
        case .sgd: return try gradientTrajectory(.sgd, random: random)
        case .adam: return try gradientTrajectory(.adam, random: random)
        }
    }

    public func makeReferenceTrajectory(random: RandomSource) throws -> (any Trajectory)? {
        let world = RandomLabelsWorld(scenario: self)
        switch learner {
        case .uniform: return GenericTrajectory(world: world, learner: UniformLearner(labelCount: labelCount), random: random)
        case .kt, .laplace:
            return GenericTrajectory(
                world: world, learner: DirichletMarginalLearner(labelCount: labelCount, concentration: concentration),
                random: random)
        case .memoriser:
            return GenericTrajectory(
                world: world, learner: Memoriser(labelCount: labelCount, concentration: concentration, denseInputs: denseInputs, inputSpace: inputCount),
                random: random)
        case .sgd, .adam: return nil
        }
    }

    /// A softmax table of inputs × k logits trained by `learner`.
    private func gradientTrajectory(_ learner: GradientSettings.Learner, random: RandomSource) throws -> any Trajectory {
        let (inputs, k) = (inputCount, labelCount)
        let world = TableWorld(
            weights: Array(repeating: 1 / Double(inputs), count: inputs),
            noise: Double(k - 1) / Double(k),  // uniform labels: noise (k − 1)/k around any label
            truth: { _ in 0 },
            sampler: { random in
                let input = random.uniformInteger(below: inputs)
                return LabeledExample(input: input, label: random.uniformInteger(below: k))
            })
        let settings = try GradientSettings(learner, configuration)
        let model = SoftmaxTable(
            rows: inputs, labels: k, initScale: settings.initScale, random: random, optimizer: settings.optimizer)
        return GradientTrajectory(model: model, world: world, settings: settings, random: random)
    }
}
