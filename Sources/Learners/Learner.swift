/// An online learner: it codes each example with its current state, then
/// updates on it.
///
/// The order matters: ``codeLength(of:)`` must be called before
/// ``update(on:)`` for the same example, so that the code length is a genuine
/// prediction (the prequential protocol).
public protocol Learner {
    /// −log p_θ(y | x) under the current state θ, in nats.
    func codeLength(of example: LabeledExample) -> Double

    /// Updates the state on one example.
    mutating func update(on example: LabeledExample)

    /// The number of trainable parameters P of the model (for EDL/P).
    var parameterCount: Int { get }

    /// Codes `example` with the current state, then updates on it; returns
    /// the code length in nats. Learners may fuse the two steps into one pass.
    mutating func codeThenUpdate(on example: LabeledExample) -> Double
}

extension Learner {
    /// Codes `example` with the current state, then updates on it; returns
    /// the code length in nats.
    @inlinable @inline(always)
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        let length = codeLength(of: example)
        update(on: example)
        return length
    }
}
