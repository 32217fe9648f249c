import CGSL
import Foundation
import GSL
import Testing

@Suite("DiscreteDistribution")
struct DiscreteDistributionTests {
    /// Weight sets with the alias table's corner cases: zero weights, equal
    /// weights (slots that keep their own outcome, F = 1), one outcome, and
    /// a long Zipf tail.
    static let weightSets: [[Double]] = [
        [1, 2, 3, 4, 0], [1, 1, 1, 1], [5], [0, 0, 3, 0], [1e-12, 1, 1e12],
        (0..<10_000).map { 1 / Double($0 + 1) },
    ]

    @Test("a draw from a uniform number is GSL's draw from the same number, for every generator")
    func drawsMatchGSL() throws {
        for (set, weights) in Self.weightSets.enumerated() {
            let table = try DiscreteDistribution(weights: weights)
            let reference = try #require(weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
            defer { gsl_ran_discrete_free(reference) }
            for type in [edl_gsl_rng_mt19937(), edl_gsl_rng_taus2(), edl_gsl_rng_xoshiro256()] {
                let (gslSide, labSide) = (try #require(gsl_rng_alloc(type)), try #require(gsl_rng_alloc(type)))
                defer { gsl_rng_free(gslSide); gsl_rng_free(labSide) }
                gsl_rng_set(gslSide, UInt(17 + set))
                gsl_rng_set(labSide, UInt(17 + set))
                var mismatches = 0
                for _ in 0..<20_000 where gsl_ran_discrete(gslSide, reference) != table.sample(uniform: gsl_rng_uniform(labSide)) {
                    mismatches += 1
                }
                #expect(mismatches == 0, "weights #\(set)")
            }
            for index in [-1, 0, weights.count / 2, weights.count - 1, weights.count] {
                let expected = index < 0 ? 0 : gsl_ran_discrete_pdf(index, reference)
                #expect(table.probability(of: index) == expected, "weights #\(set), outcome \(index)")
            }
        }
    }

    @Test("each draw carries the value attached to its outcome")
    func valuesTravelWithDraws() throws {
        let weights = (0..<1000).map { 1 / Double($0 + 1) }
        let values = weights.indices.map { Double($0) * 0.5 + 0.25 }
        let table = try DiscreteDistribution(weights: weights, values: values)
        let random = try RandomSource(seed: 3)
        for _ in 0..<50_000 {
            let (outcome, value) = table.sampleWithValue(uniform: random.uniform())
            #expect(value == values[outcome])
        }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, 2], values: [1]) }
    }
}
