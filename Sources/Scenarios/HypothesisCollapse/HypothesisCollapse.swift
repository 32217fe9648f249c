import EDL
import Foundation
import GSL
import Learners

/// The paper's §5.2 toy model, and the lab's model of elicitation: the learner
/// already holds m candidate rules and a few examples select the true one.
public struct HypothesisCollapse: Scenario {
    public static let name = "hypothesis-collapse"
    public static let summary = "exact Bayesian learning over m candidate rules: a few examples select the true one"
    public static let paperSection = "§5.2"
    public static let defaultLearner = "bayes"

    /// The largest class: 2^22 rules.
    public static let maximumHypotheses = 1 << 22

    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "m", help: "number of candidate rules (hypotheses); the true one is drawn uniformly",
            kind: .integer(2...maximumHypotheses), defaultValue: .integer(1024)),
        ParameterSpec(
            name: "k", help: "number of labels", kind: .integer(2...maximumHypotheses), defaultValue: .integer(2)),
        ParameterSpec(
            name: "inputs",
            help: "ordinary inputs 1...inputs, drawn uniformly (class=digits fixes it to log_k m)",
            kind: .integer(1...1_000_000), defaultValue: .integer(64)),
        .choice(
            name: "class",
            help: "random: independent uniform labels per rule and input; digits: input j reveals base-k digit j "
                + "of the rule (m must be a power of k), inputs drawn uniformly; distinguishing: the same D = log_k m "
                + "maximally distinguishing inputs (each splits the rules into k equal groups, m/k per label), asked "
                + "in turn, so D labels identify the rule; diagnostic: random plus input 0 on which all m rules "
                + "give distinct labels (needs k ≥ m)",
            default: RuleClass.random),
        .labelNoise(subject: "rule"),
        ParameterSpec(
            name: "diagnostic_weight",
            help: "class=diagnostic: probability of the diagnostic input 0 (auto = 1/(inputs+1), i.e. uniform over 0...inputs)",
            kind: .real(lower: 0, upper: 1, lowerOpen: false, upperOpen: false), defaultValue: .choice("auto"),
            automatic: "auto"),
    ]

    /// The `map` learner's floor on its error probability.
    static let floorParameter = ParameterSpec(
        name: "floor",
        help: "smallest probability the MAP learner leaves for labels its rule excludes (it uses max(noise, floor))",
        kind: .real(lower: 0, upper: 1, lowerOpen: true, upperOpen: true), defaultValue: .real(0.01))

    /// The rule classes.
    public enum RuleClass: String, TypedChoice {
        case random, digits, distinguishing, diagnostic
    }

    /// The learners, in the order `edl list` shows them.
    public enum Learner: String, TypedChoice {
        case bayes, map, uniform, sgd, adam

        /// What the skill-selection model's P counts.
        private static let gradientCounts = "m: one trainable logit per rule"

        var descriptor: LearnerDescriptor {
            switch self {
            case .bayes:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "exact posterior over all m rules (uniform prior, the noise model as likelihood); "
                        + "predicts with the posterior mixture",
                    counts: "m − 1: the posterior over the m rules (class=digits: D·(k − 1), a posterior over k values per digit)")
            case .map:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "plug-in: one most probable rule (ties broken uniformly), confidence 1 − max(noise, floor)",
                    counts: "m − 1: the posterior over the m rules (class=digits: D·(k − 1), a posterior over k values per digit)", parameters: [floorParameter])
            case .uniform: LearnerDescriptor(name: rawValue, summary: "calibrated: always 1/k, never learns", counts: "0")
            case .sgd: GradientSettings.descriptor(of: .sgd, skill: true, model: Self.gradientModel, counts: Self.gradientCounts)
            case .adam: GradientSettings.descriptor(of: .adam, skill: true, model: Self.gradientModel, counts: Self.gradientCounts)
            }
        }

        private static let gradientModel = "skill selection: one logit per rule, predictive = softmax-weighted mixture"

        /// Whether it is a gradient learner (`sgd` or `adam`).
        var isGradient: Bool { GradientSettings.Learner(rawValue: rawValue) != nil }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        A world draws m candidate rules h: input → label and one true rule h* uniformly among them. \
        Examples are inputs with the label h*(x), flipped with probability η to a uniform other label. \
        The Bayes learner starts from the uniform prior over the m rules and predicts with the posterior \
        mixture. Noise-free, its prequential total is exactly log m − log |V_n|, where V_n is the set of \
        rules consistent with the first n examples, so EDL never exceeds log m: the rule carries at most \
        log m bits and the learner pays for them once. Yet one example can carry up to log m bits about \
        the rule, because its label rules out every hypothesis that disagrees with it, although the label \
        itself carries at most log k bits: with class=diagnostic and diagnostic_weight=1, one example \
        identifies the rule, MDL(1) = log m, and the test loss drops to 0, so EDL(1) = log m. With \
        class=random each new input roughly divides |V_n| by k, so the test loss cannot fall until about \
        log_k m labels have been seen: EDL/n rises for that long (to a peak near n = 16 for m = 1024, \
        k = 2) and then falls. That rise lasts about (bits needed)/(bits per label) examples, against \
        ≈ 1.79 K for K concepts taught, but over a window from n = 1 the verdict is teaching. \
        class=distinguishing is the paper's Prop. 5.2 setting for m > k: D = log_k m inputs, each \
        splitting the rules into k equal groups (m/k per label), asked in turn, so D labels identify \
        the rule: MDL(n) = min(n, D) log k and L(θ_n) = (1 − min(n, D)/D) log k exactly, EDL = log m \
        from n = D on, and EDL/n = log m/n falls over any window that starts at n ≥ D: elicitation. \
        With class=digits each input reveals one base-k digit as well, but inputs are drawn at random, \
        so the learner must collect all D of them like coupons: EDL/n rises and then falls, and \
        E[EDL(n)] = Δ[K(1 − q^n) − n q^n] with K = D, Δ = log k, q = 1 − 1/K. With noise the best loss is L* = H(η) + η log(k − 1) and EDL/n → 0.
        """

    public let configuration: ScenarioConfiguration
    /// The configured learner.
    public let learner: Learner
    /// m.
    public let hypothesisCount: Int
    /// k.
    public let labelCount: Int
    /// The number of ordinary inputs (log_k m for digits).
    public let ordinaryInputCount: Int
    /// How rules label inputs.
    public let ruleClass: RuleClass
    /// The label noise.
    public let noise: LabelNoise
    /// Where inputs come from.
    let inputDistribution: InputDistribution

    /// A gradient learner's options, read once (nil for the other learners).
    private let gradientSettings: GradientSettings?

    public init(configuration: ScenarioConfiguration) throws {
        self.configuration = configuration
        learner = try configuration.learner(as: Learner.self)
        gradientSettings = try GradientSettings.Learner(rawValue: learner.rawValue).map { try GradientSettings($0, configuration) }
        let parameters = configuration.parameters
        hypothesisCount = parameters.integer("m")
        labelCount = parameters.integer("k")
        ruleClass = try parameters.choice("class", as: RuleClass.self)
        noise = LabelNoise(level: parameters.real("noise"), labelCount: labelCount)
        let m = hypothesisCount
        let k = labelCount
        if parameters.isExplicit("diagnostic_weight"), ruleClass != .diagnostic {
            throw ScenarioError.inconsistent(
                "diagnostic_weight applies only to class=diagnostic (class is \(ruleClass.rawValue))")
        }
        switch ruleClass {
        case .digits, .distinguishing:
            let name = ruleClass.rawValue
            guard let digits = Self.exponent(of: m, base: k) else {
                throw ScenarioError.inconsistent(
                    "class=\(name) needs m to be a power of k (m = k^D, D digits); got m=\(m), k=\(k)")
            }
            let inputs = parameters.integer("inputs")
            if parameters.isExplicit("inputs"), inputs != digits {
                throw ScenarioError.inconsistent(
                    "class=\(name) fixes inputs = log_k m = \(digits) (one input per digit); got inputs=\(inputs)")
            }
            ordinaryInputCount = digits
            inputDistribution = InputDistribution(
                ordinaryCount: digits, diagnosticWeight: nil, isCyclic: ruleClass == .distinguishing)
        case .diagnostic:
            guard k >= m else {
                throw ScenarioError.inconsistent(
                    "class=diagnostic needs k ≥ m (every rule gets its own label on input 0); got k=\(k), m=\(m)")
            }
            ordinaryInputCount = parameters.integer("inputs")
            let weight = parameters["diagnostic_weight"]?.realValue ?? 1 / Double(ordinaryInputCount + 1)
            inputDistribution = InputDistribution(ordinaryCount: ordinaryInputCount, diagnosticWeight: weight)
        case .random:
            ordinaryInputCount = parameters.integer("inputs")
            inputDistribution = InputDistribution(ordinaryCount: ordinaryInputCount, diagnosticWeight: nil)
        }
    }

    /// D with base^D = value, or `nil` if value is not a power of base.
    static func exponent(of value: Int, base: Int) -> Int? {
        var power = 1
        var exponent = 0
        while power < value {
            let (next, overflow) = power.multipliedReportingOverflow(by: base)
            if overflow { return nil }
            power = next
            exponent += 1
        }
        return power == value ? exponent : nil
    }

    /// L* = H(η) + η ln(k − 1): the noise the true rule cannot remove.
    public var bestLoss: Double? { noise.entropy }

    public var metrics: [Metric] {
        if learner.isGradient { return GradientSettings.metrics }
        return [
            Metric(
                name: "posterior_entropy", isInformation: true,
                help: "entropy of the learner's posterior over the m rules: what is still unknown about the rule"),
            Metric(
                name: "rule_information", isInformation: true,
                help: "log m minus the posterior entropy: what the examples have told about the rule"),
        ]
    }

    public var theoryNote: String {
        switch learner {
        case .uniform:
            return "exact: EDL(n) = 0 (codes and tests at log k)"
        case .bayes where ruleClass == .digits && noise.isNoiseFree:
            return "exact: the coupon-collector closed form with K = \(ordinaryInputCount) digits and Δ = log k"
        case .bayes where ruleClass == .distinguishing && noise.isNoiseFree:
            return "exact and the same on every draw: MDL(n) = min(n, D)·log k and L(θ_n) = (1 − min(n, D)/D)·log k, "
                + "D = log_k m = \(ordinaryInputCount)"
        case .bayes where noise.isNoiseFree:
            return "exact expectation from |V_n| = 1 + Binomial(m − 1, k^−d) over the occupancy of d distinct inputs "
                + "(MDL(n) = log m − log |V_n| on every draw); computed when the work stays below "
                + "\(VersionSpaceTheory.workLimit) terms (m ≲ 2^17 for k = 2), else left empty"
        case .bayes:
            return "no closed form with noise; the test loss tends to L* = H(η) + η log(k − 1) and EDL/n to 0"
        case .sgd, .adam:
            return "Monte Carlo only: a gradient learner has no closed form"
        case .map:
            return "no closed form for the MAP learner"
        }
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? {
        let logK = log(Double(labelCount))
        switch learner {
        case .uniform:
            return ExpectedCurve(
                n: grid, edl: grid.map { _ in 0 }, mdl: grid.map { Double($0) * logK },
                testLoss: grid.map { _ in logK })
        case .bayes where ruleClass == .digits && noise.isNoiseFree:
            return CouponCollectorTheory(uniformOver: ordinaryInputCount, gap: logK).curve(at: grid)
        case .bayes where ruleClass == .distinguishing && noise.isNoiseFree:
            let digits = Double(ordinaryInputCount)
            let known = grid.map { Double(min($0, ordinaryInputCount)) }
            let mdl = known.map { $0 * logK }
            let loss = known.map { (1 - $0 / digits) * logK }
            return ExpectedCurve(
                n: grid, edl: grid.indices.map { mdl[$0] - Double(grid[$0]) * loss[$0] }, mdl: mdl, testLoss: loss)
        case .bayes where noise.isNoiseFree:
            let theory = VersionSpaceTheory(
                hypothesisCount: hypothesisCount, labelCount: labelCount, inputCount: ordinaryInputCount,
                diagnosticWeight: inputDistribution.diagnosticWeight)
            return theory.isAffordable(upTo: grid.last ?? 0) ? theory.curve(at: grid) : nil
        case .bayes, .map, .sgd, .adam:
            return nil
        }
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        let truth = random.uniformInteger(below: hypothesisCount)
        if ruleClass == .digits || ruleClass == .distinguishing {
            let rules = DigitsHypothesisClass(hypothesisCount: hypothesisCount, labelCount: labelCount)
            let digits = ordinaryInputCount
            switch learner {
            case .sgd: return try skillSelection(.sgd, rules, truth, random)
            case .adam: return try skillSelection(.adam, rules, truth, random)
            case .bayes:
                return trajectory(DigitwiseBayesLearner(digitCount: digits, noise: noise), rules, truth, random)
            case .map:
                let floor = configuration.learnerParameters.real("floor")
                return trajectory(
                    DigitwiseMAPLearner(digitCount: digits, noise: noise, floor: floor, random: random), rules, truth,
                    random)
            case .uniform:
                return trajectory(UniformRuleLearner(labelCount: labelCount), rules, truth, random)
            }
        }
        let key = UInt64(random.uniformInteger(below: 1 << 32)) << 32 | UInt64(random.uniformInteger(below: 1 << 32))
        if usesBinaryClass {
            let rules = BinaryHashedHypothesisClass(hypothesisCount: hypothesisCount, key: key)
            if learner == .bayes && noise.isNoiseFree {
                return trajectory(BinaryVersionSpaceLearner(hypotheses: rules), rules, truth, random)
            }
            if let inputs = tabulatedInputs, let table = TabulatedHypothesisClass(rules, inputs: inputs) {
                return try trajectory(over: table, truth, random)
            }
            return try trajectory(over: rules, truth, random)
        }
        let rules = HashedHypothesisClass(
            hypothesisCount: hypothesisCount, labelCount: labelCount, key: key,
            hasDiagnosticInput: ruleClass == .diagnostic)
        return try trajectory(over: rules, truth, random)
    }

    /// Whether the rules are a ``BinaryHashedHypothesisClass`` (the `random`
    /// class with two labels: one hash per rule gives its labels at 64
    /// inputs) rather than a ``HashedHypothesisClass`` (a hash per label).
    var usesBinaryClass: Bool { ruleClass == .random && labelCount == 2 }

    /// A trajectory of the configured learner over a hashed (or tabulated) rule class.
    private func trajectory<Rules: HypothesisClass>(
        over rules: Rules, _ truth: Int, _ random: RandomSource
    ) throws -> any Trajectory {
        switch learner {
        case .sgd: return try skillSelection(.sgd, rules, truth, random)
        case .adam: return try skillSelection(.adam, rules, truth, random)
        case .bayes:
            return trajectory(FiniteClassBayesLearner(hypotheses: rules, noise: noise), rules, truth, random)
        case .map:
            let floor = configuration.learnerParameters.real("floor")
            return trajectory(
                MAPHypothesisLearner(hypotheses: rules, noise: noise, floor: floor, random: random), rules, truth,
                random)
        case .uniform:
            return trajectory(UniformRuleLearner(labelCount: labelCount), rules, truth, random)
        }
    }

    /// The inputs (0…this) whose labels a hashed rule class tabulates: with
    /// noise the Bayes and MAP learners read all m rules' labels at every
    /// example and at every input of every checkpoint (noise-free, the
    /// version space shrinks and few labels are read; the other learners
    /// read the true rule's alone). `nil`: every label is hashed.
    var tabulatedInputs: Int? {
        guard usesBinaryClass, !noise.isNoiseFree, learner == .bayes || learner == .map else { return nil }
        return ordinaryInputCount
    }

    /// The posterior's disagreement counts, the digit tallies and the
    /// training-label counts are 32-bit; the noise-free version space keeps none.
    public var largestExamples: Int {
        switch learner {
        case .uniform, .sgd, .adam: return Int.max
        case .bayes, .map:
            let isDigitwise = ruleClass == .digits || ruleClass == .distinguishing
            return noise.isNoiseFree && !isDigitwise ? Int.max : Int(Int32.max)
        }
    }

    /// Steps, counted as examples are: an example costs one step per rule the
    /// learner keeps (all m with noise or for the skill mixture, the
    /// expected version space |V| noise-free), and a checkpoint's exact test
    /// loss one step per input and kept rule (per block of 64 inputs and kept
    /// rule for the noise-free two-label Bayes learner); a gradient learner's extra
    /// epochs pass over the examples again at m steps each. The digit
    /// classes' learners count an example in one step and keep k counts per
    /// digit, so a checkpoint costs k steps per input.
    public func work(grid: [Int]) -> Double {
        let m = Double(hypothesisCount)
        let inputs = Double(inputDistribution.support.count)
        let points = Double(grid.count)
        let last = Double(grid.last ?? 0)
        if learner == .uniform { return last }
        if ruleClass == .digits || ruleClass == .distinguishing {
            guard learner == .bayes || learner == .map else {
                return gradientWork(grid: grid, rules: m, inputs: inputs)
            }
            return last + points * inputs * Double(labelCount)
        }
        guard learner == .bayes || learner == .map else { return gradientWork(grid: grid, rules: m, inputs: inputs) }
        guard noise.isNoiseFree else { return last * m + points * inputs * m }
        // Noise-free, the version space after n examples keeps each wrong rule
        // with probability k^−D (D: the distinct ordinary inputs seen, at its
        // expectation); examples between two checkpoints scan the earlier one's.
        let k = Double(labelCount)
        // The two-label Bayes learner counts a checkpoint's labels a block of
        // 64 inputs per rule (one hash and a few word operations each).
        let passes = usesBinaryClass && learner == .bayes ? (inputs / 64).rounded(.up) : inputs
        func versionSpace(after n: Int) -> Double {
            let distinct = MemoryEstimate.expectedDistinct(draws: Double(n), among: Double(ordinaryInputCount))
            return 1 + (m - 1) * exp(-distinct * log(k))
        }
        var total = 0.0
        var previous = 0
        for point in grid {
            total += Double(point - previous) * versionSpace(after: previous) + passes * versionSpace(after: point)
            previous = point
        }
        return total
    }

    /// A skill mixture's steps: m per example, per input at a checkpoint, and
    /// per example of every extra epoch.
    private func gradientWork(grid: [Int], rules m: Double, inputs: Double) -> Double {
        guard let settings = gradientSettings else {
            return Double(grid.last ?? 0) * m
        }
        return m * (settings.work(grid: grid) + Double(grid.count) * inputs)
    }

    /// Shared: the input distribution (an input and a weight per input).
    /// Per replicate: the posterior (a 32-bit survivor or disagreement count
    /// per rule, and with noise a weight per disagreement level), with noise
    /// the live rules and their weights gathered at a checkpoint, the label
    /// masses' buffers, and with noise the training labels per input; digit classes
    /// keep k counts per digit instead (and the tally's weight and code-length
    /// tables); the skill mixture keeps three values per rule and its optimizer's.
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        let n = Double(examples)
        let m = Double(hypothesisCount)
        let k = Double(labelCount)
        let shared = MemoryEstimate.array(Double(inputDistribution.support.count), stride: 16)
        let inputSpace = Double(ordinaryInputCount + 1)
        let trainingLabels: Double
        if noise.isNoiseFree {
            trainingLabels = 0
        } else if inputSpace * k <= Double(1 << 16) {
            trainingLabels = MemoryEstimate.array(inputSpace, stride: 4 * (1 + labelCount))
        } else {
            trainingLabels =
                MemoryEstimate.dictionary(entries: MemoryEstimate.expectedDistinct(draws: n, among: inputSpace), stride: 12)
                + MemoryEstimate.dictionary(entries: MemoryEstimate.expectedDistinct(draws: n, among: inputSpace * k), stride: 12)
        }
        let isDigitwise = ruleClass == .digits || ruleClass == .distinguishing
        var replicate: Double
        switch learner {
        case .uniform:
            replicate = 0
        case .bayes, .map:
            if isDigitwise {
                replicate =
                    MemoryEstimate.array(Double(ordinaryInputCount) * (k + 2), stride: 8)
                    + Double(DigitTally.tableBytes(labelCount: labelCount))
            } else {
                // With noise: the weight per level, and the rules per level
                // an update keeps (its counts, their next version and four
                // interleaved agreeing counts, over at most n + 2 levels and
                // only while they are at most m/4).
                let levels =
                    noise.isNoiseFree
                    ? 0
                    : MemoryEstimate.array(n + 1, stride: 8) + 6 * MemoryEstimate.array(min(n + 2, m / 4), stride: 4)
                // With noise a checkpoint gathers the live rules and their
                // weights by appending (at most three times their size while
                // the arrays grow); noise-free it shares the survivors, and
                // the two-label Bayes learner counts the rules per weight
                // level (a few counters per level and input) instead.
                let countsByLevel = usesBinaryClass && learner == .bayes
                let live = noise.isNoiseFree || countsByLevel ? 0 : 3 * MemoryEstimate.array(m, stride: 12)
                // The level counts: per live level (weight ≥ e⁻⁶⁰ of the best's)
                // eight byte counters and 64 bit counts, and the rules at it.
                let liveLevels = min(n + 1, (60 / abs(noise.logLikelihoodPerDisagreement)).rounded(.up) + 1)
                let levelCounts = !noise.isNoiseFree && countsByLevel ? MemoryEstimate.array(liveLevels, stride: 8 * 74) : 0
                // Label masses: per worker (two) a buffer of k and the list of
                // an input's labels twice over (labels, then (label, mass)
                // pairs; at most min(m, k), grown by appending), or beyond
                // 2^17 labels and more than 4 per rule, a map per input of
                // the labels the live rules give, and its sorted copy.
                let masses =
                    labelCount > 1 << 17 && k > 4 * m
                    ? MemoryEstimate.dictionary(entries: min(m, k), stride: 16) + MemoryEstimate.array(min(m, k), stride: 16)
                    : 2 * (MemoryEstimate.array(k, stride: 8) + MemoryEstimate.array(2 * min(m, k), stride: 24))
                let table =
                    tabulatedInputs.map {
                        TabulatedHypothesisClass.tabulates(rules: hypothesisCount, labels: labelCount, inputs: $0)
                            ? RuleLabelTable.bytes(rules: hypothesisCount, inputs: $0) : 0
                    } ?? 0
                replicate = MemoryEstimate.array(m, stride: 4) + levels + live + levelCounts + masses + table
            }
            replicate += trainingLabels
        case .sgd, .adam:
            guard let settings = gradientSettings else { return MemoryEstimate(shared: shared) }
            let model = MemoryEstimate.array(3 * m, stride: 8) + settings.optimizerMemory(parameters: hypothesisCount)
            replicate = settings.replicateMemory(model: model, examples: examples) + MemoryEstimate.array(min(k, 4096), stride: 16)
        }
        return MemoryEstimate(shared: shared, perReplicate: replicate)
    }

    /// The gradient learners' skill-selection model over `rules`.
    private func skillSelection<Rules: HypothesisClass>(
        _ learner: GradientSettings.Learner, _ rules: Rules, _ truth: Int, _ random: RandomSource
    ) throws -> any Trajectory {
        let settings = try GradientSettings(learner, configuration)
        let model = SkillMixture(
            rules: rules, smoothing: max(noise.level, settings.floor), initScale: settings.initScale, random: random,
            optimizer: settings.optimizer)
        let world = SkillWorld(rules: rules, truth: truth, noise: noise, inputs: inputDistribution)
        return GradientTrajectory(model: model, world: world, settings: settings, random: random)
    }

    private func trajectory<Model: HypothesisCollapseLearner, Rules: HypothesisClass>(
        _ learner: Model, _ rules: Rules, _ truth: Int, _ random: RandomSource
    ) -> any Trajectory {
        HypothesisCollapseTrajectory(learner: learner, rules: rules, truth: truth, scenario: self, random: random)
    }
}
