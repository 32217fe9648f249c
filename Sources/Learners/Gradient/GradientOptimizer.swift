import Foundation

/// A first-order optimiser with a constant learning rate.
public enum GradientOptimizer: Sendable, Equatable {
    /// Plain stochastic gradient descent: θ ← θ − lr·g.
    case sgd(learningRate: Double)
    /// Adam (Kingma & Ba) with bias correction. In the table model it is
    /// *sparse* Adam (as PyTorch's SparseAdam): only parameters with a
    /// gradient in a step have their moments and values updated, so a step
    /// touches only the rows of its batch.
    case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)

    /// The learning rate.
    public var learningRate: Double {
        switch self {
        case .sgd(let rate), .adam(let rate, _, _, _): rate
        }
    }
}

/// Adam's per-parameter moments and step count.
struct AdamState: Sendable {
    var first: [Double]
    var second: [Double]
    private(set) var steps = 0
    /// The bias corrections of step number steps + 1 for the decay rates
    /// (β₁, β₂), once a step has been taken: looking one step ahead (the
    /// per-step monotonicity check does, for every row) then costs no `pow`.
    private var upcoming: (beta1: Double, beta2: Double, first: Double, second: Double)?

    init(parameterCount: Int) {
        first = Array(repeating: 0, count: parameterCount)
        second = Array(repeating: 0, count: parameterCount)
    }

    /// The bias corrections (1 − β₁^t, 1 − β₂^t) of the next step, t = steps + 1.
    func nextCorrections(beta1: Double, beta2: Double) -> (first: Double, second: Double) {
        if let upcoming, upcoming.beta1 == beta1, upcoming.beta2 == beta2 { return (upcoming.first, upcoming.second) }
        return Self.corrections(ofStep: steps + 1, beta1: beta1, beta2: beta2)
    }

    /// Counts one more step and returns its bias corrections.
    mutating func beginStep(beta1: Double, beta2: Double) -> (first: Double, second: Double) {
        let current = nextCorrections(beta1: beta1, beta2: beta2)
        steps += 1
        let next = Self.corrections(ofStep: steps + 1, beta1: beta1, beta2: beta2)
        upcoming = (beta1, beta2, next.first, next.second)
        return current
    }

    /// The bias corrections of step number `step`: (1 − β₁^step, 1 − β₂^step).
    static func corrections(ofStep step: Int, beta1: Double, beta2: Double) -> (first: Double, second: Double) {
        (1 - pow(beta1, Double(step)), 1 - pow(beta2, Double(step)))
    }
}
