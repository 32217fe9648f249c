import Foundation
import Learners
import Testing

/// The digit tally's table of posterior weights against the closed form.
@Suite("DigitTally")
struct DigitTallyTests {
    /// k = 2: with c₀ and c₁ examples labelled 0 and 1 at one input, the
    /// posterior mass of label 1 is 1/(1 + e^{−λ(c₀ − c₁)}), λ = ln η − ln(1 − η);
    /// c₀ − c₁ runs inside the table, at its end, past its 4096 entries and
    /// past underflow, for λ < 0, λ = 0 and λ > 0 (η > 1/2: a label is then
    /// evidence against it, and the weights must not overflow).
    @Test(
        "the mass of label 1 equals 1/(1 + e^{−λ(c₀ − c₁)}) inside, at the end of and past the weight table, for λ < 0, = 0 and > 0 (1e-12 relative)",
        arguments: [0.1, 0.3, 0.49, 0.5, 0.6, 0.9])
    func weightsAgainstClosedForm(level: Double) {
        let noise = LabelNoise(level: level, labelCount: 2)
        var tally = DigitTally(digitCount: 2, noise: noise)
        let lambda = log(level) - log(1 - level)
        var b = 0
        for target in [1, 7, 100, 339, 400, 4095, 4096, 4097, 5000, 20000] {
            while b < target {
                _ = tally.observe(LabeledExample(input: 1, label: 0))
                b += 1
            }
            let expected = 1 / (1 + exp(-lambda * Double(b)))
            let mass = tally.mass(ofLabel: 1, at: 1)
            // (1e-300 absolute: a weight that is subnormal in the tally is 0 here.)
            #expect(abs(mass - expected) <= 1e-12 * expected + 1e-300, "η = \(level), b = \(b): \(mass) vs \(expected)")
            let other = 1 / (1 + exp(lambda * Double(b)))
            #expect(abs(tally.mass(ofLabel: 0, at: 1) - other) <= 1e-12 * other + 1e-300)
            #expect(tally.mass(ofLabel: 0, at: 1).isFinite && tally.entropy.isFinite)
            // The other digit is untouched: uniform.
            #expect(tally.mass(ofLabel: 1, at: 2) == 0.5)
        }
        // The lagging label then catches up: the weights fall back inside the table.
        for _ in 0..<(b - 3) { _ = tally.observe(LabeledExample(input: 1, label: 1)) }
        #expect(abs(tally.mass(ofLabel: 1, at: 1) - 1 / (1 + exp(-lambda * 3))) <= 1e-12)
        #expect(tally.isMostProbable(lambda > 0 ? 1 : 0, ofDigit: 0))
    }

    /// k = 2: the code lengths the tally reports (kept per count distance
    /// with two labels) against the closed form from the counts the test
    /// keeps: p(y) = η + (1 − 2η)·W_y with W_y the mass above, −ln p(y) per
    /// example and (1 − η)(−ln p(t)) + η(−ln p(1 − t)) expected at rule label
    /// t; labels drawn so that c₀ − c₁ wanders both ways across 0 and far
    /// past it (the table's entries and beyond), for λ < 0, = 0 and > 0.
    @Test(
        "k = 2: code lengths and expected code lengths equal the closed form from the counts (1e-12 relative)",
        arguments: [0.05, 0.2, 0.5, 0.7])
    func binaryCodeLengthsAgainstClosedForm(level: Double) {
        let noise = LabelNoise(level: level, labelCount: 2)
        var tally = DigitTally(digitCount: 3, noise: noise)
        let lambda = log(level) - log(1 - level)
        var counts = [[0, 0], [0, 0], [0, 0]]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func closedForm(_ label: Int, digit: Int) -> Double {
            let mass = 1 / (1 + exp(-lambda * Double(counts[digit][1 - label] - counts[digit][label])))
            return -log(level + (1 - 2 * level) * mass)
        }
        for step in 0..<12_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digit = Int(state >> 62) % 3
            // Digit 0 drifts to label 0 for 6000 steps and back; digit 1 is a fair coin; digit 2 mostly 1.
            let bias = digit == 0 ? (step < 6000 ? 0.9 : 0.1) : digit == 1 ? 0.5 : 0.2
            let label = Double(state >> 11) / 9_007_199_254_740_992 < bias ? 0 : 1
            let expected = closedForm(label, digit: digit)
            let length = tally.binaryCodeLength(ofLabel: label, at: digit + 1)
            #expect(abs(length - expected) <= 1e-12 * expected + 1e-15, "η = \(level), step \(step)")
            for truth in 0...1 {
                let expectedLoss = (1 - level) * closedForm(truth, digit: digit) + level * closedForm(1 - truth, digit: digit)
                let loss = tally.binaryExpectedCodeLength(at: digit + 1, trueLabel: truth)
                #expect(abs(loss - expectedLoss) <= 1e-12 * expectedLoss + 1e-15, "η = \(level), step \(step), t = \(truth)")
            }
            #expect(tally.binaryCodeThenObserve(LabeledExample(input: digit + 1, label: label)) == length)
            counts[digit][label] += 1
        }
    }

    /// k = 2: the code lengths kept per count distance are the bits the
    /// general path (``DigitTally/mass(ofLabel:at:)``,
    /// ``DigitTally/expectedCodeLength(at:trueLabel:)``, which never read
    /// them) computes from the weights, inside the weight table, past it and
    /// past underflow.
    @Test(
        "k = 2: the kept code lengths are bit for bit those computed from the weights",
        arguments: [0.0, 0.05, 0.3, 0.499, 0.5, 0.501, 0.8])
    func binaryCodeLengthsAreTheComputedOnes(level: Double) {
        let noise = LabelNoise(level: level, labelCount: 2)
        var tally = DigitTally(digitCount: 2, noise: noise)
        #expect(tally.keepsBinaryLosses)
        var state: UInt64 = 12345
        for step in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digit = Int(state >> 63)
            // Digit 1 takes label 0 only, so its counts run far apart (past 4096); digit 2 is a fair coin.
            let label = digit == 0 ? 0 : Int((state >> 40) & 1)
            let example = LabeledExample(input: digit + 1, label: label)
            for value in 0...1 {
                #expect(
                    tally.binaryCodeLength(ofLabel: value, at: digit + 1)
                        == -log(noise.probability(ruleMass: tally.mass(ofLabel: value, at: digit + 1))),
                    "η = \(level), step \(step)")
                #expect(
                    tally.binaryExpectedCodeLength(at: digit + 1, trueLabel: value)
                        == tally.expectedCodeLength(at: digit + 1, trueLabel: value), "η = \(level), step \(step)")
            }
            let length = tally.binaryCodeLength(ofLabel: label, at: digit + 1)
            if step.isMultiple(of: 2) {
                #expect(tally.binaryCodeThenObserve(example) == length)
            } else {
                let truth = step % 4 == 1 ? label : 1 - label
                let (coded, expectedAfter) = tally.binaryCodeThenObserve(example, expectedAfterFor: truth)
                #expect(coded == length)
                #expect(expectedAfter == tally.expectedCodeLength(at: digit + 1, trueLabel: truth), "η = \(level), step \(step)")
            }
        }
    }

    /// k = 2: the loop over a stretch of examples reports, bit for bit, what
    /// the per-example calls report on a twin tally: the expected code
    /// length before, then the code length and the expected code length
    /// after; inside the table, past it and past underflow (one digit only
    /// ever labelled 0), for λ < 0, = 0 and > 0, with the rule label both
    /// agreeing with the label and not.
    @Test(
        "k = 2: the stretch loop reports the per-example calls' numbers bit for bit",
        arguments: [0.0, 0.05, 0.3, 0.499, 0.5, 0.501, 0.8])
    func stretchLoopMatchesPerExampleCalls(level: Double) {
        let noise = LabelNoise(level: level, labelCount: 2)
        var looped = DigitTally(digitCount: 3, noise: noise)
        var stepped = DigitTally(digitCount: 3, noise: noise)
        var state: UInt64 = 777
        var last = (example: LabeledExample(input: 1, label: 0), truth: 0)
        var reported = 0
        for stretch in [1, 7, 300, 5000, 2, 6000] {
            looped.binaryCodeThenObserve(
                count: stretch,
                nextExample: {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let digit = Int(state >> 62) % 3
                    // Digit 0 only ever labelled 0 (its counts run past 4096 apart); 1 a fair coin; 2 mostly 1.
                    let label = digit == 0 ? 0 : digit == 1 ? Int((state >> 40) & 1) : ((state >> 40) & 7 == 0 ? 0 : 1)
                    let truth = (state >> 20) & 3 == 0 ? 1 - label : label
                    last = (LabeledExample(input: digit + 1, label: label), truth)
                    return (last.example, last.truth)
                },
                step: { input, codeLength, before, after in
                    // The twin steps on the example the loop has just reported.
                    reported += 1
                    #expect(input == last.example.input)
                    let expectedBefore = stepped.binaryExpectedCodeLength(at: input, trueLabel: last.truth)
                    let (length, expectedAfter) = stepped.binaryCodeThenObserve(
                        last.example, expectedAfterFor: last.truth)
                    #expect(before == expectedBefore, "η = \(level), example \(reported)")
                    #expect(codeLength == length, "η = \(level), example \(reported)")
                    #expect(after == expectedAfter, "η = \(level), example \(reported)")
                })
        }
        #expect(reported == 11_310)
        for input in 1...3 {
            for truth in 0...1 {
                #expect(
                    looped.binaryExpectedCodeLength(at: input, trueLabel: truth)
                        == stepped.binaryExpectedCodeLength(at: input, trueLabel: truth))
            }
        }
    }

    @Test("noise-free, a value behind has no mass")
    func noiseFree() {
        var tally = DigitTally(digitCount: 1, noise: LabelNoise(level: 0, labelCount: 3))
        #expect(tally.mass(ofLabel: 2, at: 1) == 1.0 / 3)
        _ = tally.observe(LabeledExample(input: 1, label: 2))
        #expect(tally.mass(ofLabel: 2, at: 1) == 1)
        #expect(tally.mass(ofLabel: 0, at: 1) == 0)
    }
}
