import EDL
import GSL
import Learners

/// One replicate of a gradient learner in a world: online steps (each batch
/// coded by the parameters before it), with per-step monotonicity tracking,
/// and at each checkpoint the final model after `epochs` more passes over the
/// examples so far (or the best of them on a validation sample).
struct GradientTrajectory<World: GradientWorld>: Trajectory {
    private(set) var model: World.Model
    private let world: World
    private let random: RandomSource
    private let settings: GradientSettings
    private var pending = 0
    private var inputs: [Int32] = []
    private var labels: [Int32] = []
    private var validationSet: [LabeledExample] = []
    private var steps = 0
    private var violations = 0
    private var untracked = false
    /// What the per-step monotonicity check keeps between steps.
    private var stepChangeMemo: World.StepChangeMemo
    var isLearning = true
    /// What the last checkpoint computed: (test loss, nats per example; code
    /// length on the training examples so far, nats; epoch).
    private var final: (loss: Double, train: Double, epoch: Int, metrics: [Double?])?

    init(model: World.Model, world: World, settings: GradientSettings, random: RandomSource) {
        self.model = model
        self.world = world
        self.settings = settings
        self.random = random
        stepChangeMemo = world.makeStepChangeMemo(optimizer: settings.optimizer)
        if settings.earlyStopping {
            // Validation examples come from their own stream, so the training stream
            // is the same with and without early stopping.
            if let held = try? RandomSource(seed: SplitMix64.mix(random.seed ^ 0x5641_4C49_4441_5445), kind: random.kind) {
                validationSet = (0..<settings.validation).map { _ in world.draw(using: held) }
            }
        }
    }

    @_specialize(where World == TableWorld)
    @_specialize(where World == AdapterWorld)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        final = nil
        for _ in 0..<count {
            let example = world.draw(using: random)
            accountant.record(codeLength: model.codeLength(of: example))
            inputs.append(Int32(example.input))
            labels.append(Int32(example.label))
            guard isLearning else { continue }
            model.accumulateGradient(of: example)
            pending += 1
            if pending == settings.batch { takeStep() }
        }
    }

    /// Checks population monotonicity at the current state (for single-example
    /// steps, unless `monotonicity=off`; batches are not tracked), then
    /// takes the step.
    private mutating func takeStep() {
        if !untracked, settings.tracksMonotonicity, settings.batch == 1,
            let raises = world.stepRaisesLoss(of: model, optimizer: settings.optimizer, memo: &stepChangeMemo)
        {
            if raises { violations += 1 }
        } else {
            untracked = true
        }
        world.modelWillStep(model, memo: &stepChangeMemo)
        model.step(with: settings.optimizer)
        pending = 0
        steps += 1
    }

    /// Trains a copy of the model for `epochs` passes over the examples so
    /// far and keeps the final model (or the best on validation).
    mutating func finishCheckpoint() {
        guard final == nil else { return }
        var candidate = model
        var best = (model: candidate, epoch: 0, score: validationLoss(of: candidate))
        if isLearning {
            for epoch in stride(from: 1, through: settings.epochs, by: 1) {
                var inBatch = 0
                for index in inputs.indices {
                    candidate.accumulateGradient(of: LabeledExample(input: Int(inputs[index]), label: Int(labels[index])))
                    inBatch += 1
                    if inBatch == settings.batch {
                        candidate.step(with: settings.optimizer)
                        inBatch = 0
                    }
                }
                if inBatch > 0 { candidate.step(with: settings.optimizer) }
                if settings.earlyStopping {
                    let score = validationLoss(of: candidate)
                    if score < best.score { best = (candidate, epoch, score) }
                } else {
                    best = (candidate, epoch, 0)
                }
            }
        }
        let chosen = best.model
        var train = 0.0
        for index in inputs.indices {
            train += chosen.codeLength(of: LabeledExample(input: Int(inputs[index]), label: Int(labels[index])))
        }
        let (loss, metrics) = world.populationLossAndMetrics(of: chosen)
        final = (loss, train, best.epoch, metrics)
    }

    private func validationLoss(of candidate: World.Model) -> Double {
        guard settings.earlyStopping else { return 0 }
        return validationSet.reduce(0) { $0 + candidate.codeLength(of: $1) } / Double(max(validationSet.count, 1))
    }

    func populationLoss() -> Double {
        final?.loss ?? world.populationLoss(of: model)
    }

    var parameterCount: Int { model.parameterCount }

    /// Σ_i ℓ(θ*; x_i, y_i) over the examples so far, nats.
    func trainingCodeLength() -> Double? {
        final?.train
    }

    /// monotone_violations, epoch, then the world's own metrics.
    func metricValues() -> [Double?] {
        [
            untracked || steps == 0 ? nil : Double(violations) / Double(steps),
            final.map { Double($0.epoch) },
        ] + (final?.metrics ?? world.metricValues(of: model))
    }
}
