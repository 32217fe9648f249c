/// A finite class of m deterministic rules h: input → label, indexed 0..<m.
public protocol HypothesisClass: Sendable {
    /// The number of hypotheses m.
    var hypothesisCount: Int { get }
    /// The number of labels k; every rule's labels lie in 0..<k.
    var labelCount: Int { get }
    /// h(x): the label rule `hypothesis` gives `input`.
    func label(of hypothesis: Int, at input: Int) -> Int
}
