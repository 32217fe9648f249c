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

    @Test("noise-free, a value behind has no mass")
    func noiseFree() {
        var tally = DigitTally(digitCount: 1, noise: LabelNoise(level: 0, labelCount: 3))
        #expect(tally.mass(ofLabel: 2, at: 1) == 1.0 / 3)
        _ = tally.observe(LabeledExample(input: 1, label: 2))
        #expect(tally.mass(ofLabel: 2, at: 1) == 1)
        #expect(tally.mass(ofLabel: 0, at: 1) == 0)
    }
}
