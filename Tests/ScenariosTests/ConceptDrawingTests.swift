import EDL
import GSL
@testable import Scenarios
import Testing

@Suite("Concept draws")
struct ConceptDrawingTests {
    /// The noise-free coupon loop draws Zipf concepts from a local xoshiro
    /// copy with a second copy prefetching ahead; it must draw what the
    /// source itself draws through the table (GSL's draws, by
    /// DiscreteDistributionTests), carry each concept's p, and leave the
    /// stream exactly where the source would be.
    @Test("lookahead Zipf draws equal the source's own draws, with p_c, and leave the stream in place")
    func lookaheadMatchesSource() throws {
        for (count, exponent) in [(1, 1.0), (7, 0.5), (5000, 1.0), (100_000, 1.3)] {
            let frequencies = try ConceptFrequencies(zipfOver: count, exponent: exponent)
            let table = try #require(frequencies.table)
            let probabilities = frequencies.probabilities
            var total = CompensatedSum()
            for p in probabilities { total.add(p) }
            #expect(abs(total.value - 1) < 1e-14 && probabilities == probabilities.sorted(by: >), "K = \(count)")
            let (source, local) = (try RandomSource(seed: 9), try RandomSource(seed: 9))
            for stretch in [1, 3, 15, 16, 17, 1000] {
                var concepts = LookaheadTabulatedConcepts(draws: try #require(local.localXoshiro()), table: table)
                var mismatches = 0
                for _ in 0..<stretch {
                    let (concept, p) = concepts.nextConcept()
                    let expected = source.sample(from: table)
                    if concept != expected || p != probabilities[expected] { mismatches += 1 }
                }
                #expect(mismatches == 0, "K = \(count), stretch \(stretch)")
                local.resume(from: concepts.draws)
                #expect(local.rawDraw() == source.rawDraw(), "K = \(count), after a stretch of \(stretch)")
            }
        }
    }
}
