import GSL
import Learners

/// The options of the `sgd` and `adam` learners, read from the learner's
/// parameters.
struct GradientSettings: Sendable {
    var optimizer: GradientOptimizer
    /// Examples per step; every example of a batch is coded by the
    /// parameters before the batch.
    var batch: Int
    /// Standard deviation of the initial logits.
    var initScale: Double
    /// Extra passes over the n training examples after the online pass.
    var epochs: Int
    /// Whether to pick the epoch (0…epochs) with the lowest validation loss.
    var earlyStopping: Bool
    /// Held-out examples for early stopping.
    var validation: Int
    /// ε of the skill-selection mixture (hypothesis collapse only).
    var floor: Double
    /// Whether each single-example step checks population monotonicity
    /// (the `monotone_violations` metric).
    var tracksMonotonicity: Bool

    /// The gradient learners.
    enum Learner: String, TypedChoice {
        case sgd, adam
    }

    /// Whether each single-example step checks population monotonicity.
    enum MonotonicityCheck: String, TypedChoice {
        case track, off
    }

    /// The parameters of a gradient learner (`adam` adds β1, β2, ε; the skill
    /// model adds `floor`).
    static func parameters(adam: Bool, skill: Bool) -> [ParameterSpec] {
        var specs = [
            ParameterSpec(
                name: "lr", help: "constant learning rate",
                kind: .real(lower: 0, upper: 1e6, lowerOpen: true, upperOpen: false), defaultValue: .real(adam ? 0.05 : 0.5)),
            ParameterSpec(
                name: "batch", help: "examples per step (each coded by the parameters before its batch)",
                kind: .integer(1...1_000_000), defaultValue: .integer(1)),
            ParameterSpec(
                name: "init_scale", help: "standard deviation of the initial logits (0: all zero)",
                kind: .real(lower: 0, upper: 100, lowerOpen: false, upperOpen: false), defaultValue: .real(0)),
            ParameterSpec(
                name: "epochs", help: "extra passes over the n training examples after the online pass (MDL counts the first pass only)",
                kind: .integer(0...10_000), defaultValue: .integer(0)),
            .choice(
                name: "early_stopping", help: "pick the epoch 0…epochs with the lowest loss on a held-out validation sample",
                default: Switch.false),
            ParameterSpec(
                name: "validation", help: "held-out examples drawn for early stopping",
                kind: .integer(1...10_000_000), defaultValue: .integer(1000)),
            .choice(
                name: "monotonicity",
                help: adam
                    ? "check every single-example step for population monotonicity (monotone_violations); off by default: "
                        + "Adam's bias correction changes every row's one-step change at every step, so the check "
                        + "recomputes O(rows × k²) terms per step against O(k) for the step itself (80-500x a run)"
                    : "check every single-example step for population monotonicity (monotone_violations): "
                        + "track (about 2-3x a run: O(k²) per step on a table), or off to skip its cost",
                default: adam ? MonotonicityCheck.off : MonotonicityCheck.track),
        ]
        if adam {
            specs += [
                ParameterSpec(
                    name: "beta1", help: "Adam's first-moment decay",
                    kind: .real(lower: 0, upper: 1, lowerOpen: false, upperOpen: true), defaultValue: .real(0.9)),
                ParameterSpec(
                    name: "beta2", help: "Adam's second-moment decay",
                    kind: .real(lower: 0, upper: 1, lowerOpen: false, upperOpen: true), defaultValue: .real(0.999)),
                ParameterSpec(
                    name: "epsilon", help: "Adam's denominator offset",
                    kind: .real(lower: 0, upper: 1, lowerOpen: true, upperOpen: false), defaultValue: .real(1e-8)),
            ]
        }
        if skill {
            specs.append(
                ParameterSpec(
                    name: "floor", help: "ε: probability each rule leaves for the labels it does not give (uses max(noise, floor))",
                    kind: .real(lower: 0, upper: 1, lowerOpen: true, upperOpen: true), defaultValue: .real(0.01)))
        }
        return specs
    }

    /// The descriptors of `sgd` and `adam` for a scenario.
    static func learners(skill: Bool, model: String, counts: String) -> [LearnerDescriptor] {
        Learner.allCases.map { descriptor(of: $0, skill: skill, model: model, counts: counts) }
    }

    /// The descriptor of one gradient learner.
    static func descriptor(of learner: Learner, skill: Bool, model: String, counts: String) -> LearnerDescriptor {
        switch learner {
        case .sgd:
            LearnerDescriptor(
                name: learner.rawValue, summary: "\(model) trained online by stochastic gradient descent (Monte Carlo EDL)",
                counts: counts, parameters: parameters(adam: false, skill: skill))
        case .adam:
            LearnerDescriptor(
                name: learner.rawValue, summary: "\(model) trained online by Adam (Monte Carlo EDL)",
                counts: counts, parameters: parameters(adam: true, skill: skill))
        }
    }

    /// Reads the settings of `learner` from the configured learner parameters.
    /// - Throws: ``ScenarioError`` if a choice is not one of its words.
    init(_ learner: Learner, _ configuration: ScenarioConfiguration) throws {
        let p = configuration.learnerParameters
        let rate = p.real("lr")
        optimizer =
            switch learner {
            case .adam: .adam(learningRate: rate, beta1: p.real("beta1"), beta2: p.real("beta2"), epsilon: p.real("epsilon"))
            case .sgd: .sgd(learningRate: rate)
            }
        batch = p.integer("batch")
        initScale = p.real("init_scale")
        epochs = p.integer("epochs")
        earlyStopping = try p.choice("early_stopping", as: Switch.self).isOn
        validation = p.integer("validation")
        floor = p["floor"]?.realValue ?? 0.01
        // A learner without the option (the capacity adapter) never checks it.
        tracksMonotonicity = try p["monotonicity"] != nil && p.choice("monotonicity", as: MonotonicityCheck.self) == .track
    }

    /// The optimizer's state for `parameters` trainable values, in bytes:
    /// Adam keeps two moments per parameter, SGD nothing.
    func optimizerMemory(parameters: Int) -> Double {
        switch optimizer {
        case .adam: MemoryEstimate.array(2 * Double(parameters), stride: 8)
        case .sgd: 0
        }
    }

    /// The bytes one replicate of a gradient learner holds, given its model's
    /// (parameters, gradient and optimizer state together): the model, and
    /// with extra epochs the copy being trained and the best one kept; the
    /// training examples (two 32-bit integers each, kept for the epochs and
    /// the training loss); the validation sample with early stopping.
    func replicateMemory(model: Double, examples: Int) -> Double {
        let models = epochs == 0 ? 1.0 : earlyStopping ? 3 : 2
        let stored = MemoryEstimate.array(Double(examples), stride: 8)
        let held = earlyStopping ? MemoryEstimate.array(Double(validation), stride: MemoryLayout<LabeledExample>.stride) : 0
        return models * model + stored + held
    }

    /// The examples processed by one replicate: the online pass to the last
    /// point of `grid`, and at each checkpoint n `epochs` passes over the n
    /// examples so far, each (with early stopping) scored on the validation sample.
    func work(grid: [Int]) -> Double {
        let validated = earlyStopping ? Double(validation) : 0
        let passes = grid.reduce(0) { $0 + Double($1) + validated }
        return Double(grid.last ?? 0) + Double(epochs) * passes
    }

    /// The gradient-learner metrics (the final model's training loss is a
    /// standard column, ``Trajectory/trainingCodeLength()``).
    static let metrics: [Metric] = [
        Metric(
            name: "monotone_violations", isInformation: false,
            help: "fraction of online steps at which an update would raise the exact population loss in expectation "
                + "over the next example (population monotonicity fails); empty when too costly, batch > 1 or monotonicity=off"),
        Metric(name: "epoch", isInformation: false, help: "the epoch of the final model (0 = after the online pass)"),
    ]
}
