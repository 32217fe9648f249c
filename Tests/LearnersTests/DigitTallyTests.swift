import Foundation
import Learners
import Testing

/// The digit tally's table of posterior weights against the closed form.
@Suite("DigitTally")
struct DigitTallyTests {
    /// k = 2: after b examples labelled 0 at one input, the posterior mass of
    /// label 1 is e^{λb}/(1 + e^{λb}), λ = ln η − ln(1 − η); b runs inside the
    /// table, at its end, past its 4096 entries, and past underflow.
    @Test(
        "the mass of the value b counts behind equals e^{λb}/(1 + e^{λb}) inside, at the end of and past the weight table (1e-12 relative)",
        arguments: [0.1, 0.3, 0.49])
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
            let weight = exp(lambda * Double(b))
            let expected = weight / (1 + weight)
            let mass = tally.mass(ofLabel: 1, at: 1)
            #expect(abs(mass - expected) <= 1e-12 * expected, "η = \(level), b = \(b): \(mass) vs \(expected)")
            #expect(abs(tally.mass(ofLabel: 0, at: 1) - 1 / (1 + weight)) <= 1e-12)
            // The other digit is untouched: uniform.
            #expect(tally.mass(ofLabel: 1, at: 2) == 0.5)
        }
        // The lagging label then catches up: the weights fall back inside the table.
        for _ in 0..<(b - 3) { _ = tally.observe(LabeledExample(input: 1, label: 1)) }
        let weight = exp(lambda * 3)
        #expect(abs(tally.mass(ofLabel: 1, at: 1) - weight / (1 + weight)) <= 1e-12)
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
