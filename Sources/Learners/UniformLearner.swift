import Foundation

/// The calibrated learner that never learns: every label of every input gets
/// probability 1/k.
public struct UniformLearner: Learner {
    /// The number of labels k.
    public let labelCount: Int
    private let logLabelCount: Double

    /// Creates the learner for `labelCount` ≥ 1 labels.
    public init(labelCount: Int) {
        precondition(labelCount >= 1, "a learner needs at least one label")
        self.labelCount = labelCount
        logLabelCount = log(Double(labelCount))
    }

    /// log k, in nats, whatever the example.
    public func codeLength(of example: LabeledExample) -> Double { logLabelCount }

    /// Nothing is learned.
    public mutating func update(on example: LabeledExample) {}

    /// No trainable parameters.
    public var parameterCount: Int { 0 }

    /// The cross-entropy against uniformly distributed labels,
    /// (1/k) Σ_y −log p(y), in nats: log k.
    public var uniformLabelCrossEntropy: Double { logLabelCount }
}
