/// One training or test example: an input and its observed label.
public struct LabeledExample: Hashable, Sendable {
    /// The input x, a non-negative integer id (a token, a concept, a prompt).
    public var input: Int
    /// The observed label y, in `0..<labelCount`.
    public var label: Int

    /// Creates an example.
    public init(input: Int, label: Int) {
        self.input = input
        self.label = label
    }
}
