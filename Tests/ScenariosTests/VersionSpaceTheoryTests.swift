import Foundation
import Learners
@testable import Scenarios
import Testing

/// Rules given by an explicit table; rule 0 is the truth.
private struct EnumeratedClass: HypothesisClass {
    let table: [[Int]]  // table[h][x], x = 0 is the diagnostic input when present
    let labelCount: Int
    var hypothesisCount: Int { table.count }
    func label(of hypothesis: Int, at input: Int) -> Int { table[hypothesis][input] }
}

@Suite("Version-space theory")
struct VersionSpaceTheoryTests {
    /// E[EDL(n)] and E[L(θ_n)] of the noise-free Bayes learner by enumerating
    /// every world (labels of rules 1…m−1; h* = rule 0 with labels 0, which
    /// loses nothing by symmetry) and every input sequence.
    private func enumerate(m: Int, k: Int, inputs: Int, diagnosticWeight: Double?, n: Int) -> (edl: Double, loss: Double) {
        let support = (diagnosticWeight == nil ? [] : [0]) + Array(1...inputs)
        let w = diagnosticWeight ?? 0
        let probabilities = support.map { $0 == 0 ? w : (1 - w) / Double(inputs) }
        let cells = (m - 1) * inputs
        var tables = 1
        for _ in 0..<cells { tables *= k }
        var sequences = 1
        for _ in 0..<n { sequences *= support.count }
        var edl = 0.0
        var loss = 0.0
        for code in 0..<tables {
            var rest = code
            var table = [[Int]](repeating: [Int](repeating: 0, count: inputs + 1), count: m)
            for h in 1..<m {
                table[h][0] = h  // diagnostic input: every rule its own label
                for x in 1...inputs {
                    table[h][x] = rest % k
                    rest /= k
                }
            }
            let rules = EnumeratedClass(table: table, labelCount: k)
            let noise = LabelNoise(level: 0, labelCount: k)
            for sequence in 0..<sequences {
                var rest = sequence
                var probability = 1.0 / Double(tables)
                var learner = FiniteClassBayesLearner(hypotheses: rules, noise: noise)
                var mdl = 0.0
                for _ in 0..<n {
                    let index = rest % support.count
                    rest /= support.count
                    probability *= probabilities[index]
                    mdl += learner.codeThenUpdate(on: LabeledExample(input: support[index], label: 0))
                }
                guard probability > 0 else { continue }
                let lengths = learner.expectedCodeLengths(at: support) { rules.label(of: 0, at: $0) }
                let population = zip(lengths, probabilities).map { $0.1 > 0 ? $0.0 * $0.1 : 0 }.reduce(0, +)
                edl += probability * (mdl - Double(n) * population)
                loss += probability * population
            }
        }
        return (edl, loss)
    }

    @Test("random class: the theory equals exhaustive enumeration")
    func randomClass() {
        let theory = VersionSpaceTheory(hypothesisCount: 4, labelCount: 2, inputCount: 2, diagnosticWeight: 0)
        let grid = [1, 2, 3, 4, 5, 6]
        let curve = theory.curve(at: grid)
        for (index, n) in grid.enumerated() {
            let reference = enumerate(m: 4, k: 2, inputs: 2, diagnosticWeight: nil, n: n)
            #expect(abs(curve.edl[index] - reference.edl) < 1e-12, "n \(n)")
            #expect(abs((curve.testLoss?[index] ?? 0) - reference.loss) < 1e-12, "n \(n)")
        }
    }

    @Test("diagnostic class: the theory equals exhaustive enumeration")
    func diagnosticClass() {
        let theory = VersionSpaceTheory(hypothesisCount: 3, labelCount: 3, inputCount: 2, diagnosticWeight: 0.3)
        let grid = [1, 2, 3, 4]
        let curve = theory.curve(at: grid)
        for (index, n) in grid.enumerated() {
            let reference = enumerate(m: 3, k: 3, inputs: 2, diagnosticWeight: 0.3, n: n)
            #expect(abs(curve.edl[index] - reference.edl) < 1e-12, "n \(n)")
            #expect(abs((curve.testLoss?[index] ?? 0) - reference.loss) < 1e-12, "n \(n)")
        }
    }

    @Test("three labels, three inputs: the theory equals exhaustive enumeration")
    func threeLabels() {
        let theory = VersionSpaceTheory(hypothesisCount: 3, labelCount: 3, inputCount: 3, diagnosticWeight: 0)
        let curve = theory.curve(at: [1, 2, 3, 4])
        for (index, n) in [1, 2, 3, 4].enumerated() {
            let reference = enumerate(m: 3, k: 3, inputs: 3, diagnosticWeight: nil, n: n)
            #expect(abs(curve.edl[index] - reference.edl) < 1e-12, "n \(n)")
        }
    }
}
