/// What a ``TableWorld`` keeps per row between steps for the per-step
/// monotonicity check: a row's terms stay valid until a step changes that
/// row.
///
/// Two things are kept. The weighted expected code length w_x·L_x of every
/// row (the population loss is their sum in row order): a step changes only
/// the rows of its batch, with SGD and with the table's sparse Adam, so each
/// step recomputes one row's log-sum-exp instead of every row's. And, with
/// SGD, the one-step-change terms of every row: a step on (x, y) changes only
/// row x, so each step recomputes one row's k² work instead of every row's.
/// (An Adam step changes every row's terms: its bias correction counts all
/// steps.) Terms a row does not have (zero weight, or a label of
/// probability zero) are kept as +0.0, so the sums add the same terms in the
/// same order as a sum computed afresh, and come out the same bits.
///
/// With SGD both sums are also kept as running totals with error bounds
/// (``BoundedRunningSum``), so a step's check costs O(k²) instead of
/// O(rows × k): the check only needs to know on which side of its threshold
/// the change lies, and the full sums are added up only when the bounds
/// cannot tell.
struct TableStepChangeMemo {
    /// Whether one-step-change terms are kept (false: every call recomputes them).
    let isKept: Bool
    /// Whether row x's terms and code length are valid for the model as it is now (SGD).
    private(set) var isCurrent: [Bool]
    /// The rows that are not current (SGD), each once.
    private(set) var stale: [Int]
    /// terms[x·k + y]: w_x·p_y·w_x·(L_x after a step on (x, y) − L_x now), nats; +0.0 where there is no term.
    private(set) var terms: [Double] = []
    private(set) var labelCount = 0
    /// Whether row x's weighted code length is valid for the model as it is now.
    private var lossIsCurrent: [Bool]
    /// w_x·L_x, nats (+0.0 for a row of weight zero).
    private(set) var weightedLosses: [Double]
    /// Σ_y terms[x·k + y] per row, and their running total (SGD).
    private(set) var change: BoundedRunningSum
    /// w_x·L_x per row, and their running total (SGD).
    private(set) var loss: BoundedRunningSum
    /// How many checks the running totals decided, and how many needed the full sums.
    private(set) var decisions = (bounded: 0, summed: 0)

    /// An empty memo for a table of `rows` rows.
    init(rows: Int, isKept: Bool) {
        self.isKept = isKept
        isCurrent = Array(repeating: false, count: isKept ? rows : 0)
        stale = isKept ? Array(0..<rows) : []
        lossIsCurrent = Array(repeating: false, count: rows)
        weightedLosses = Array(repeating: 0, count: rows)
        change = BoundedRunningSum(slots: isKept ? rows : 0, termsPerSlot: 1)
        loss = BoundedRunningSum(slots: isKept ? rows : 0, termsPerSlot: 1)
    }

    /// The bytes a memo holds for `rows` rows of `labels` labels.
    static func memory(rows: Int, labels: Int, keepsTerms: Bool) -> Double {
        let losses = MemoryEstimate.array(Double(rows), stride: 9)
        guard keepsTerms else { return losses }
        return losses + MemoryEstimate.array(Double(rows), stride: 1 + 8 + 8 * labels) + 2 * BoundedRunningSum.memory(slots: rows)
    }

    /// Sizes the terms for `labels` labels per row (once).
    mutating func prepare(labels: Int) {
        guard labelCount != labels else { return }
        labelCount = labels
        terms = Array(repeating: 0, count: isCurrent.count * labels)
        change = BoundedRunningSum(slots: isCurrent.count, termsPerSlot: labels)
        for row in isCurrent.indices where isCurrent[row] {
            isCurrent[row] = false
            stale.append(row)
        }
    }

    /// Keeps `row`'s terms, one per label (+0.0 where it has none), and its
    /// weighted code length, and marks the row current.
    mutating func keep(row: Int, terms rowTerms: UnsafeBufferPointer<Double>, weightedLoss: Double) {
        var sum = 0.0
        var size = 0.0
        for label in 0..<labelCount {
            terms[row * labelCount + label] = rowTerms[label]
            sum += rowTerms[label]
            size += abs(rowTerms[label])
        }
        change.set(row, value: sum, magnitude: size)
        loss.set(row, value: weightedLoss, magnitude: abs(weightedLoss))
        weightedLosses[row] = weightedLoss
        lossIsCurrent[row] = true
        isCurrent[row] = true
    }

    /// Takes the list of stale rows (they are about to be kept again).
    mutating func takeStale() -> [Int] {
        var list: [Int] = []
        swap(&list, &stale)
        return list
    }

    /// Hands back the list ``takeStale()`` took, emptied (its storage is reused).
    mutating func returnStale(_ list: [Int]) {
        var list = list
        list.removeAll(keepingCapacity: true)
        if stale.isEmpty { stale = list }
    }

    /// Counts a check the running totals decided (`bounded`) or one that needed the full sums.
    mutating func count(bounded: Bool) {
        if bounded { decisions.bounded += 1 } else { decisions.summed += 1 }
    }

    /// The weighted code length of `row`: kept, or computed by `compute` and kept.
    @inline(__always)
    mutating func weightedLoss(row: Int, _ compute: () -> Double) -> Double {
        if lossIsCurrent[row] { return weightedLosses[row] }
        let value = compute()
        weightedLosses[row] = value
        lossIsCurrent[row] = true
        return value
    }

    /// Drops `row`'s terms and code length: the model's row is about to change.
    mutating func forget(row: Int) {
        guard row < lossIsCurrent.count else { return }
        lossIsCurrent[row] = false
        if isKept, isCurrent[row] {
            isCurrent[row] = false
            stale.append(row)
        }
    }
}
