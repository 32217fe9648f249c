import Learners

/// A ``BinaryHashedHypothesisClass`` whose labels at inputs 0…inputs are
/// read from a ``RuleLabelTable`` filled from the hash: the same labels.
/// A type of its own, so the hashed class's code is not shaped around a
/// table it does not have.
struct TabulatedHypothesisClass: BinaryHypothesisClass {
    /// The class the table was filled from (and which answers beyond it).
    let hashed: BinaryHashedHypothesisClass
    private let table: RuleLabelTable

    var hypothesisCount: Int { hashed.hypothesisCount }
    var labelCount: Int { hashed.labelCount }

    /// The table of `hashed` at inputs 0…`inputs`, or `nil` when the table
    /// would exceed ``RuleLabelTable/largestBits``.
    init?(_ hashed: BinaryHashedHypothesisClass, inputs: Int) {
        guard Self.tabulates(rules: hashed.hypothesisCount, labels: hashed.labelCount, inputs: inputs) else { return nil }
        self.hashed = hashed
        table = RuleLabelTable(hashed, inputs: inputs)
    }

    /// Whether a class of `rules` rules with `labels` labels, asked for
    /// inputs 0…`inputs`, is tabulated.
    static func tabulates(rules: Int, labels: Int, inputs: Int) -> Bool {
        labels == 2 && RuleLabelTable.fits(rules: rules, inputs: inputs)
    }

    /// The hashed class's word (one hash): a table read per bit would cost more.
    @inline(__always)
    func labelWord(of hypothesis: Int, block: Int) -> UInt64 {
        hashed.labelWord(of: hypothesis, block: block)
    }

    @inline(__always)
    func label(of hypothesis: Int, at input: Int) -> Int {
        if input > table.inputCount { return hashed.label(of: hypothesis, at: input) }
        return table.label(of: hypothesis, at: input)
    }
}
