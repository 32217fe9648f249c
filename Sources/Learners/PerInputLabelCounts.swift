/// Label counts per input: N_x and c_{x,y}, in flat arrays for inputs below a
/// dense capacity and in hash maps for any other input.
public struct PerInputLabelCounts: Sendable {
    /// The number of labels k.
    public let labelCount: Int
    @usableFromInline var denseTotals: [Int32]
    @usableFromInline var densePairs: [Int32]
    @usableFromInline var sparseTotals: [Int: Int32] = [:]
    @usableFromInline var sparsePairs: [Int: Int32] = [:]
    /// The number of distinct inputs counted so far.
    @inlinable
    public var distinctInputs: Int { distinctInputsCounted }
    @usableFromInline var distinctInputsCounted = 0

    /// Empty counts; inputs in `0..<denseInputs` use flat arrays
    /// (`denseInputs × k` counters), others hash maps.
    public init(labelCount: Int, denseInputs: Int = 0) {
        self.labelCount = labelCount
        denseTotals = Array(repeating: 0, count: max(denseInputs, 0))
        densePairs = Array(repeating: 0, count: max(denseInputs, 0) * labelCount)
    }

    @inlinable @inline(always)
    func isDense(_ input: Int) -> Bool { input >= 0 && input < denseTotals.count }

    /// N_x: how often `input` has been counted.
    @inlinable @inline(always)
    public func total(of input: Int) -> Int {
        Int(isDense(input) ? denseTotals[input] : sparseTotals[input] ?? 0)
    }

    /// c_{x,y}: how often `label` has been counted with `input`.
    @inlinable @inline(always)
    public func count(of label: Int, at input: Int) -> Int {
        let key = input &* labelCount &+ label
        return Int(isDense(input) ? densePairs[key] : sparsePairs[key] ?? 0)
    }

    /// Counts one example.
    @inlinable @inline(always)
    public mutating func add(_ example: LabeledExample) {
        let key = example.input &* labelCount &+ example.label
        if isDense(example.input) {
            if denseTotals[example.input] == 0 { distinctInputsCounted += 1 }
            denseTotals[example.input] += 1
            densePairs[key] += 1
        } else {
            if sparseTotals[example.input] == nil { distinctInputsCounted += 1 }
            sparseTotals[example.input, default: 0] += 1
            sparsePairs[key, default: 0] += 1
        }
    }
}
