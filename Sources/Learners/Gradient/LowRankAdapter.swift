import Foundation
import GSL

/// A frozen "pretrained" model with a trainable rank-r head adapter (LoRA-like).
///
/// Input x ∈ 0..<N has the fixed feature vector φ(x) = (σ·s₁(x), …, σ·s_m(x), e_x) ∈ ℝ^d,
/// d = m + N: m pretrained *skill features* with signs s_j(x) = ±1, then the
/// input's one-hot identity. The frozen base head predicts uniformly; the
/// adapter adds logits z(x) = B·A·φ(x) with A ∈ ℝ^{r×d} and B ∈ ℝ^{k×r}, so
/// p(y | x) = softmax(z(x))_y and the trainable parameters are exactly the
/// r·(k + d) entries of A and B. As in LoRA, B starts at 0 and A at
/// N(0, initScale²/d), so the first model is the base.
///
/// With u = Bᵀ(p − e_y) the gradient is ∂ℓ/∂B = (p − e_y)(Aφ)ᵀ and
/// ∂ℓ/∂A = u φᵀ, which touches only the m skill columns of A and column
/// m + x; Adam is sparse there as in ``SoftmaxTable`` (only entries with a
/// gradient in a step move), and dense on B.
public struct LowRankAdapter: GradientModel {
    /// N: the number of inputs.
    public let inputCount: Int
    /// k: the number of labels.
    public let labelCount: Int
    /// m: the number of skill features.
    public let skillCount: Int
    /// r: the adapter's rank.
    public let rank: Int
    /// σ·s_j(x), row-major by input (N × m).
    private let skillFeatures: [Double]
    /// A, column-major: column c (feature c) is a[c·r ..< (c + 1)·r].
    private var a: [Double]
    /// B, row-major: row y is b[y·r ..< (y + 1)·r].
    private var b: [Double]
    private var gradientA: [Double]
    private var gradientB: [Double]
    /// Identity columns (inputs) with a pending gradient.
    private var touched: [Int] = []
    private var isTouched: [Bool]
    /// The columns a step moves (kept to reuse its storage).
    private var scratchColumns: [Int] = []
    private var adamA: AdamState?
    private var adamB: AdamState?

    /// An adapter of rank `rank` on the features `skillSigns` (N × m signs ±1, row-major) scaled by `skillScale`.
    /// - Parameters:
    ///   - initScale: A's entries are N(0, initScale²/d); B is 0.
    ///   - random: the source of A's initial entries (drawn column by column, rows in order, so a
    ///     rank-r adapter's A is the first r rows of a larger one's).
    public init(
        skillSigns: [Double], inputs: Int, skills: Int, skillScale: Double, labels: Int, rank: Int,
        initScale: Double, random: RandomSource, optimizer: GradientOptimizer, largestRank: Int
    ) {
        precondition(skillSigns.count == inputs * skills && rank >= 1 && rank <= largestRank)
        inputCount = inputs
        labelCount = labels
        skillCount = skills
        self.rank = rank
        skillFeatures = skillSigns.map { $0 * skillScale }
        let columns = skills + inputs
        let deviation = initScale / Double(columns).squareRoot()
        var initial = [Double](repeating: 0, count: columns * rank)
        // Every column draws `largestRank` values and keeps its first `rank`:
        // the same A rows whatever the rank.
        for column in 0..<columns {
            for row in 0..<largestRank {
                let value = deviation > 0 ? deviation * random.gaussian() : 0
                if row < rank { initial[column * rank + row] = value }
            }
        }
        a = initial
        b = [Double](repeating: 0, count: labels * rank)
        isTouched = [Bool](repeating: false, count: inputs)
        gradientA = [Double](repeating: 0, count: columns * rank)
        gradientB = [Double](repeating: 0, count: labels * rank)
        if case .adam = optimizer {
            adamA = AdamState(parameterCount: columns * rank)
            adamB = AdamState(parameterCount: labels * rank)
        }
    }

    /// The number of trainable parameters: r·(k + m + N).
    public var parameterCount: Int { rank * (labelCount + skillCount + inputCount) }

    /// h = A·φ(x), written into `hidden` (r values).
    @inline(__always)
    private func hidden(of input: Int, into hidden: UnsafeMutableBufferPointer<Double>) {
        let (r, m) = (rank, skillCount)
        a.withUnsafeBufferPointer { a in
            skillFeatures.withUnsafeBufferPointer { features in
                let identity = (m + input) * r
                for i in 0..<r { hidden[i] = a[identity + i] }
                let row = input * m
                for j in 0..<m {
                    let value = features[row + j]
                    let column = j * r
                    for i in 0..<r { hidden[i] += value * a[column + i] }
                }
            }
        }
    }

    /// The logits z = B·h, written into `logits` (k values); returns ln Σ e^z.
    @inline(__always)
    private func logits(
        of hidden: UnsafeMutableBufferPointer<Double>, into logits: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let (r, k) = (rank, labelCount)
        return b.withUnsafeBufferPointer { b in
            var top = -Double.infinity
            for y in 0..<k {
                var z = 0.0
                for i in 0..<r { z += b[y * r + i] * hidden[i] }
                logits[y] = z
                top = max(top, z)
            }
            var sum = 0.0
            for y in 0..<k { sum += exp(logits[y] - top) }
            return top + log(sum)
        }
    }

    /// −ln p(label | input) and the accuracy credit of `label` (1 when it
    /// alone has the largest logit, 1/t when it ties t ways, 0 otherwise), in
    /// one pass over the logits and with no heap allocation.
    @inline(__always)
    public func evaluate(_ example: LabeledExample) -> (codeLength: Double, credit: Double) {
        let (r, k) = (rank, labelCount)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: r + k) { scratch in
            let h = UnsafeMutableBufferPointer(rebasing: scratch[0..<r])
            let z = UnsafeMutableBufferPointer(rebasing: scratch[r...])
            hidden(of: example.input, into: h)
            let normaliser = logits(of: h, into: z)
            let mine = z[example.label]
            var top = -Double.infinity
            var ties = 0
            for y in 0..<k {
                if z[y] > top {
                    top = z[y]
                    ties = 1
                } else if z[y] == top {
                    ties += 1
                }
            }
            return (normaliser - mine, mine == top ? 1 / Double(ties) : 0)
        }
    }

    /// −ln p(y | x), in nats.
    public func codeLength(of example: LabeledExample) -> Double {
        evaluate(example).codeLength
    }

    /// The credit for predicting `label` at `input`: 1 when it alone has the
    /// largest logit, 1/t when it ties t ways for the largest, 0 otherwise
    /// (so the uniform base scores 1/k).
    public func accuracy(of example: LabeledExample) -> Double {
        evaluate(example).credit
    }

    /// Adds the example's loss gradient to the pending batch gradient.
    public mutating func accumulateGradient(of example: LabeledExample) {
        let r = rank
        let (x, label) = (example.input, example.label)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * rank + labelCount) { scratch in
            let h = UnsafeMutableBufferPointer(rebasing: scratch[0..<r])
            let u = UnsafeMutableBufferPointer(rebasing: scratch[r..<(2 * r)])
            let z = UnsafeMutableBufferPointer(rebasing: scratch[(2 * r)...])
            hidden(of: x, into: h)
            let normaliser = logits(of: h, into: z)
            for i in 0..<r { u[i] = 0 }
            for y in 0..<labelCount {
                let g = exp(z[y] - normaliser) - (y == label ? 1 : 0)
                for i in 0..<r {
                    gradientB[y * r + i] += g * h[i]
                    u[i] += g * b[y * r + i]
                }
            }
            let identity = (skillCount + x) * r
            for i in 0..<r { gradientA[identity + i] += u[i] }
            let features = x * skillCount
            for j in 0..<skillCount {
                let value = skillFeatures[features + j]
                for i in 0..<r { gradientA[j * r + i] += value * u[i] }
            }
        }
        if !isTouched[x] {
            isTouched[x] = true
            touched.append(x)
        }
    }

    /// The identity columns the pending gradient touches (with the skill columns, which every step moves).
    public var pendingRows: [Int] { touched }

    /// Applies the pending gradient with `optimizer` and clears it.
    public mutating func step(with optimizer: GradientOptimizer) {
        let r = rank
        var columns: [Int] = []
        swap(&columns, &scratchColumns)
        columns.removeAll(keepingCapacity: true)
        columns.append(contentsOf: 0..<skillCount)
        for input in touched { columns.append(skillCount + input) }
        defer { scratchColumns = columns }
        switch optimizer {
        case .sgd(let rate):
            for index in b.indices { b[index] -= rate * gradientB[index] }
            for column in columns {
                for index in (column * r)..<((column + 1) * r) { a[index] -= rate * gradientA[index] }
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            guard var stateA = adamA, var stateB = adamB else { preconditionFailure("adapter built without Adam state") }
            // Sole owners while they change: no copy of the moment arrays.
            (adamA, adamB) = (nil, nil)
            let corrections = stateB.beginStep(beta1: beta1, beta2: beta2)
            _ = stateA.beginStep(beta1: beta1, beta2: beta2)
            func update(_ index: Int, _ g: Double, _ state: inout AdamState, _ value: inout Double) {
                state.first[index] = beta1 * state.first[index] + (1 - beta1) * g
                state.second[index] = beta2 * state.second[index] + (1 - beta2) * g * g
                value -= rate * (state.first[index] / corrections.first)
                    / ((state.second[index] / corrections.second).squareRoot() + epsilon)
            }
            for index in b.indices { update(index, gradientB[index], &stateB, &b[index]) }
            for column in columns {
                for index in (column * r)..<((column + 1) * r) { update(index, gradientA[index], &stateA, &a[index]) }
            }
            adamA = stateA
            adamB = stateB
        }
        for index in gradientB.indices { gradientB[index] = 0 }
        for column in columns {
            for index in (column * r)..<((column + 1) * r) { gradientA[index] = 0 }
        }
        for input in touched { isTouched[input] = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// The gradient of −ln p(label | input) with respect to (A column-major, then B row-major), for checks.
    public func lossGradient(of example: LabeledExample) -> [Double] {
        var copy = self
        for index in copy.gradientA.indices { copy.gradientA[index] = 0 }
        for index in copy.gradientB.indices { copy.gradientB[index] = 0 }
        copy.accumulateGradient(of: example)
        return copy.gradientA + copy.gradientB
    }

    /// The trainable parameters (A column-major, then B row-major), for checks.
    public var parameters: [Double] {
        get { a + b }
        set {
            precondition(newValue.count == a.count + b.count)
            a = Array(newValue[0..<a.count])
            b = Array(newValue[a.count...])
        }
    }
}
