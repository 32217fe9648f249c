import EDL
import Foundation
import GSL
@testable import Scenarios
import Testing

@Suite("Format plus capability")
struct FormatCapabilityTests {
    func scenario(_ assignments: [(name: String, value: String)], learner: String? = nil) throws -> FormatCapability {
        try FormatCapability(
            configuration: ScenarioConfiguration(scenario: FormatCapability.self, learner: learner, assignments: assignments))
    }

    /// EDL(n) and EDL/n of the linear model at every n up to `largest`, from the trajectory.
    func linearCurve(_ configured: FormatCapability, upTo largest: Int) throws -> [(edl: Double, perExample: Double, point: TrajectoryPoint)] {
        var trajectory = try configured.makeTrajectory(random: RandomSource(seed: 1))
        var accountant = PrequentialAccountant(partCount: max(configured.partNames.count, 1))
        var curve: [(Double, Double, TrajectoryPoint)] = []
        for _ in 1...largest {
            trajectory.advance(by: 1, recording: &accountant)
            let point = accountant.checkpoint(testLossByPart: trajectory.populationLossByPart())
            curve.append((point.edl, point.edlPerExample, point))
        }
        return curve
    }

    @Test("linear model: EDL(n) equals a brute-force sum of the piecewise-linear curves at every n")
    func linearBruteForce() throws {
        for assignments in [
            [], [("L_F0", "2"), ("n_F", "7.5"), ("L_C0", "0.5"), ("n_C", "300"), ("format_tokens", "3")],
        ] as [[(name: String, value: String)]] {
            let configured = try scenario([("model", "linear")] + assignments)
            let c = configured.curves
            let curve = try linearCurve(configured, upTo: 2000)
            let theory = try #require(try configured.expectedCurve(at: Array(1...2000)))
            for n in 1...2000 {
                var mdl = 0.0
                for i in 0..<n {
                    mdl += c.formatStart * max(0, 1 - Double(i) / c.formatSpan)
                    mdl += c.capabilityStart * max(0, 1 - Double(i) / c.capabilitySpan)
                }
                let loss = c.formatStart * max(0, 1 - Double(n) / c.formatSpan)
                    + c.capabilityStart * max(0, 1 - Double(n) / c.capabilitySpan)
                let reference = mdl - Double(n) * loss
                #expect(abs(curve[n - 1].edl - reference) < 1e-9 * max(1, reference), "n \(n)")
                #expect(abs(theory.edl[n - 1] - reference) < 1e-9 * max(1, reference), "theory n \(n)")
                let parts = curve[n - 1].point.parts
                #expect(abs(parts[0].edl + parts[1].edl - curve[n - 1].edl) < 1e-9 * max(1, reference))
            }
        }
    }

    /// Local maxima of a sequence indexed from n = 1.
    func localMaxima(_ values: [Double]) -> [Int] {
        values.indices.dropFirst().dropLast().filter { values[$0] > values[$0 - 1] && values[$0] >= values[$0 + 1] }
            .map { $0 + 1 }
    }

    @Test("linear model: EDL/n has its local maxima exactly at n_F and n_C")
    func linearPeaks() throws {
        // For integer spans EDL_c(n)/n = L0(n+1)/(2n_c) up to n_c and L0(n_c+1)/(2n) after, so each
        // part peaks exactly at n_c; the other part's slope moves the discrete maximum only if it
        // exceeds the kink's drop L0/(2n_c), which fails here (L_C0/(2n_C) < L_F0/(2n_F)):
        // tolerance 0 examples.
        for (assignments, expected) in [
            ([], [10, 1000]),
            ([("n_F", "20"), ("n_C", "500"), ("L_C0", "2")], [20, 500]),
        ] as [([(name: String, value: String)], [Int])] {
            let configured = try scenario([("model", "linear")] + assignments)
            let curve = try linearCurve(configured, upTo: 5000)
            #expect(localMaxima(curve.map(\.perExample)) == expected)
        }
    }

    @Test("format tokens telescope to −ln p(f) for any F and T")
    func formatTokens() {
        for (formats, tokens) in [(64, 2), (50, 2), (50, 3), (7, 1), (1000, 4)] {
            var learner = FormatLearner(kind: .dirichlet(0.7), formatCount: formats, tokenCount: tokens)
            for observed in 0..<5 {
                // The counts are on the world's format, here the last one (whose
                // prefixes are the partial blocks when F is not a power of A).
                let truth = formats - 1
                let total = (0..<tokens).map { learner.codeLength(ofToken: $0, format: truth) }.reduce(0, +)
                #expect(abs(total - learner.loss) < 1e-12)
                #expect(abs(learner.loss - -log((Double(observed) + 0.7) / (Double(observed) + Double(formats) * 0.7))) < 1e-12)
                learner.update()
            }
        }
        var bayes = FormatLearner(kind: .bayes, formatCount: 64, tokenCount: 2)
        #expect(abs(bayes.loss - log(64.0)) < 1e-12)
        bayes.update()
        #expect(bayes.loss == 0)
        #expect(FormatLearner(kind: .pretrained, formatCount: 64, tokenCount: 2).loss == 0)
    }

    @Test(
        "a Dirichlet format's share of MDL equals the per-example format losses summed directly (1e-13), whether a stretch of examples is summed at once or coded one by one",
        arguments: [("64", "2", "1.0", "all"), ("1000", "3", "2.5", "all"), ("7", "1", "0.3", "format")])
    func formatStretches(formats: String, tokens: String, alpha: String, score: String) throws {
        let configured = try scenario([
            ("K", "50"), ("formats", formats), ("format_tokens", tokens), ("format_alpha", alpha), ("score", score),
        ])
        let (f, t, a) = (Double(formats)!, Int(tokens)!, Double(alpha)!)
        var trajectory = try configured.makeTrajectory(random: RandomSource(seed: 4))
        var accountant = PrequentialAccountant(partCount: max(configured.partNames.count, 1))
        var direct = CompensatedSum()
        var n = 0
        // One example at a time, then long stretches, then singles again.
        for stretch in [1, 1, 1, 5, 200, 3000, 1, 1, 40_000, 1] {
            trajectory.advance(by: stretch, recording: &accountant)
            for example in n..<(n + stretch) { direct.add(log((f * a + Double(example)) / (a + Double(example)))) }
            n += stretch
            let point = accountant.checkpoint(testLossByPart: trajectory.populationLossByPart())
            let formatMDL = score == "all" ? point.parts[0].mdl : point.mdl
            #expect(abs(formatMDL - direct.value) <= 1e-13 * direct.value, "n = \(n), F = \(formats), T = \(tokens), α = \(alpha)")
            #expect(point.scoredTokens == (score == "all" ? t + 1 : t) * n)
        }
    }

    @Test("score=all: per-class shares sum to the total; D counts T + 1 tokens per example")
    func sharesAndTokens() throws {
        let configured = try scenario([("K", "50"), ("format_tokens", "3")])
        var trajectory = try configured.makeTrajectory(random: RandomSource(seed: 3))
        var accountant = PrequentialAccountant(partCount: 2)
        for n in [1, 10, 100, 1000] {
            trajectory.advance(by: n - accountant.exampleCount, recording: &accountant)
            let point = accountant.checkpoint(testLossByPart: trajectory.populationLossByPart())
            #expect(point.scoredTokens == 4 * n)
            #expect(abs(point.parts[0].edl + point.parts[1].edl - point.edl) <= 1e-9 * max(1, abs(point.edl)))
            #expect(abs(point.edlPerToken - point.edl / Double(4 * n)) < 1e-15)
        }
    }

    @Test(
        "bad combinations are rejected",
        arguments: [
            ([("model", "linear"), ("K", "10")], "K applies only to model=simulated"),
            ([("n_F", "5")], "n_F applies only to model=linear"),
            ([("format_tokens", "0")], "1...16"),
            ([("score", "tokens")], "all, answer, format"),
        ])
    func rejects(assignments: [(String, String)], message: String) {
        expectRejection("format-capability", assignments, mentioning: message)
        #expect(throws: ScenarioError.self) {
            try ScenarioRegistry.make("format-capability", learner: "dirichlet", assignments: [("model", "linear")])
        }
    }
}
