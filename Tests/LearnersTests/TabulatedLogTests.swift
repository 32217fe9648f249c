import EDL
import Foundation
import GSL
import Learners
import Testing

@Suite("Tabulated logarithms and packed concept labels")
struct TabulatedLogTests {
    @Test(
        "Dirichlet code lengths from the shared log table equal the direct formula bit for bit, past the table's end",
        arguments: [(2, 0.5), (3, 1.0), (10, 0.25)])
    func dirichletCodeLengthsAreBitIdentical(labelCount: Int, alpha: Double) throws {
        var counts = DirichletLabelCounts(labelCount: labelCount, concentration: alpha)
        let random = try RandomSource(seed: 17)
        var direct = Array(repeating: 0, count: labelCount)
        var logSum = CompensatedSum()
        logSum.add(Double(labelCount) * log(alpha))
        // 2·4096 labels on k = 2 takes counts and N past the 4096-entry table.
        for _ in 0..<(2 * 4096 + 50) {
            let label = random.uniformInteger(below: labelCount)
            let n = direct.reduce(0, +)
            let expected = log(Double(n) + Double(labelCount) * alpha) - log(Double(direct[label]) + alpha)
            #expect(counts.codeLength(of: label).bitPattern == expected.bitPattern)
            logSum.add(log1p(1 / (Double(direct[label]) + alpha)))
            direct[label] += 1
            counts.add(label)
        }
        let n = Double(direct.reduce(0, +))
        let crossEntropy = log(n + Double(labelCount) * alpha) - logSum.value / Double(labelCount)
        #expect(counts.uniformLabelCrossEntropy.bitPattern == crossEntropy.bitPattern)
    }

    @Test(
        "the one-shot learner packs labels in 2 to 32 bits and still codes log k, then 0, then ∞",
        arguments: [2, 3, 4, 15, 16, 255, 256, 70_000])
    func oneShotPacking(labelCount: Int) {
        let inputs = 1000
        var learner = OneShotConceptLearner(inputCount: inputs, labelCount: labelCount)
        let logK = log(Double(labelCount))
        // Neighbouring inputs share words: give them the extreme labels.
        func label(_ input: Int) -> Int { input % 2 == 0 ? labelCount - 1 : (input * 7) % labelCount }
        for input in stride(from: 0, to: inputs, by: 3) {
            #expect(learner.codeThenUpdate(on: LabeledExample(input: input, label: label(input))) == logK)
        }
        for input in 0..<inputs {
            let seen = input % 3 == 0
            #expect(learner.hasSeen(input) == seen)
            #expect(learner.codeLength(of: LabeledExample(input: input, label: label(input))) == (seen ? 0 : logK))
            if seen {
                let other = (label(input) + 1) % labelCount
                #expect(learner.codeLength(of: LabeledExample(input: input, label: other)) == .infinity)
            }
        }
        #expect(learner.seenCount == (inputs + 2) / 3)
    }
}
