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
        let normaliser = logNormaliser(row)
        let trueLoss = normaliser - logits[row * labelCount + truth]
        guard noise > 0 else { return trueLoss }
        var others = 0.0
        for j in 0..<labelCount where j != truth { others += normaliser - logits[row * labelCount + j] }
        return (1 - noise) * trueLoss + noise / Double(labelCount - 1) * others
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
            state.steps += 1
            let correction1 = 1 - pow(beta1, Double(state.steps))
            let correction2 = 1 - pow(beta2, Double(state.steps))
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

    /// The expected code length at `row` (truth `truth`, noise η) after one
    /// optimiser step on the single example (`row`, `label`), computed on a
    /// scratch copy of the row: the model itself is unchanged.
    public func expectedCodeLengthAfterStep(
        row: Int, label: Int, truth: Int, noise: Double, optimizer: GradientOptimizer
    ) -> Double {
        let base = row * labelCount
        let normaliser = logNormaliser(row)
        // The scratch row lives on the stack: no heap allocation per call.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: labelCount) { trial in
            for j in 0..<labelCount { trial[j] = logits[base + j] }
            switch optimizer {
            case .sgd(let rate):
                for j in 0..<labelCount { trial[j] -= rate * (exp(trial[j] - normaliser) - (j == label ? 1 : 0)) }
            case .adam(let rate, let beta1, let beta2, let epsilon):
                let steps = (adam?.steps ?? 0) + 1
                let correction1 = 1 - pow(beta1, Double(steps))
                let correction2 = 1 - pow(beta2, Double(steps))
                for j in 0..<labelCount {
                    let g = exp(trial[j] - normaliser) - (j == label ? 1 : 0)
                    let first = beta1 * (adam?.first[base + j] ?? 0) + (1 - beta1) * g
                    let second = beta2 * (adam?.second[base + j] ?? 0) + (1 - beta2) * g * g
                    trial[j] -= rate * (first / correction1) / ((second / correction2).squareRoot() + epsilon)
                }
            }
            var top = -Double.infinity
            for j in 0..<labelCount { top = max(top, trial[j]) }
            var sum = 0.0
            for j in 0..<labelCount { sum += exp(trial[j] - top) }
            let trialNormaliser = top + log(sum)
            let trueLoss = trialNormaliser - trial[truth]
            guard noise > 0 else { return trueLoss }
            var others = 0.0
            for j in 0..<labelCount where j != truth { others += trialNormaliser - trial[j] }
            return (1 - noise) * trueLoss + noise / Double(labelCount - 1) * others
        }
    }
}
