/// A differentiable predictive model trained by gradient steps on the log
/// loss: gradients of a batch accumulate, then one optimiser step applies them.
public protocol GradientModel: Sendable {
    /// −ln p(y | x) under the current parameters, in nats.
    func codeLength(of example: LabeledExample) -> Double
    /// Adds the example's loss gradient to the pending batch gradient.
    mutating func accumulateGradient(of example: LabeledExample)
    /// Applies the pending gradient with `optimizer` and clears it.
    mutating func step(with optimizer: GradientOptimizer)
    /// The rows (inputs) the pending gradient touches, or empty when a step
    /// moves every parameter.
    var pendingRows: [Int] { get }
    /// The number of trainable parameters P.
    var parameterCount: Int { get }
}
