import EDL
import Foundation
import Learners
import Testing

@Suite("Learners")
struct LearnerTests {
    private func examples(_ labels: [Int], input: Int = 1) -> [LabeledExample] {
        labels.map { LabeledExample(input: input, label: $0) }
    }

    @Test("uniform codes every label at log k and never learns")
    func uniform() {
        var learner = UniformLearner(labelCount: 5)
        for example in examples([0, 0, 0, 4]) {
            #expect(learner.codeThenUpdate(on: example) == log(5.0))
        }
        #expect(learner.uniformLabelCrossEntropy == log(5.0))
        #expect(learner.parameterCount == 0)
    }

    @Test("KT codes 0, 0, 1 at −ln(½·¾·⅙)")
    func ktByHand() {
        var learner = DirichletMarginalLearner(labelCount: 2, concentration: 0.5)
        let total = examples([0, 0, 1]).map { learner.codeThenUpdate(on: $0) }.reduce(0, +)
        #expect(abs(total - -log(0.5 * 0.75 * (0.5 / 3))) < 1e-14)
        // Counts (2, 1): cross-entropy against uniform labels ½[−ln(2.5/4) − ln(1.5/4)].
        #expect(abs(learner.uniformLabelCrossEntropy - 0.5 * (-log(2.5 / 4) - log(1.5 / 4))) < 1e-14)
    }

    @Test("a Dirichlet learner's prequential total is −ln of the marginal likelihood in every order")
    func orderInvariance() {
        let labels = [0, 2, 2, 1, 0, 2, 2, 2, 1]
        let alpha = 0.7
        let k = 3
        // −ln [Γ(kα)/Γ(n+kα) · Π_y Γ(c_y+α)/Γ(α)]
        let counts = (0..<k).map { label in labels.filter { $0 == label }.count }
        let n = Double(labels.count)
        var expected = lgamma(n + Double(k) * alpha) - lgamma(Double(k) * alpha)
        for c in counts { expected -= lgamma(Double(c) + alpha) - lgamma(alpha) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var learner = DirichletMarginalLearner(labelCount: k, concentration: alpha)
            let total = examples(labels.shuffled(using: &generator)).map { learner.codeThenUpdate(on: $0) }
                .reduce(0, +)
            #expect(abs(total - expected) < 1e-12)
        }
    }

    @Test(
        "coding a batch of labels gives the per-example numbers: bit for bit where coded one by one (past the log table's end), within 1e-13 where a stretch inside the table is summed",
        arguments: [(2, 0.5), (3, 1.0), (5, 0.25)])
    func batchEqualsPerExample(labelCount: Int, concentration: Double) {
        var one = DirichletMarginalLearner(labelCount: labelCount, concentration: concentration)
        var batch = DirichletMarginalLearner(labelCount: labelCount, concentration: concentration)
        // Mostly label 0, so its count passes the 4096-entry table.
        let labels = (0..<9000).map { $0 % 7 == 3 ? ($0 / 7) % labelCount : 0 }
        let expected = labels.map { one.codeThenUpdate(on: LabeledExample(input: 1, label: $0)) }
        var next = 0
        var summed = 0
        // 1 and 2 are shorter than some k (one by one); 4000 lie inside the
        // table, and so do the 200 that straddle N = 4096 once the totals are
        // grown to cover them (summed); the last 4797, one per call (as a
        // dense grid hands them), take label 0's count past the table's
        // first block (one by one, the table growing as they reach it).
        for chunk in [1, 0, 2, 4000, 200] + Array(repeating: 1, count: 4797) {
            let first = next
            var lengths: [Double] = []
            var stretch: (examples: Int, codeLength: CompensatedSum)?
            batch.codeThenUpdate(
                count: chunk,
                nextExample: {
                    defer { next += 1 }
                    return LabeledExample(input: 1, label: labels[next])
                },
                record: { lengths.append($0) },
                recordStretch: { stretch = ($0, $1) })
            let own = expected[first..<next]
            if let stretch {
                summed += 1
                var sum = CompensatedSum()
                for length in own { sum.add(length) }
                #expect(lengths.isEmpty && stretch.examples == chunk)
                #expect(abs(stretch.codeLength.value - sum.value) <= 1e-13 * sum.value, "chunk of \(chunk)")
            } else {
                #expect(lengths.map(\.bitPattern) == own.map(\.bitPattern), "chunk of \(chunk)")
            }
        }
        #expect(summed == (labelCount <= 2 ? 3 : 2))
        #expect(batch.counts.total == one.counts.total)
        #expect(abs(batch.uniformLabelCrossEntropy - one.uniformLabelCrossEntropy) <= 1e-13 * one.uniformLabelCrossEntropy)
    }

    @Test("the incremental cross-entropy matches a direct sum over labels")
    func incrementalCrossEntropy() {
        var counts = DirichletLabelCounts(labelCount: 7, concentration: 0.3)
        let labels = (0..<500).map { ($0 * 37 + $0 / 3) % 7 }
        for label in labels { counts.add(label) }
        let direct = (0..<7).map { counts.codeLength(of: $0) }.reduce(0, +) / 7
        #expect(abs(counts.uniformLabelCrossEntropy - direct) < 1e-12)
    }

    @Test("the memoriser uses an input's own counts once seen, the marginal before")
    func memoriserCodes() {
        var learner = Memoriser(labelCount: 2, concentration: 0.5, inputSpace: 5)
        // P = (k − 1)·(1 + inputs), fixed in n.
        #expect(learner.parameterCount == 6)
        // Input 1 unseen: the empty marginal gives ½.
        #expect(abs(learner.codeThenUpdate(on: LabeledExample(input: 1, label: 0)) - log(2.0)) < 1e-15)
        // Input 2 unseen: the marginal holds one 0, so p(1) = 0.5/2.
        #expect(abs(learner.codeThenUpdate(on: LabeledExample(input: 2, label: 1)) - -log(0.25)) < 1e-15)
        // Input 1 seen once with label 0: p(0 | 1) = 1.5/2.
        #expect(abs(learner.codeLength(of: LabeledExample(input: 1, label: 0)) - -log(0.75)) < 1e-15)
        #expect(learner.seenInputCount == 2)
        #expect(learner.parameterCount == 6)
    }

    @Test("the memoriser's summed cross-entropy over seen inputs matches a direct sum")
    func memoriserCrossEntropy() {
        let k = 3
        var learner = Memoriser(labelCount: k, concentration: 0.5)
        var seen = Set<Int>()
        for i in 0..<400 {
            let example = LabeledExample(input: (i * 13) % 17, label: (i * 7 + i / 5) % k)
            learner.update(on: example)
            seen.insert(example.input)
        }
        let direct = seen.map { input in
            (0..<k).map { learner.codeLength(of: LabeledExample(input: input, label: $0)) }.reduce(0, +)
                / Double(k)
        }.reduce(0, +)
        #expect(abs(learner.seenInputsCrossEntropySum - direct) < 1e-11)
        let unseen = (0..<k).map { learner.codeLength(of: LabeledExample(input: 1000, label: $0)) }.reduce(0, +)
        #expect(abs(learner.unseenInputCrossEntropy - unseen / Double(k)) < 1e-12)
    }

    @Test("dense and hash-map counting give the same memoriser, inside and beyond the dense range")
    func memoriserDenseMatchesSparse() {
        var dense = Memoriser(labelCount: 3, concentration: 0.5, denseInputs: 8)
        var sparse = Memoriser(labelCount: 3, concentration: 0.5)
        for i in 0..<300 {
            let example = LabeledExample(input: (i * 7) % 13, label: (i * 5 + i / 4) % 3)  // inputs 0...12
            #expect(dense.codeThenUpdate(on: example) == sparse.codeThenUpdate(on: example))
        }
        #expect(dense.seenInputCount == 13 && sparse.seenInputCount == 13)
        #expect(dense.seenInputsCrossEntropySum == sparse.seenInputsCrossEntropySum)
        #expect(dense.parameterCount == sparse.parameterCount)
    }

    @Test(
        "the code length of the training labels under the final counts (marginal, memoriser, per-input Dirichlet) matches a direct sum of final code lengths (1e-12 relative), past the log table's end",
        arguments: [(2, 0.5, 9000), (5, 1.0, 700)])
    func trainingCodeLength(k: Int, alpha: Double, n: Int) {
        var marginal = DirichletMarginalLearner(labelCount: k, concentration: alpha)
        var memoriser = Memoriser(labelCount: k, concentration: alpha, denseInputs: 4)
        var sparse = Memoriser(labelCount: k, concentration: alpha)
        var perInput = PerInputDirichletLearner(labelCount: k, concentration: alpha, denseInputs: 3, inputSpace: 7)
        var seen: [LabeledExample] = []
        for i in 0..<n {
            // Skewed labels; inputs 0...6, so some are dense and some hashed,
            // and input 0 is seen more than the table's 4096 times when n = 9000.
            let example = LabeledExample(input: i % 2 == 0 ? 0 : (i * 5) % 7, label: (i * i + i / 3) % k)
            marginal.update(on: example)
            memoriser.update(on: example)
            sparse.update(on: example)
            let before = perInput.codeLength(of: example)
            #expect(perInput.codeThenUpdate(on: example) == before)
            seen.append(example)
        }
        let direct = seen.reduce(0) { $0 + marginal.codeLength(of: $1) }
        #expect(abs(marginal.counts.codeLengthOfCountedLabels - direct) <= 1e-12 * direct)
        let memorised = seen.reduce(0) { $0 + memoriser.codeLength(of: $1) }
        #expect(abs(memoriser.codeLengthOfSeenExamples - memorised) <= 1e-12 * memorised)
        #expect(memoriser.codeLengthOfSeenExamples == sparse.codeLengthOfSeenExamples)
        let perInputDirect = seen.reduce(0) { $0 + perInput.codeLength(of: $1) }
        #expect(abs(perInput.codeLengthOfSeenExamples - perInputDirect) <= 1e-12 * perInputDirect)
        // Fitting each input's own labels codes them in fewer nats than the marginal.
        #expect(memorised < direct)
    }
}

