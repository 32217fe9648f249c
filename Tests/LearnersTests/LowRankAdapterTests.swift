import Foundation
import GSL
import Learners
import Testing

@Suite("Low-rank adapter")
struct LowRankAdapterTests {
    /// N = 5 inputs, m = 3 skills, k = 4 labels: signs from a fixed pattern.
    static let (inputs, skills, labels) = (5, 3, 4)
    static let signs: [Double] = (0..<(inputs * skills)).map { ($0 * 7 + 3) % 5 < 2 ? 1 : -1 }

    static func adapter(rank: Int, optimizer: GradientOptimizer, scale: Double = 1.5) throws -> LowRankAdapter {
        LowRankAdapter(
            skillSigns: signs, inputs: inputs, skills: skills, skillScale: scale, labels: labels, rank: rank,
            initScale: 2, random: try RandomSource(seed: 3), optimizer: optimizer, largestRank: labels)
    }

    /// Some SGD steps, so B is no longer 0 and every gradient is non-trivial.
    static func trained(rank: Int) throws -> LowRankAdapter {
        var model = try adapter(rank: rank, optimizer: .sgd(learningRate: 0.4))
        for (x, y) in [(0, 1), (3, 2), (1, 0), (4, 3), (2, 1), (0, 2)] {
            model.accumulateGradient(of: LabeledExample(input: x, label: y))
            model.step(with: .sgd(learningRate: 0.4))
        }
        return model
    }

    @Test("P = r·(k + m + N) trainable scalars, the length of the parameter vector")
    func parameterCount() throws {
        for rank in 1...4 {
            let model = try Self.adapter(rank: rank, optimizer: .sgd(learningRate: 1))
            #expect(model.parameterCount == rank * (Self.labels + Self.skills + Self.inputs))
            #expect(model.parameters.count == model.parameterCount)
        }
    }

    @Test("the code length is −log softmax(B·A·φ(x)) computed from the parameters directly (1e-12)")
    func forward() throws {
        let rank = 2
        let model = try Self.trained(rank: rank)
        let p = model.parameters
        let d = Self.skills + Self.inputs
        func aEntry(_ row: Int, _ column: Int) -> Double { p[column * rank + row] }
        func bEntry(_ label: Int, _ row: Int) -> Double { p[d * rank + label * rank + row] }
        for x in 0..<Self.inputs {
            var phi = [Double](repeating: 0, count: d)
            for j in 0..<Self.skills { phi[j] = 1.5 * Self.signs[x * Self.skills + j] }
            phi[Self.skills + x] = 1
            let h = (0..<rank).map { i in (0..<d).reduce(0) { $0 + aEntry(i, $1) * phi[$1] } }
            let z = (0..<Self.labels).map { y in (0..<rank).reduce(0) { $0 + bEntry(y, $1) * h[$1] } }
            let normaliser = log(z.map(exp).reduce(0, +))
            for y in 0..<Self.labels {
                #expect(abs(model.codeLength(of: LabeledExample(input: x, label: y)) - (normaliser - z[y])) < 1e-12)
            }
        }
    }

    @Test("analytic gradients equal central finite differences in every A and B entry (1e-7)")
    func gradient() throws {
        var model = try Self.trained(rank: 3)
        for example in [LabeledExample(input: 2, label: 3), LabeledExample(input: 4, label: 0)] {
            let analytic = model.lossGradient(of: example)
            let original = model.parameters
            for index in original.indices {
                let step = 1e-5
                var shifted = original
                shifted[index] += step
                model.parameters = shifted
                let plus = model.codeLength(of: example)
                shifted[index] = original[index] - step
                model.parameters = shifted
                let minus = model.codeLength(of: example)
                model.parameters = original
                #expect(abs((plus - minus) / (2 * step) - analytic[index]) < 1e-7, "parameter \(index)")
            }
        }
    }

    @Test("an Adam step moves B and A's skill columns and the example's identity column only, as dense Adam on those entries (1e-14)")
    func adamStep() throws {
        let (rate, beta1, beta2, epsilon) = (0.1, 0.8, 0.95, 1e-8)
        let adam = GradientOptimizer.adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        var model = try Self.adapter(rank: 2, optimizer: adam)
        let rank = 2
        var first = [Double](repeating: 0, count: model.parameterCount)
        var second = first
        var expected = model.parameters
        let examples = [(1, 2), (3, 0), (1, 1)]
        for (step, (x, y)) in examples.enumerated() {
            let example = LabeledExample(input: x, label: y)
            let g = model.lossGradient(of: example)
            // The entries a step on x has a gradient for: A's skill columns, A's column m + x, all of B.
            let d = Self.skills + Self.inputs
            let moved = Set(Array(0..<(Self.skills * rank)) + Array(((Self.skills + x) * rank)..<((Self.skills + x + 1) * rank))
                + Array((d * rank)..<(d * rank + Self.labels * rank)))
            let t = Double(step + 1)
            for index in moved {
                first[index] = beta1 * first[index] + (1 - beta1) * g[index]
                second[index] = beta2 * second[index] + (1 - beta2) * g[index] * g[index]
                expected[index] -= rate * (first[index] / (1 - pow(beta1, t))) / ((second[index] / (1 - pow(beta2, t))).squareRoot() + epsilon)
            }
            model.accumulateGradient(of: example)
            model.step(with: adam)
            for (index, value) in model.parameters.enumerated() {
                #expect(abs(value - expected[index]) < 1e-14, "step \(step), parameter \(index)")
            }
        }
    }

    @Test("a rank-r adapter starts from the first r rows of a larger one's A, B = 0, so every rank starts at the uniform base")
    func rankPrefix() throws {
        let small = try Self.adapter(rank: 2, optimizer: .sgd(learningRate: 1))
        let large = try Self.adapter(rank: 4, optimizer: .sgd(learningRate: 1))
        let d = Self.skills + Self.inputs
        for column in 0..<d {
            for row in 0..<2 { #expect(small.parameters[column * 2 + row] == large.parameters[column * 4 + row]) }
        }
        #expect(small.parameters[(d * 2)...].allSatisfy { $0 == 0 })
        for x in 0..<Self.inputs {
            #expect(abs(small.codeLength(of: LabeledExample(input: x, label: 0)) - log(Double(Self.labels))) < 1e-15)
            #expect(abs(small.accuracy(of: LabeledExample(input: x, label: 0)) - 1 / Double(Self.labels)) < 1e-15)
        }
    }
}
