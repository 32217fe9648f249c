/// A sum of one value per slot, kept up to date in O(1) as slots change,
/// with a bound on how far it can be from the sum a plain left-to-right
/// loop over the slots' terms would compute.
///
/// Each slot's value is the floating-point sum of at most `termsPerSlot`
/// terms, and `magnitude` is the sum of those terms' absolute values. The
/// bound is the standard one for recursive summation (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, §4.2: |ŝ − s| ≤ γₙ₋₁ Σ|xᵢ| with
/// γₙ = nu/(1 − nu), u = 2⁻⁵³), applied three times: to each slot's value,
/// to the left-to-right loop over all terms, and to every update of the
/// running total (an error of at most u·|result| per operation); doubled to
/// cover the rounding of the bound's own arithmetic. After as many updates
/// as there are slots the total is summed afresh, so the update errors
/// never pile up.
struct BoundedRunningSum {
    /// The slots' values.
    private var values: [Double]
    /// Σ|term| of each slot.
    private var magnitudes: [Double]
    private var total = 0.0
    private var magnitude = 0.0
    /// A bound on |total − Σ values| (exact sum).
    private var drift = 0.0
    private var updates = 0
    private let termsPerSlot: Int

    /// Slots all 0, for `slots` values of at most `termsPerSlot` terms each.
    init(slots: Int, termsPerSlot: Int) {
        values = Array(repeating: 0, count: slots)
        magnitudes = Array(repeating: 0, count: slots)
        self.termsPerSlot = max(termsPerSlot, 1)
    }

    /// The bytes it holds for `slots` slots.
    static func memory(slots: Int) -> Double { MemoryEstimate.array(Double(slots), stride: 16) }

    /// Sets a slot's value (the floating-point sum of its terms, in order)
    /// and the sum of its terms' absolute values.
    mutating func set(_ slot: Int, value: Double, magnitude slotMagnitude: Double) {
        updates += 1
        if updates > values.count {
            values[slot] = value
            magnitudes[slot] = slotMagnitude
            resum()
            return
        }
        let unit = 0x1p-53
        let partial = total - values[slot]
        total = partial + value
        drift += unit * (abs(partial) + abs(total))
        magnitude = magnitude - magnitudes[slot] + slotMagnitude
        values[slot] = value
        magnitudes[slot] = slotMagnitude
    }

    /// Sums every slot afresh.
    mutating func resum() {
        var sum = 0.0
        var size = 0.0
        for slot in values.indices {
            sum += values[slot]
            size += magnitudes[slot]
        }
        total = sum
        magnitude = size
        drift = Self.gamma(values.count) * size
        updates = 0
    }

    /// An interval that holds the left-to-right floating-point sum of every
    /// slot's terms, slot by slot, when the whole loop adds at most
    /// `termCount` terms.
    func interval(termCount: Int) -> (low: Double, high: Double) {
        let margin = 2 * (drift + (Self.gamma(termsPerSlot) + Self.gamma(termCount)) * magnitude) + 0x1p-1000
        return (total - margin, total + margin)
    }

    /// γₙ = nu/(1 − nu), u = 2⁻⁵³.
    private static func gamma(_ count: Int) -> Double {
        let nu = Double(count) * 0x1p-53
        return nu / (1 - nu)
    }
}
