import Foundation
import GSL
import Learners
import Testing

@Suite("Gradient models")
struct GradientTests {
    @Test("softmax table: analytic gradients equal central finite differences (1e-7)")
    func tableGradient() throws {
        var table = SoftmaxTable(
            rows: 3, labels: 4, initScale: 0.8, random: try RandomSource(seed: 2), optimizer: .sgd(learningRate: 0.1))
        for (row, label) in [(0, 1), (2, 3), (1, 0)] {
            let analytic = table.lossGradient(label: label, row: row)
            for j in 0..<4 {
                let original = table.logits[row * 4 + j]
                let h = 1e-5
                table.setLogit(original + h, row: row, label: j)
                let plus = table.codeLength(label: label, row: row)
                table.setLogit(original - h, row: row, label: j)
                let minus = table.codeLength(label: label, row: row)
                table.setLogit(original, row: row, label: j)
                #expect(abs((plus - minus) / (2 * h) - analytic[j]) < 1e-7)
            }
        }
    }

    @Test("skill mixture: analytic gradients equal central finite differences (1e-7)")
    func skillGradient() throws {
        let rules = try TableClass.random(m: 12, inputs: 5, k: 3, seed: 4)
        var mixture = SkillMixture(
            rules: rules, smoothing: 0.05, initScale: 0.7, random: try RandomSource(seed: 5), optimizer: .sgd(learningRate: 1))
        for example in [LabeledExample(input: 0, label: 2), LabeledExample(input: 3, label: 0)] {
            let analytic = mixture.lossGradient(of: example)
            for h in 0..<12 {
                let original = mixture.logits[h]
                let step = 1e-5
                mixture.setLogit(original + step, rule: h)
                let plus = mixture.codeLength(of: example)
                mixture.setLogit(original - step, rule: h)
                let minus = mixture.codeLength(of: example)
                mixture.setLogit(original, rule: h)
                #expect(abs((plus - minus) / (2 * step) - analytic[h]) < 1e-7)
            }
        }
    }

    @Test("a batch is one step: SGD on a table moves only the batch's rows, by −lr × the summed gradient")
    func batchStep() throws {
        var table = SoftmaxTable(rows: 4, labels: 2, initScale: 0, random: try RandomSource(seed: 1), optimizer: .sgd(learningRate: 0.5))
        table.accumulateGradient(of: LabeledExample(input: 1, label: 0))
        table.accumulateGradient(of: LabeledExample(input: 1, label: 0))
        table.accumulateGradient(of: LabeledExample(input: 3, label: 1))
        #expect(Set(table.pendingRows) == [1, 3])
        table.step(with: .sgd(learningRate: 0.5))
        // Gradient at zero logits: p − e_y = (−½, ½) per example of label 0.
        #expect(table.logits == [0, 0, 0.5, -0.5, 0, 0, -0.25, 0.25])
        #expect(table.pendingRows.isEmpty)
    }
}
