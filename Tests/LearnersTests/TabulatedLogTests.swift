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
            if n % 512 == 0 {
                // The test loss against uniform labels, inside the table and past it.
                let crossEntropy = log(Double(n) + Double(labelCount) * alpha) - logSum.value / Double(labelCount)
                #expect(counts.uniformLabelCrossEntropy.bitPattern == crossEntropy.bitPattern, "N = \(n)")
            }
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

    @Test("memoriser and per-input Dirichlet code lengths from the table equal the direct formula bit for bit")
    func perInputCodeLengthsAreBitIdentical() throws {
        let (k, alpha, inputs) = (2, 0.5, 3)
        var memoriser = Memoriser(labelCount: k, concentration: alpha, denseInputs: inputs)
        var dirichlet = PerInputDirichletLearner(labelCount: k, concentration: alpha, denseInputs: inputs, inputSpace: inputs)
        let random = try RandomSource(seed: 23)
        var totals = Array(repeating: 0, count: inputs)
        var pairs = Array(repeating: 0, count: inputs * k)
        var seenSum = CompensatedSum()
        // 3 inputs and 15000 examples take N_x and c_{x,y} past the 4096-entry table.
        for _ in 0..<15_000 {
            let example = LabeledExample(input: random.uniformInteger(below: inputs), label: random.uniformInteger(below: k))
            let (n, c) = (Double(totals[example.input]), Double(pairs[example.input * k + example.label]))
            let direct = log(n + Double(k) * alpha) - log(c + alpha)
            #expect(dirichlet.codeLength(of: example).bitPattern == direct.bitPattern)
            if n > 0 { #expect(memoriser.codeLength(of: example).bitPattern == direct.bitPattern) }
            if n == 0 { seenSum.add(log(Double(k))) }
            seenSum.add(log1p(1 / (n + Double(k) * alpha)) - log1p(1 / (c + alpha)) / Double(k))
            totals[example.input] += 1
            pairs[example.input * k + example.label] += 1
            memoriser.update(on: example)
            dirichlet.update(on: example)
        }
        #expect(memoriser.seenInputsCrossEntropySum.bitPattern == seenSum.value.bitPattern)
    }

    /// The shared table grows as learners pass its first 4096 counts: the
    /// first learner fills it (in stretches, as a run's checkpoints split
    /// them), the second reads what the first filled, and both code every
    /// label with the direct formula's bits (a stretch summed from the
    /// table's running sums, with the direct sum's value to 1e-13), N and
    /// the counts running to 3·4096 and past; a per-input learner with few
    /// inputs grows it too.
    /// (An α of its own, so this test's learners are the ones that fill it.)
    @Test("a shared table grown past its first block gives the direct formula's bits (summed stretches its sums, to 1e-13), to the learner that fills it and to the next")
    func grownTableIsBitIdentical() throws {
        let (k, alpha) = (2, 0.4375)
        for learner in 0..<2 {
            // Learner 0 fills the table past 4096 as it goes; learner 1 reads it.
            var counts = DirichletLabelCounts(labelCount: k, concentration: alpha)
            let random = try RandomSource(seed: 31 + UInt64(learner))
            var direct = Array(repeating: 0, count: k)
            var logSum = CompensatedSum()
            logSum.add(Double(k) * log(alpha))
            var mismatches = 0
            var stretchesSummed = 0
            for stretch in [1, 4000, 96, 5000, 3000, 200] {
                // Each label's code length by the direct formula, taken as it is drawn.
                var expected = 0.0
                var expectedSum = CompensatedSum()
                counts.codeThenAdd(
                    count: stretch,
                    nextLabel: {
                        let label = random.uniformInteger(below: k)
                        let n = direct.reduce(0, +)
                        expected = log(Double(n) + Double(k) * alpha) - log(Double(direct[label]) + alpha)
                        expectedSum.add(expected)
                        logSum.add(log1p(1 / (Double(direct[label]) + alpha)))
                        direct[label] += 1
                        return label
                    },
                    record: { length in
                        if length.bitPattern != expected.bitPattern { mismatches += 1 }
                    },
                    recordStretch: { labels, codeLength in
                        // (A stretch summed from the running sums: equal up to rounding.)
                        stretchesSummed += 1
                        if labels != stretch || abs(codeLength.value - expectedSum.value) > 1e-13 * expectedSum.value {
                            mismatches += 1
                        }
                    })
                let n = Double(direct.reduce(0, +))
                let crossEntropy = log(n + Double(k) * alpha) - logSum.value / Double(k)
                if stretchesSummed == 0 {
                    #expect(counts.uniformLabelCrossEntropy.bitPattern == crossEntropy.bitPattern, "learner \(learner), N = \(n)")
                } else {
                    #expect(abs(counts.uniformLabelCrossEntropy - crossEntropy) <= 1e-13 * crossEntropy, "learner \(learner), N = \(n)")
                }
            }
            #expect(mismatches == 0, "learner \(learner)")
            #expect(stretchesSummed >= 1, "learner \(learner)")
            #expect(counts.total == 12_297)
        }
        // Per input: two inputs, 20 000 examples, N_x past 8192.
        var perInput = PerInputDirichletLearner(labelCount: k, concentration: alpha, denseInputs: 2, inputSpace: 2)
        var totals = [0, 0]
        var pairs = [0, 0, 0, 0]
        let random = try RandomSource(seed: 37)
        var mismatches = 0
        for _ in 0..<20_000 {
            let example = LabeledExample(input: random.uniformInteger(below: 2), label: random.uniformInteger(below: k))
            let (n, c) = (Double(totals[example.input]), Double(pairs[example.input * k + example.label]))
            let direct = log(n + Double(k) * alpha) - log(c + alpha)
            if perInput.codeThenUpdate(on: example).bitPattern != direct.bitPattern { mismatches += 1 }
            totals[example.input] += 1
            pairs[example.input * k + example.label] += 1
        }
        #expect(mismatches == 0)
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

    @Test(
        "the one-shot learner's noise-free run counts repeats and steps first sights as codeThenUpdate does",
        arguments: [2, 3, 300])
    func oneShotNoiseFreeRun(labelCount: Int) {
        let inputs = 500
        var batch = OneShotConceptLearner(inputCount: inputs, labelCount: labelCount)
        var single = OneShotConceptLearner(inputCount: inputs, labelCount: labelCount)
        func label(_ input: Int) -> Int { (input * 7919) % labelCount }
        let stream = (0..<3000).map { ($0 * 7 + $0 * $0) % inputs }
        var expectedRepeats = 0
        var expectedSights: [Int] = []
        for input in stream {
            let length = single.codeThenUpdate(on: LabeledExample(input: input, label: label(input)))
            if length == 0 { expectedRepeats += 1 } else { expectedSights.append(input) }
        }
        var next = 0
        var sights: [Int] = []
        var lengthsOK = true
        var repeats = 0
        for chunk in [0, 1, 999, 2000] {
            repeats += batch.codeThenLearnNoiseFree(
                count: chunk, noise: LabelNoise(level: 0, labelCount: labelCount),
                nextInput: {
                    defer { next += 1 }
                    return stream[next]
                },
                trueLabel: label,
                step: { input, codeLength, before, after in
                    sights.append(input)
                    lengthsOK = lengthsOK && codeLength == log(Double(labelCount)) && before == codeLength && after == 0
                })
        }
        #expect(repeats == expectedRepeats)
        #expect(sights == expectedSights)
        #expect(lengthsOK)
        #expect(batch.seenCount == single.seenCount)
        for input in 0..<inputs {
            #expect(batch.codeLength(of: LabeledExample(input: input, label: label(input)))
                == single.codeLength(of: LabeledExample(input: input, label: label(input))))
        }
    }
}
