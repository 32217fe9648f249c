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
    var steps = 0

    init(parameterCount: Int) {
        first = Array(repeating: 0, count: parameterCount)
        second = Array(repeating: 0, count: parameterCount)
    }
}
