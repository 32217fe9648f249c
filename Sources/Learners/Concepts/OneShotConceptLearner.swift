import Foundation

/// The exact Bayesian learner of noise-free concept labels: each input
/// (concept) has one fixed label, uniform a priori on k values, so the
/// learner codes a concept's first example at log k and every later one at 0.
///
/// Memory: one label per concept (4 bytes), whatever k.
public struct OneShotConceptLearner: Learner {
    /// The number of labels k.
    public let labelCount: Int
    private let logLabelCount: Double
    /// The label seen for each input, or −1.
    private var known: [Int32]
    /// The number of inputs seen so far.
    public private(set) var seenCount = 0

    /// Creates the learner for inputs `0..<inputCount` and `labelCount` labels.
    public init(inputCount: Int, labelCount: Int) {
        precondition(labelCount >= 2 && labelCount <= Int(Int32.max), "needs 2...Int32.max labels")
        self.labelCount = labelCount
        logLabelCount = log(Double(labelCount))
        known = Array(repeating: -1, count: inputCount)
    }

    /// Whether `input` has been seen.
    @inline(__always)
    public func hasSeen(_ input: Int) -> Bool { known[input] >= 0 }

    /// log k for an unseen input; 0 for the label seen before; +∞ for any
    /// other label (impossible without noise).
    @inline(__always)
    public func codeLength(of example: LabeledExample) -> Double {
        let label = known[example.input]
        if label < 0 { return logLabelCount }
        return Int(label) == example.label ? 0 : .infinity
    }

    /// Remembers the label of a new input.
    @inline(__always)
    public mutating func update(on example: LabeledExample) {
        if known[example.input] < 0 {
            known[example.input] = Int32(example.label)
            seenCount += 1
        }
    }

    /// One label per input: one parameter per input and label.
    public var parameterCount: Int { known.count * labelCount }

    /// The expected code length of a fresh noise-free example at `input`
    /// whose label is `trueLabel`, in nats.
    @inline(__always)
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        let label = known[input]
        if label < 0 { return logLabelCount }
        return Int(label) == trueLabel ? 0 : .infinity
    }
}
