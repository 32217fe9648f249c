import Foundation
import GSL

/// A tabular softmax model: one row of k logits per input,
/// p(y | x) = softmax(W_x)_y, trained by gradient steps on the log loss.
///
/// ∂(−ln p(y | x))/∂W_{x,j} = p(j | x) − [j = y], so a step on a batch
/// touches only the rows of the batch's inputs (with SGD, and with the sparse
/// Adam of ``GradientOptimizer``). Rows are stored flat; nothing is allocated
/// per example.
public struct SoftmaxTable: GradientModel {
    /// The number of rows (inputs 0..<rowCount).
    public let rowCount: Int
    /// k.
    public let labelCount: Int
    /// The logits, row-major.
    public private(set) var logits: [Double]
    private var adam: AdamState?
    /// The gradient accumulated for the current batch, row-major (zero outside `touched`).
    private var gradient: [Double]
    private var touched: [Int] = []
    private var touchedFlag: [Bool]

    /// A table with every logit drawn from N(0, initScale²) (all 0 when initScale is 0).
    public init(rows: Int, labels: Int, initScale: Double, random: RandomSource, optimizer: GradientOptimizer) {
        rowCount = rows
        labelCount = labels
        logits = (0..<(rows * labels)).map { _ in initScale > 0 ? initScale * random.gaussian() : 0 }
        gradient = Array(repeating: 0, count: rows * labels)
        touchedFlag = Array(repeating: false, count: rows)
        if case .adam = optimizer { adam = AdamState(parameterCount: rows * labels) }
    }

    /// The number of trainable parameters: rows × k.
    public var parameterCount: Int { rowCount * labelCount }

    /// ln Σ_j e^{W_{x,j}} of one row (log-sum-exp).
    @inline(__always)
    func logNormaliser(_ row: Int) -> Double {
        let base = row * labelCount
        var top = -Double.infinity
        for j in 0..<labelCount { top = max(top, logits[base + j]) }
        var sum = 0.0
        for j in 0..<labelCount { sum += exp(logits[base + j] - top) }
        return top + log(sum)
    }

    /// −ln p(label | row), in nats.
    @inline(__always)
    public func codeLength(label: Int, row: Int) -> Double {
        logNormaliser(row) - logits[row * labelCount + label]
    }

    /// The expected code length of a fresh label at `row` that is `truth`
    /// with probability 1 − η and each other label with η/(k − 1), in nats.
    public func expectedCodeLength(row: Int, truth: Int, noise: Double) -> Double {
        let base = row * labelCount
        return expectedCodeLength(truth: truth, normaliser: logNormaliser(row), noise: noise) { logits[base + $0] }
    }

    /// Adds ∂(−ln p(label | row))/∂W_row, scaled by `weight`, to the batch gradient.
    public mutating func accumulateGradient(label: Int, row: Int, weight: Double = 1) {
        let base = row * labelCount
        let normaliser = logNormaliser(row)
        for j in 0..<labelCount {
            gradient[base + j] += weight * (exp(logits[base + j] - normaliser) - (j == label ? 1 : 0))
        }
        if !touchedFlag[row] {
            touchedFlag[row] = true
            touched.append(row)
        }
    }

    /// The rows the pending gradient touches.
    public var pendingRows: [Int] { touched }

    /// −ln p(y | x) with the example's input as the row, in nats.
    @inline(__always)
    public func codeLength(of example: LabeledExample) -> Double {
        codeLength(label: example.label, row: example.input)
    }

    /// Adds the example's loss gradient to the pending batch.
    @inline(__always)
    public mutating func accumulateGradient(of example: LabeledExample) {
        accumulateGradient(label: example.label, row: example.input)
    }

    /// Applies the accumulated gradient with `optimizer` and clears it.
    public mutating func step(with optimizer: GradientOptimizer) {
        switch optimizer {
        case .sgd(let rate):
            for row in touched {
                let base = row * labelCount
                for j in 0..<labelCount { logits[base + j] -= rate * gradient[base + j] }
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            guard var state = adam else { preconditionFailure("table built without Adam state") }
            adam = nil  // the sole owner while it changes: no copy of the moment arrays
            let (correction1, correction2) = state.beginStep(beta1: beta1, beta2: beta2)
            for row in touched {
                let base = row * labelCount
                for j in 0..<labelCount {
                    let index = base + j
                    let g = gradient[index]
                    state.first[index] = beta1 * state.first[index] + (1 - beta1) * g
                    state.second[index] = beta2 * state.second[index] + (1 - beta2) * g * g
                    let mHat = state.first[index] / correction1
                    let vHat = state.second[index] / correction2
                    logits[index] -= rate * mHat / (vHat.squareRoot() + epsilon)
                }
            }
            adam = state
        }
        for row in touched {
            let base = row * labelCount
            for j in 0..<labelCount { gradient[base + j] = 0 }
            touchedFlag[row] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The gradient of −ln p(label | row) with respect to row's logits, for checks.
    public func lossGradient(label: Int, row: Int) -> [Double] {
        let normaliser = logNormaliser(row)
        return (0..<labelCount).map { exp(logits[row * labelCount + $0] - normaliser) - ($0 == label ? 1 : 0) }
    }

    /// Sets one logit (for finite-difference checks).
    public mutating func setLogit(_ value: Double, row: Int, label: Int) {
        logits[row * labelCount + label] = value
    }

    /// For each label y of positive probability under noise η (in
    /// increasing order), calls `report(y, before, after)` with the expected
    /// code length at `row`, in nats, of a fresh label that is `truth` with
    /// probability 1 − η and each other label with η/(k − 1): `before` as
    /// the model is, `after` one optimiser step on the single example
    /// (`row`, y) later. The steps are taken on scratch copies of the row:
    /// the model itself is unchanged.
    ///
    /// The row's log-normaliser, its softmax and Adam's bias corrections are
    /// computed once for all labels (the per-step monotonicity check calls
    /// this for every row at every step).
    public func expectedCodeLengthsAroundSteps(
        row: Int, truth: Int, noise: Double, optimizer: GradientOptimizer,
        _ report: (_ label: Int, _ before: Double, _ after: Double) -> Void
    ) {
        let base = row * labelCount
        let normaliser = logNormaliser(row)
        let now = expectedCodeLength(truth: truth, normaliser: normaliser, noise: noise) { logits[base + $0] }
        let corrections: (first: Double, second: Double) =
            if case .adam(_, let beta1, let beta2, _) = optimizer {
                adam?.nextCorrections(beta1: beta1, beta2: beta2)
                    ?? AdamState.corrections(ofStep: 1, beta1: beta1, beta2: beta2)
            } else {
                (1, 1)
            }
        // Scratch rows on the stack: no heap allocation per call.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * labelCount) { scratch in
            let probability = UnsafeMutableBufferPointer(rebasing: scratch[0..<labelCount])
            let trial = UnsafeMutableBufferPointer(rebasing: scratch[labelCount...])
            for j in 0..<labelCount { probability[j] = exp(logits[base + j] - normaliser) }
            for label in 0..<labelCount where (label == truth ? 1 - noise : noise / Double(labelCount - 1)) > 0 {
                for j in 0..<labelCount { trial[j] = logits[base + j] }
                switch optimizer {
                case .sgd(let rate):
                    for j in 0..<labelCount { trial[j] -= rate * (probability[j] - (j == label ? 1 : 0)) }
                case .adam(let rate, let beta1, let beta2, let epsilon):
                    for j in 0..<labelCount {
                        let g = probability[j] - (j == label ? 1 : 0)
                        let first = beta1 * (adam?.first[base + j] ?? 0) + (1 - beta1) * g
                        let second = beta2 * (adam?.second[base + j] ?? 0) + (1 - beta2) * g * g
                        trial[j] -= rate * (first / corrections.first) / ((second / corrections.second).squareRoot() + epsilon)
                    }
                }
                var top = -Double.infinity
                for j in 0..<labelCount { top = max(top, trial[j]) }
                var sum = 0.0
                for j in 0..<labelCount { sum += exp(trial[j] - top) }
                report(label, now, expectedCodeLength(truth: truth, normaliser: top + log(sum), noise: noise) { trial[$0] })
            }
        }
    }

    /// The expected code length of a fresh label that is `truth` with
    /// probability 1 − η and each other label with η/(k − 1), in nats, for
    /// a row whose logits `logit(j)` gives and whose log-normaliser is
    /// `normaliser`.
    @inline(__always)
    private func expectedCodeLength(
        truth: Int, normaliser: Double, noise: Double, logit: (Int) -> Double
    ) -> Double {
        let trueLoss = normaliser - logit(truth)
        guard noise > 0 else { return trueLoss }
        var others = 0.0
        for j in 0..<labelCount where j != truth { others += normaliser - logit(j) }
        return (1 - noise) * trueLoss + noise / Double(labelCount - 1) * others
    }
}
