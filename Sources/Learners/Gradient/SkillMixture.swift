import Foundation
import GSL

/// Skill selection: one logit a_h per rule of a finite class, and the
/// predictive mixture p(y | x) = Σ_h w_h q_h(y | x) with w = softmax(a) and
/// q_h(y | x) = 1 − ε on h(x), ε/(k − 1) elsewhere.
///
/// The gradient analogue of hypothesis collapse: P = m parameters select a
/// rule the model already holds. ∂(−ln p(y | x))/∂a_h = w_h − r_h with
/// r_h = w_h q_h(y | x)/p(y | x) the rule's responsibility for the label.
public struct SkillMixture<Class: HypothesisClass>: GradientModel {
    /// The rules.
    public let rules: Class
    /// ε: the probability a rule leaves for labels it does not give.
    public let smoothing: LabelNoise
    /// The logits a_h.
    public private(set) var logits: [Double]
    private var weights: [Double]
    private var gradient: [Double]
    private var adam: AdamState?

    /// Logits drawn from N(0, initScale²); `smoothing` is ε (> 0).
    public init(rules: Class, smoothing: Double, initScale: Double, random: RandomSource, optimizer: GradientOptimizer) {
        precondition(smoothing > 0 && smoothing < 1, "the smoothing must be in (0, 1)")
        self.rules = rules
        self.smoothing = LabelNoise(level: smoothing, labelCount: rules.labelCount)
        let m = rules.hypothesisCount
        logits = (0..<m).map { _ in initScale > 0 ? initScale * random.gaussian() : 0 }
        weights = Array(repeating: 0, count: m)
        gradient = Array(repeating: 0, count: m)
        if case .adam = optimizer { adam = AdamState(parameterCount: m) }
        refreshWeights()
    }

    private mutating func refreshWeights() {
        let top = logits.max() ?? 0
        var sum = 0.0
        for h in logits.indices {
            weights[h] = exp(logits[h] - top)
            sum += weights[h]
        }
        for h in weights.indices { weights[h] /= sum }
    }

    /// The mixture weights w = softmax(a).
    public var mixtureWeights: [Double] { weights }

    /// The mass of the rules that give `label` to `input`.
    @inline(always)
    private func ruleMass(label: Int, input: Int) -> Double {
        var mass = 0.0
        for h in weights.indices where rules.label(of: h, at: input) == label { mass += weights[h] }
        return mass
    }

    /// −ln p(y | x), in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        -log(smoothing.probability(ruleMass: ruleMass(label: example.label, input: example.input)))
    }

    /// Adds ∂(−ln p)/∂a_h = w_h − r_h for every rule.
    public mutating func accumulateGradient(of example: LabeledExample) {
        let p = smoothing.probability(ruleMass: ruleMass(label: example.label, input: example.input))
        let agree = 1 - smoothing.level
        let disagree = smoothing.flipProbability
        for h in weights.indices {
            let q = rules.label(of: h, at: example.input) == example.label ? agree : disagree
            gradient[h] += weights[h] - weights[h] * q / p
        }
    }

    /// Every parameter moves.
    public var pendingRows: [Int] { [] }

    /// One step of SGD or (dense) Adam on all m logits.
    public mutating func step(with optimizer: GradientOptimizer) {
        switch optimizer {
        case .sgd(let rate):
            for h in logits.indices { logits[h] -= rate * gradient[h] }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            guard var state = adam else { preconditionFailure("mixture built without Adam state") }
            adam = nil  // the sole owner while it changes: no copy of the moment arrays
            let (correction1, correction2) = state.beginStep(beta1: beta1, beta2: beta2)
            for h in logits.indices {
                let g = gradient[h]
                state.first[h] = beta1 * state.first[h] + (1 - beta1) * g
                state.second[h] = beta2 * state.second[h] + (1 - beta2) * g * g
                logits[h] -= rate * (state.first[h] / correction1) / ((state.second[h] / correction2).squareRoot() + epsilon)
            }
            adam = state
        }
        for h in gradient.indices { gradient[h] = 0 }
        refreshWeights()
    }

    /// m.
    public var parameterCount: Int { rules.hypothesisCount }

    /// The expected code length at each input of a fresh label equal to
    /// `trueLabel(input)` corrupted by `noise`, in nats.
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int, noise: LabelNoise) -> [Double] {
        let k = rules.labelCount
        var buffer = [Double](repeating: 0, count: k <= 4096 ? k : 0)
        var touched: [Int] = []
        return inputs.map { input in
            var masses: [(label: Int, mass: Double)] = []
            if k <= 4096 {
                touched.removeAll(keepingCapacity: true)
                for h in weights.indices {
                    let label = rules.label(of: h, at: input)
                    if buffer[label] == 0 { touched.append(label) }
                    buffer[label] += weights[h]
                }
                masses = touched.map { (label: $0, mass: buffer[$0]) }
                for label in touched { buffer[label] = 0 }
            } else {
                var sparse: [Int: Double] = [:]
                for h in weights.indices { sparse[rules.label(of: h, at: input), default: 0] += weights[h] }
                masses = sparse.sorted { $0.key < $1.key }.map { (label: $0.key, mass: $0.value) }
            }
            return noise.expectedCodeLength(trueLabel: trueLabel(input), masses: masses, predictive: smoothing)
        }
    }

    /// Sets one logit (for finite-difference checks).
    public mutating func setLogit(_ value: Double, rule: Int) {
        logits[rule] = value
        refreshWeights()
    }

    /// The gradient of −ln p(y | x) with respect to every logit, for checks.
    public func lossGradient(of example: LabeledExample) -> [Double] {
        var copy = self
        copy.gradient = Array(repeating: 0, count: logits.count)
        copy.accumulateGradient(of: example)
        return copy.gradient
    }
}
