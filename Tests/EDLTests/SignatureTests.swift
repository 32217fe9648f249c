import EDL
import Foundation
import Testing

@Suite("Signature")
struct SignatureTests {
    /// A deterministic standard normal stream (SplitMix64 + Box–Muller).
    struct Normal {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / Double(1 << 53)
        }
        mutating func next() -> Double {
            (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
        }
    }

    @Test("normal quantiles against tables to 1e-9")
    func quantiles() {
        #expect(abs(NormalQuantile.value(0.975) - 1.959_963_984_540_054) < 1e-9)
        #expect(abs(NormalQuantile.value(0.5)) < 1e-12)
        #expect(abs(NormalQuantile.value(1 - 1e-6) - 4.753_424_308_822_899) < 1e-8)
        #expect(abs(NormalQuantile.value(0.001) + 3.090_232_306_167_814) < 1e-9)
    }

    @Test("flat noisy curves are called a rise in at most 5 % of 400 seeds")
    func falsePositives() {
        let n = Array(1...20).map { $0 * 10 }
        var calledRise = 0
        for seed in 0..<400 {
            var normal = Normal(state: UInt64(seed))
            let se = 0.01
            let means = n.map { _ in 0.3 + se * normal.next() }
            guard let signature = Signature(n: n, means: means, standardErrors: n.map { _ in se }) else { continue }
            if signature.kind == .teaching || signature.kind == .crossover { calledRise += 1 }
        }
        #expect(Double(calledRise) / 400 <= 0.05, "\(calledRise) of 400")
    }

    @Test("a clear hump is teaching, with the peak and the rising phase; a decay is elicitation")
    func hump() throws {
        let n = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        let hump = n.map { x -> Double in let u = Double(x) / 100; return (1 - (1 + u) * exp(-u)) / u }
        let teaching = try #require(Signature(n: n, means: hump, standardErrors: n.map { _ in 0.001 }))
        #expect(teaching.kind == .teaching)
        #expect(teaching.peakN == 200)
        #expect(teaching.peakInterval.contains(200))
        #expect(teaching.risingPhase == 1...200)
        let decay = try #require(Signature(n: n, means: n.map { 10 / Double($0) }, standardErrors: n.map { _ in 0.01 }))
        #expect(decay.kind == .elicitation)
        #expect(decay.peakN == 1)
    }

    @Test("a fall followed by a rise is a crossover; exact curves compare values directly")
    func crossover() throws {
        let n = [1, 3, 10, 30, 100, 300, 1000, 3000]
        let means = [0.9, 1.2, 1.1, 0.9, 0.8, 1.0, 1.17, 0.5]
        let signature = try #require(Signature(n: n, means: means, standardErrors: n.map { _ in 0.01 }))
        #expect(signature.kind == .crossover)
        let flat = try #require(Signature(n: n, means: n.map { _ in 0 }, standardErrors: n.map { _ in 0 }))
        #expect(flat.kind == .elicitation)
        let exactRise = try #require(Signature(n: [1, 2, 3], means: [0, 0.5, 0.2], standardErrors: [0, 0, 0]))
        #expect(exactRise.kind == .teaching)
    }

    @Test("an apparent but insignificant rise is undetermined, with the replicates it would need")
    func undetermined() throws {
        let n = [1, 10, 100]
        // A rise of 2.25 combined SE: above the 2-SE hint, below Bonferroni's z = 2.39 for 3 pairs.
        let se = 0.1
        let signature = try #require(Signature(n: n, means: [0, 0.3 * 2.0.squareRoot() * 0.75, 0.1], standardErrors: [se, se, se]))
        #expect(signature.kind == .undetermined)
        let factor = try #require(signature.replicatesFactor)
        #expect(factor > 1 && factor < 3)
    }

    @Test("none: no significant generalisation gain (a calibrated learner; a learner that ends worse than it began), or EDL/n negligible")
    func nothingLearned() throws {
        let n = [1, 10, 100, 1000, 10000]
        let flat = n.map { _ in 0.0 }
        // The uniform learner: EDL = 0 and the test loss never moves (exact).
        let uniform = try #require(Signature(
            n: n, means: flat, standardErrors: flat,
            learning: .init(initialLoss: 1, testLoss: n.map { _ in 1 }, testLossErrors: flat)))
        #expect(uniform.kind == .none && uniform.warnings.isEmpty)
        // KT on a fair coin: its test loss jumps above L(θ₀) at n = 1, then creeps back, never below.
        let kt = try #require(Signature(
            n: n, means: [-0.2, 0.06, 0.02, 0.004, 0.0006], standardErrors: [0, 0.01, 0.005, 0.001, 0.0002],
            learning: .init(initialLoss: 1, testLoss: [1.2, 1.07, 1.007, 1.0007, 1.00007], testLossErrors: [0, 0.01, 0.001, 0.0001, 0.00001])))
        #expect(kt.kind == .none)
        #expect(kt.warnings == [.notMonotonic(from: 0, to: 1)])
        // A real gain but EDL/n below 1 % of L(θ₀) everywhere: negligible.
        let tiny = try #require(Signature(
            n: n, means: [0.005, 0.004, 0.003, 0.002, 0.001], standardErrors: flat,
            learning: .init(initialLoss: 1, testLoss: [0.99, 0.98, 0.97, 0.96, 0.95], testLossErrors: flat)))
        #expect(tiny.kind == .none)
        // The same shape with a clear gain and EDL/n of 10 % of L(θ₀) is a verdict on the shape.
        let learned = try #require(Signature(
            n: n, means: [0.5, 0.4, 0.3, 0.2, 0.1], standardErrors: flat,
            learning: .init(initialLoss: 1, testLoss: [0.9, 0.5, 0.3, 0.2, 0.1], testLossErrors: flat)))
        #expect(learned.kind == .elicitation && learned.warnings.isEmpty)
    }

    @Test("the verdict names its window and warns: few points, a peak at a first point above n = 1")
    func windowAndWarnings() throws {
        let late = try #require(Signature(n: [1000, 10000], means: [0.1, 0.01], standardErrors: [0.001, 0.0001]))
        #expect(late.window == 1000...10000 && late.kind == .elicitation)
        #expect(late.warnings == [.fewPoints(2), .peakBeforeWindow(firstN: 1000)])
        #expect(late.summary(unit: "bits").contains("over n = 1000…10000"))
        #expect(late.summary(unit: "bits").split(separator: "\n").count == 3)
        let fromOne = try #require(Signature(n: [1, 2, 5, 10, 20], means: [1, 0.6, 0.3, 0.2, 0.1], standardErrors: [0, 0, 0, 0, 0]))
        #expect(fromOne.warnings.isEmpty && fromOne.kind == .elicitation)
    }

    @Test("a grid of 200 000 points is classified in one pass (the pairwise version needed 8.6 GB at 50 000)")
    func linearCost() throws {
        let n = Array(1...200_000)
        let hump = n.map { x -> Double in let u = Double(x) / 20_000; return (1 - (1 + u) * exp(-u)) / u }
        let signature = try #require(Signature(n: n, means: hump, standardErrors: n.map { _ in 1e-4 }))
        #expect(signature.kind == .teaching)
        #expect(abs(Double(signature.peakN) - 1.7933 * 20_000) < 2)
    }
}
