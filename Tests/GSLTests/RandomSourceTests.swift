import Foundation
import GSL
import Testing

@Suite("RandomSource")
struct RandomSourceTests {
    private func firstDraws(_ seed: UInt64, _ kind: RandomGeneratorKind, count: Int = 8) throws -> [Int] {
        let random = try RandomSource(seed: seed, kind: kind)
        return (0..<count).map { _ in random.uniformInteger(below: 1 << 30) }
    }

    @Test("the same seed gives the same stream", arguments: RandomGeneratorKind.allCases)
    func sameSeedSameStream(kind: RandomGeneratorKind) throws {
        #expect(try firstDraws(42, kind) == firstDraws(42, kind))
    }

    @Test(
        "seeds that gsl_rng_set would merge give different streams",
        arguments: RandomGeneratorKind.allCases)
    func seedsDoNotAlias(kind: RandomGeneratorKind) throws {
        // gsl_rng_set keeps only the low 32 bits and maps 0 to the default
        // seed (4357 for mt19937, 1 for taus2).
        let seeds: [UInt64] = [0, 1, 4357, 1 << 32, (1 << 32) + 1, 4357 + (1 << 32), .max]
        let streams = try seeds.map { try firstDraws($0, kind) }
        #expect(Set(streams).count == seeds.count)
    }

    @Test("uniform integers have mean (n−1)/2 and variance (n²−1)/12 within 4 SE")
    func uniformIntegerMoments() throws {
        let random = try RandomSource(seed: 7)
        let draws = 1_000_000
        let n = 10
        var sum = 0.0
        var sumOfSquares = 0.0
        for _ in 0..<draws {
            let value = random.uniformInteger(below: n)
            #expect((0..<n).contains(value))
            sum += Double(value)
            sumOfSquares += Double(value * value)
        }
        let mean = sum / Double(draws)
        let variance = sumOfSquares / Double(draws) - mean * mean
        let exactVariance = Double(n * n - 1) / 12  // 8.25
        #expect(abs(mean - 4.5) < 4 * (exactVariance / Double(draws)).squareRoot())
        // Var of the sample variance ≈ (μ4 − σ⁴)/N; μ4 = (n²−1)(3n²−7)/240 for the discrete uniform.
        let mu4 = Double((n * n - 1) * (3 * n * n - 7)) / 240
        #expect(abs(variance - exactVariance) < 4 * ((mu4 - exactVariance * exactVariance) / Double(draws)).squareRoot())
    }

    @Test("uniform integers beyond 2^32 cover the whole range evenly")
    func wideUniformIntegers() throws {
        let random = try RandomSource(seed: 11, kind: .taus2)
        let n = 1 << 40
        let draws = 200_000
        var sum = 0.0
        var above32Bits = 0
        for _ in 0..<draws {
            let value = random.uniformInteger(below: n)
            #expect(value >= 0 && value < n)
            if value >= 1 << 32 { above32Bits += 1 }
            sum += Double(value)
        }
        let mean = sum / Double(draws)
        let sd = Double(n) / 12.0.squareRoot()
        #expect(abs(mean - Double(n - 1) / 2) < 4 * sd / Double(draws).squareRoot())
        #expect(above32Bits > draws * 99 / 100)
    }

    @Test("binomial draws have mean np and variance np(1−p) within 4 SE")
    func binomialMoments() throws {
        let random = try RandomSource(seed: 3)
        let (trials, p, draws) = (50, 0.3, 100_000)
        var values: [Double] = []
        for _ in 0..<draws { values.append(Double(try random.binomial(trials: trials, probability: p))) }
        let mean = values.reduce(0, +) / Double(draws)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws - 1)
        let npq = Double(trials) * p * (1 - p)  // 10.5
        let mu4 = npq * (1 + 3 * Double(trials - 2) * p * (1 - p))
        #expect(abs(mean - Double(trials) * p) < 4 * (npq / Double(draws)).squareRoot())
        #expect(abs(variance - npq) < 4 * ((mu4 - npq * npq) / Double(draws)).squareRoot())
    }

    @Test("binomial rejects bad arguments with an error")
    func binomialErrors() throws {
        let random = try RandomSource(seed: 1)
        #expect(throws: GSLError.self) { try random.binomial(trials: -1, probability: 0.5) }
        #expect(throws: GSLError.self) { try random.binomial(trials: 10, probability: 1.5) }
        #expect(throws: GSLError.self) { try random.binomial(trials: 10, probability: .nan) }
    }

    @Test("discrete draws follow the weights within 4 SE per outcome")
    func discreteFrequencies() throws {
        let weights = [1.0, 2, 3, 4, 0]
        let table = try DiscreteDistribution(weights: weights)
        let random = try RandomSource(seed: 5)
        let draws = 200_000
        var counts = Array(repeating: 0, count: weights.count)
        for _ in 0..<draws { counts[random.sample(from: table)] += 1 }
        for (index, weight) in weights.enumerated() {
            let p = weight / 10
            let frequency = Double(counts[index]) / Double(draws)
            #expect(abs(frequency - p) <= 4 * (p * (1 - p) / Double(draws)).squareRoot())
            #expect(abs(table.probability(of: index) - p) < 1e-12)
        }
        #expect(counts[4] == 0)
    }

    @Test("discrete tables reject empty, negative, non-finite and all-zero weights")
    func discreteErrors() {
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: []) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, -1]) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, .infinity]) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, .nan]) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [0, 0]) }
    }

    @Test("binomial counts beyond 2^32 trials: drawn in blocks, mean within 4 SE of n·p")
    func hugeBinomial() throws {
        let random = try RandomSource(seed: 7)
        let trials = 5_000_000_000, p = 0.3
        let draws = (0..<20).map { _ in Double(random.binomialCount(trials: trials, probability: p)) }
        let mean = draws.reduce(0, +) / 20
        let se = (Double(trials) * p * (1 - p) / 20).squareRoot()
        #expect(abs(mean - Double(trials) * p) <= 4 * se, "\(mean)")
        #expect(draws.allSatisfy { $0 >= 0 && $0 <= Double(trials) })
    }
}
