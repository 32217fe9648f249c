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

    @Test(
        "looking one step ahead: the expected code length after a step on (x, y) equals taking that step on a copy (1e-12), for SGD and Adam, with noise",
        arguments: [
            GradientOptimizer.sgd(learningRate: 0.7),
            GradientOptimizer.adam(learningRate: 0.3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
        ])
    func lookAhead(optimizer: GradientOptimizer) throws {
        let (rows, k, noise) = (3, 3, 0.2)
        var table = SoftmaxTable(rows: rows, labels: k, initScale: 0.5, random: try RandomSource(seed: 8), optimizer: optimizer)
        // Some steps first, so Adam's moments and bias corrections are not at their start.
        for (row, label) in [(0, 1), (2, 2), (0, 0), (1, 2), (0, 1)] {
            table.accumulateGradient(of: LabeledExample(input: row, label: label))
            table.step(with: optimizer)
        }
        for row in 0..<rows {
            var reported: [Int] = []
            table.expectedCodeLengthsAroundSteps(row: row, truth: 1, noise: noise, optimizer: optimizer) { label, before, after in
                reported.append(label)
                #expect(abs(before - table.expectedCodeLength(row: row, truth: 1, noise: noise)) < 1e-12)
                var stepped = table
                stepped.accumulateGradient(of: LabeledExample(input: row, label: label))
                stepped.step(with: optimizer)
                #expect(abs(after - stepped.expectedCodeLength(row: row, truth: 1, noise: noise)) < 1e-12)
                #expect(abs(after - before) > 1e-6)  // the step moves the row
            }
            #expect(reported == [0, 1, 2])
        }
        // Without noise only the true label has positive probability.
        var reported: [Int] = []
        table.expectedCodeLengthsAroundSteps(row: 0, truth: 2, noise: 0, optimizer: optimizer) { label, _, _ in reported.append(label) }
        #expect(reported == [2])
    }

    @Test("Adam on a table follows the textbook update, step by step: bias-corrected moments, only the batch's row moves (1e-12)")
    func adamTextbook() throws {
        let (rate, beta1, beta2, epsilon) = (0.3, 0.9, 0.999, 1e-8)
        let optimizer = GradientOptimizer.adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        var table = SoftmaxTable(rows: 2, labels: 3, initScale: 0.5, random: try RandomSource(seed: 3), optimizer: optimizer)
        var logits = table.logits
        var (first, second) = (Array(repeating: 0.0, count: 6), Array(repeating: 0.0, count: 6))
        for (t, label) in [2, 0, 2, 1, 2, 2].enumerated() {
            // Every step on row 0; row 1 never moves.
            let gradient = table.lossGradient(label: label, row: 0)
            table.accumulateGradient(of: LabeledExample(input: 0, label: label))
            table.step(with: optimizer)
            let step = Double(t + 1)
            for j in 0..<3 {
                first[j] = beta1 * first[j] + (1 - beta1) * gradient[j]
                second[j] = beta2 * second[j] + (1 - beta2) * gradient[j] * gradient[j]
                let mHat = first[j] / (1 - pow(beta1, step))
                let vHat = second[j] / (1 - pow(beta2, step))
                logits[j] -= rate * mHat / (vHat.squareRoot() + epsilon)
            }
            for index in 0..<6 { #expect(abs(table.logits[index] - logits[index]) < 1e-12) }
        }
    }
}
