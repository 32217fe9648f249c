import EDL
import Foundation
import GSL
import Learners

/// The paper's §5.4 toy model, and the lab's model of teaching: K
/// independent concepts, each of which must be seen before its label can be
/// predicted. EDL/n rises, peaks near n ≈ 1.79 K at ≈ 0.298 Δ, then falls.
public struct CouponCollector: Scenario {
    public static let name = "coupon-collector"
    public static let summary = "K independent concepts, each learned only once seen: the teaching signature"
    public static let paperSection = "§5.4"
    public static let defaultLearner = "bayes"

    /// The most concepts: 10^7.
    public static let maximumConcepts = 10_000_000
    /// The most per-concept label counters a counting learner may hold.
    public static let maximumCounters = 1 << 26

    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "K", help: "number of concepts", kind: .integer(1...maximumConcepts), defaultValue: .integer(100)),
        ParameterSpec(
            name: "k", help: "number of labels; each concept's label is uniform on k in each world",
            kind: .integer(2...1_000_000), defaultValue: .integer(2)),
        .choice(
            name: "frequencies", help: "how concepts are drawn: uniform, or zipf with p_c ∝ (c+1)^−zipf_s",
            default: Frequencies.uniform),
        ParameterSpec(
            name: "zipf_s", help: "Zipf exponent s (frequencies=zipf only)",
            kind: .real(lower: 0, upper: 100, lowerOpen: true, upperOpen: false), defaultValue: .real(1)),
        .labelNoise(subject: "concept"),
    ]

    /// How concepts are drawn.
    public enum Frequencies: String, TypedChoice {
        case uniform, zipf
    }

    /// The learners, in the order `edl list` shows them.
    public enum Learner: String, TypedChoice {
        case bayes, dirichlet, uniform, sgd, adam

        var descriptor: LearnerDescriptor {
            switch self {
            case .bayes:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "exact posterior per concept under the noise model; noise-free it is one-shot: "
                        + "log k before a concept's first sighting, 0 after",
                    counts: "(k − 1)·K: a label distribution per concept")
            case .dirichlet:
                LearnerDescriptor(
                    name: rawValue, summary: "per-concept symmetric Dirichlet(alpha) label estimate: gradual learning",
                    counts: "(k − 1)·K: a label distribution per concept", parameters: [.dirichletAlpha(default: 0.5, help: "Dirichlet pseudo-count per label")])
            case .uniform: LearnerDescriptor(name: rawValue, summary: "calibrated: always 1/k, never learns", counts: "0")
            case .sgd:
                GradientSettings.descriptor(
                    of: .sgd, skill: false, model: "a softmax table of K × k logits", counts: "K·k: every trainable logit")
            case .adam:
                GradientSettings.descriptor(
                    of: .adam, skill: false, model: "a softmax table of K × k logits", counts: "K·k: every trainable logit")
            }
        }

        /// Whether it is a gradient learner (`sgd` or `adam`).
        var isGradient: Bool { GradientSettings.Learner(rawValue: rawValue) != nil }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        A world fixes one label per concept, uniform on k. Each example draws a concept c with \
        probability p_c (uniform 1/K, or Zipf) and shows its label, flipped with probability η to a \
        uniform other label. Noise-free, the Bayes learner knows a concept exactly once it has seen \
        it: its loss on c is L_high = log k before, L_low = 0 after, Δ = log k. Concept c is still \
        unseen after n examples with probability (1 − p_c)^n, so by linearity E[L(θ_n)] = \
        Δ Σ_c p_c (1 − p_c)^n and E[EDL(n)] = Δ Σ_c [1 − (1 + n p_c)(1 − p_c)^n]. For uniform \
        frequencies, with u = n/K, E[EDL(n)] ≈ KΔ[1 − (1 + u)e^−u]: EDL/n rises while new concepts \
        arrive faster than the learner's knowledge pays off, peaks at u ≈ 1.7933 (value ≈ 0.2984 Δ), \
        then falls like KΔ/n. That rising phase is the signature of teaching: structure is written \
        in piece by piece. With Zipf frequencies rare concepts arrive late and contribute in \
        proportion to their probability, so the hump is lower and the tail longer. The dirichlet \
        learner learns each concept gradually, spreading each concept's EDL over many sightings.
        """

    public let configuration: ScenarioConfiguration
    /// The configured learner.
    public let learner: Learner
    /// K.
    public let conceptCount: Int
    /// k.
    public let labelCount: Int
    /// The label noise.
    public let noise: LabelNoise
    /// How concepts are drawn.
    let frequencies: ConceptFrequencies

    /// A gradient learner's options, read once (nil for the other learners).
    private let gradientSettings: GradientSettings?

    public init(configuration: ScenarioConfiguration) throws {
        self.configuration = configuration
        learner = try configuration.learner(as: Learner.self)
        gradientSettings = try GradientSettings.Learner(rawValue: learner.rawValue).map { try GradientSettings($0, configuration) }
        let parameters = configuration.parameters
        conceptCount = parameters.integer("K")
        labelCount = parameters.integer("k")
        noise = LabelNoise(level: parameters.real("noise"), labelCount: labelCount)
        let zipf = try parameters.choice("frequencies", as: Frequencies.self) == .zipf
        if parameters.isExplicit("zipf_s"), !zipf {
            throw ScenarioError.inconsistent("zipf_s applies only to frequencies=zipf (frequencies is uniform)")
        }
        let counters = conceptCount * labelCount
        let counts =
            switch learner {
            case .dirichlet, .sgd, .adam: true
            case .bayes: noise.level > 0
            case .uniform: false
            }
        if counts, counters > Self.maximumCounters {
            throw ScenarioError.inconsistent(
                "learner \(configuration.learner)\(noise.level > 0 ? " with noise" : "") keeps K·k label counts "
                    + "and needs K·k ≤ \(Self.maximumCounters); got K·k = \(counters)")
        }
        frequencies =
            zipf
            ? try ConceptFrequencies(zipfOver: conceptCount, exponent: parameters.real("zipf_s"))
            : ConceptFrequencies(uniformOver: conceptCount)
    }

    /// L* = H(η) + η ln(k − 1).
    public var bestLoss: Double? { noise.entropy }

    public var metrics: [Metric] {
        if learner.isGradient { return GradientSettings.metrics }
        return [
            Metric(
                name: "coverage", isInformation: false,
                help: "probability mass of the concepts seen so far (observed; theory_coverage is its expectation)")
        ]
    }

    /// The closed form of the noise-free Bayes learner.
    var couponTheory: CouponCollectorTheory {
        CouponCollectorTheory(groups: frequencies.groups, gap: log(Double(labelCount)))
    }

    public var theoryNote: String {
        switch learner {
        case .uniform:
            return "exact: EDL(n) = 0"
        case .bayes where noise.isNoiseFree:
            return "exact: E[EDL(n)] = Δ Σ_c [1 − (1 + n p_c)(1 − p_c)^n], Δ = log k; approx_edl_bits = "
                + "KΔ[1 − (1 + u)e^−u] for uniform frequencies; theory_coverage = Σ_c p_c (1 − (1 − p_c)^n)"
        case .dirichlet where noise.isNoiseFree:
            return "exact expectation over Binomial(n, p_c) sighting counts per concept (computed when the "
                + "work stays below \(DirichletConceptTheory.workLimit) terms)"
        case .sgd, .adam:
            return "Monte Carlo only: a gradient learner has no closed form"
        case .bayes, .dirichlet:
            return "no closed form with noise; the test loss tends to L* = H(η) + η log(k − 1)"
        }
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? {
        let logK = log(Double(labelCount))
        var curve: ExpectedCurve
        var coverage: [Double]?
        switch learner {
        case .uniform:
            curve = ExpectedCurve(
                n: grid, edl: grid.map { _ in 0 }, mdl: grid.map { Double($0) * logK }, testLoss: grid.map { _ in logK })
        case .bayes where noise.isNoiseFree:
            (curve, coverage) = couponTheory.curveAndCoverage(at: grid)
            if frequencies.table == nil {
                let K = Double(conceptCount)
                curve.extras.append(
                    ExpectedCurve.Column(
                        name: "approx_edl",
                        values: grid.map { n in
                            let u = Double(n) / K
                            return K * logK * -((1 + u) * exp(-u) - 1)
                        }, isInformation: true))
            }
        case .dirichlet where noise.isNoiseFree:
            let theory = DirichletConceptTheory(
                groups: frequencies.groups, labelCount: labelCount,
                concentration: configuration.learnerParameters.real("alpha"))
            guard theory.work(grid: grid) <= Double(DirichletConceptTheory.workLimit) else { return nil }
            curve = try theory.curve(at: grid)
        case .bayes, .dirichlet, .sgd, .adam:
            return nil
        }
        curve.extras.append(
            ExpectedCurve.Column(
                name: "theory_coverage", values: coverage ?? couponTheory.curveAndCoverage(at: grid).coverage,
                isInformation: false))
        return curve
    }

    public func configurationNotes() throws -> [String] {
        let theory = couponTheory
        let limit = max(100 * conceptCount, 100)
        let delta = log(Double(labelCount))
        let bits = InformationUnit.bits
        var notes: [String] = []
        let work = theory.peakWork(limit: limit)
        if work <= CouponCollectorTheory.peakWorkLimit {
            let peak = theory.peakOfEDLPerExample(limit: limit)
            notes.append(
                String(
                    format: "Noise-free bayes: E[EDL]/n peaks at n = %d (u = n/K = %.4f) with %.6g bits/example = %.6f Δ "
                        + "(exact formula; Δ = log k = %.6g bits).",
                    peak.n, Double(peak.n) / Double(conceptCount), bits.fromNats(peak.value), peak.value / delta,
                    bits.fromNats(delta)))
        } else {
            notes.append(
                String(
                    format: "Noise-free bayes: the exact E[EDL]/n peak is not searched here: %.3g evaluations (%d distinct "
                        + "concept probabilities × the search's grid) is above describe's limit of %.3g; `edl run` with a "
                        + "log grid draws the exact curve.", work, theory.groups.count, CouponCollectorTheory.peakWorkLimit))
        }
        if learner == .dirichlet, noise.isNoiseFree {
            let theory = DirichletConceptTheory(
                groups: frequencies.groups, labelCount: labelCount,
                concentration: configuration.learnerParameters.real("alpha"))
            var grid: [Int] = []
            var n = 1.0
            while Int(n) <= 100 * conceptCount {
                if Int(n) != grid.last { grid.append(Int(n)) }
                n *= 1.05
            }
            if theory.work(grid: grid) <= Double(DirichletConceptTheory.workLimit) {
                let curve = try theory.curve(at: grid)
                let perExample = zip(grid, curve.edl).map { ($0, $1 / Double($0)) }
                if let best = perExample.max(by: { $0.1 < $1.1 }) {
                    notes.append(
                        String(
                            format: "Dirichlet(alpha): E[EDL]/n peaks near n = %d with %.6g bits/example (exact curve "
                                + "on a 5%% log grid).", best.0, bits.fromNats(best.1)))
                }
            }
        }
        return notes
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        switch learner {
        case .sgd: return try gradientTrajectory(.sgd, random: random)
        case .adam: return try gradientTrajectory(.adam, random: random)
        case .bayes where noise.isNoiseFree:
            return OneShotCouponTrajectory(
                base: CouponCollectorTrajectory(
                    learner: OneShotConceptLearner(inputCount: conceptCount + 1, labelCount: labelCount, concepts: conceptCount),
                    scenario: self, random: random))
        case .bayes:
            return CouponCollectorTrajectory(
                learner: DigitwiseBayesLearner(digitCount: conceptCount, noise: noise), scenario: self, random: random)
        case .dirichlet:
            return CouponCollectorTrajectory(
                learner: PerInputDirichletLearner(
                    labelCount: labelCount, concentration: configuration.learnerParameters.real("alpha"),
                    denseInputs: conceptCount + 1, inputSpace: conceptCount),
                scenario: self, random: random)
        case .uniform:
            return CouponCollectorTrajectory(learner: UniformLearner(labelCount: labelCount), scenario: self, random: random)
        }
    }

    public func makeReferenceTrajectory(random: RandomSource) throws -> (any Trajectory)? {
        let world = CouponWorld(scenario: self, random: random)
        switch learner {
        case .bayes where noise.isNoiseFree:
            return GenericTrajectory(
                world: world, learner: OneShotConceptLearner(inputCount: conceptCount + 1, labelCount: labelCount, concepts: conceptCount),
                random: random)
        case .bayes:
            return GenericTrajectory(
                world: world, learner: DigitwiseBayesLearner(digitCount: conceptCount, noise: noise), random: random)
        case .dirichlet:
            return GenericTrajectory(
                world: world,
                learner: PerInputDirichletLearner(
                    labelCount: labelCount, concentration: configuration.learnerParameters.real("alpha"),
                    denseInputs: conceptCount + 1, inputSpace: conceptCount),
                random: random)
        case .uniform:
            return GenericTrajectory(world: world, learner: UniformLearner(labelCount: labelCount), random: random)
        case .sgd, .adam:
            return nil
        }
    }

    /// The dirichlet learner's counts and the noisy Bayes learner's tallies
    /// are 32-bit; the one-shot learner keeps one label per concept.
    public var largestExamples: Int {
        switch learner {
        case .dirichlet: Int(Int32.max)
        case .bayes: noise.isNoiseFree ? Int.max : Int(Int32.max)
        case .uniform, .sgd, .adam: Int.max
        }
    }

    /// The examples drawn, and a gradient learner's extra epochs at every checkpoint.
    public func work(grid: [Int]) -> Double {
        guard let settings = gradientSettings else {
            return Double(grid.last ?? 0)
        }
        return settings.work(grid: grid)
    }

    /// Shared: for Zipf frequencies the concept probabilities and the alias
    /// table, counted at their peak while the table is built. Per replicate: a seen bit per concept, the prefetched
    /// concept draws (two blocks of 2^17), and the learner: k + 1 states per concept
    /// bit-packed (one-shot), k 32-bit counts per concept (noisy Bayes,
    /// dirichlet), or a gradient learner's K × k table.
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        let concepts = Double(conceptCount)
        // Zipf: while the alias table is filled, the weights, the probabilities
        // (8 bytes each), GSL's table (a probability and an alias, 16) and the
        // lab's interleaved slots (32) exist together; GSL's temporaries are
        // freed before the slots exist, and only the slots (which carry the
        // probabilities) are kept.
        var shared =
            frequencies.table == nil
            ? 0 : MemoryEstimate.array(concepts, stride: 32 + DiscreteDistribution.bytesPerOutcome)
        // The Dirichlet learner's logarithm table grows with its largest count (≤ n).
        if learner == .dirichlet { shared += DirichletLabelCounts.sharedTableBytes(examples: examples) }
        return MemoryEstimate(shared: shared, perReplicate: replicateMemory(examples: examples))
    }

    /// One replicate's bytes (also the capability part of a format-capability replicate).
    func replicateMemory(examples: Int) -> Double {
        let concepts = Double(conceptCount)
        let common =
            MemoryEstimate.array(concepts / 64 + 1, stride: 8)
            + MemoryEstimate.array(2 * Double(min(examples, CouponCollectorTrajectory<UniformLearner>.prefetchedRun)), stride: 8)
        // With noise, each concept's expected code length between sightings.
        let remembered = noise.isNoiseFree ? 0 : MemoryEstimate.array(concepts, stride: 8)
        switch learner {
        case .uniform:
            return common + remembered
        case .bayes where noise.isNoiseFree:
            var bits = 2
            while Double(1 << bits) <= Double(labelCount) { bits *= 2 }  // a power of two with 2^bits > k
            return common + MemoryEstimate.array((concepts + 1) * Double(bits) / 64 + 1, stride: 8)
        case .bayes:
            return common + remembered + MemoryEstimate.array(concepts, stride: 4 * (labelCount + 1))
                + Double(DigitTally.tableBytes(labelCount: labelCount))
        case .dirichlet:
            return common + remembered + MemoryEstimate.array(concepts + 1, stride: 4 * (labelCount + 1))
                + MemoryEstimate.array(Double(labelCount), stride: 4)
        case .sgd, .adam:
            guard let settings = gradientSettings else { return common }
            return common + TableWorld.replicateMemory(rows: conceptCount, labels: labelCount, settings: settings, examples: examples)
        }
    }

    /// A softmax table of K × k logits trained by `learner`.
    private func gradientTrajectory(_ learner: GradientSettings.Learner, random: RandomSource) throws -> any Trajectory {
            let key = UInt64(random.uniformInteger(below: 1 << 32)) << 32 | UInt64(random.uniformInteger(below: 1 << 32))
            let labels = HashedHypothesisClass(hypothesisCount: 1, labelCount: labelCount, key: key, hasDiagnosticInput: false)
            let frequencies = self.frequencies
            let noise = self.noise
            let world = TableWorld(
                weights: (0..<conceptCount).map(frequencies.probability),
                noise: noise.level,
                truth: { labels.label(of: 0, at: $0) },
                sampler: { random in
                    let concept = frequencies.draw(using: random)
                    var label = labels.label(of: 0, at: concept)
                    if noise.level > 0, random.bernoulli(noise.level) {
                        label = (label + 1 + random.uniformInteger(below: noise.labelCount - 1)) % noise.labelCount
                    }
                    return LabeledExample(input: concept, label: label)
                })
            let settings = try GradientSettings(learner, configuration)
            let model = SoftmaxTable(
                rows: conceptCount, labels: labelCount, initScale: settings.initScale, random: random,
                optimizer: settings.optimizer)
            return GradientTrajectory(model: model, world: world, settings: settings, random: random)
    }
}
