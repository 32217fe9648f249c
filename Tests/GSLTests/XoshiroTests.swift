import GSL
import Testing

@Suite("xoshiro256** generator")
struct XoshiroTests {
    // Reference values from a direct transcription of Blackman and Vigna's
    // xoshiro256starstar.c (Python, arbitrary precision, masked to 64 bits),
    // with the state seeded by four SplitMix64 outputs of 42.
    @Test("GSL's gsl_rng_get returns the reference xoshiro256** sequence")
    func referenceSequence() throws {
        let random = try RandomSource(seed: 42, kind: .xoshiro256)
        let expected: [UInt] = [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1]
        #expect((0..<4).map { _ in random.rawDraw() } == expected)
    }

    @Test("uniform integers follow Lemire's method on the reference outputs")
    func lemireIntegers() throws {
        let random = try RandomSource(seed: 42, kind: .xoshiro256)
        #expect((0..<5).map { _ in random.uniformInteger(below: 1000) } == [83, 378, 680, 924, 991])
    }

    @Test("the inline uniform double equals GSL's gsl_rng_uniform for the same state")
    func uniformMatchesGSL() throws {
        let inline = try RandomSource(seed: 9, kind: .xoshiro256)
        let throughGSL = try RandomSource(seed: 9, kind: .xoshiro256)
        for _ in 0..<1000 {
            let word = throughGSL.rawDraw()
            #expect(inline.uniform() == Double(word >> 11) * 0x1.0p-53)
        }
    }

    @Test("a local copy's uniform double is the top 53 bits of the reference output, as the source's")
    func localUniformMatchesTheSource() throws {
        let source = try RandomSource(seed: 11, kind: .xoshiro256)
        let reference = try RandomSource(seed: 11, kind: .xoshiro256)
        var generator = try #require(source.localXoshiro())
        for _ in 0..<1000 {
            #expect(generator.uniform() == Double(reference.rawDraw() >> 11) * 0x1.0p-53)
        }
    }

    @Test("uniform integers below 3·2^62 (heavy rejection) stay in range with mean within 4 SE")
    func largeBoundRejection() throws {
        let random = try RandomSource(seed: 5, kind: .xoshiro256)
        let bound = 3 << 61  // 0.375·2^64: Lemire rejects about 25 % of outputs
        let draws = 100_000
        var sum = 0.0
        for _ in 0..<draws {
            let value = random.uniformInteger(below: bound)
            #expect(value >= 0 && value < bound)
            sum += Double(value)
        }
        let sd = Double(bound) / 12.0.squareRoot()
        #expect(abs(sum / Double(draws) - Double(bound) / 2) < 4 * sd / Double(draws).squareRoot())
    }

    @Test("a local copy of the state draws the source's own numbers and hands the stream back where it stopped")
    func localCopyContinuesTheStream() throws {
        let direct = try RandomSource(seed: 42, kind: .xoshiro256)
        let lent = try RandomSource(seed: 42, kind: .xoshiro256)
        let bounds = [1000, 3 << 61, 7, 1 << 40, 1000]
        let expected = bounds.map { direct.uniformInteger(below: $0) }
        var generator = try #require(lent.localXoshiro())
        let drawn = bounds.map { generator.uniformInteger(below: $0) }
        #expect(drawn == expected)
        #expect(drawn.first == 83)  // the reference sequence's first Lemire output
        lent.resume(from: generator)
        // The advanced state was written back: both sources go on alike.
        #expect((0..<4).map { _ in lent.rawDraw() } == (0..<4).map { _ in direct.rawDraw() })
    }

    @Test("only xoshiro256** lends a local copy", arguments: [RandomGeneratorKind.mt19937, .taus2])
    func noLocalCopyForOtherGenerators(kind: RandomGeneratorKind) throws {
        #expect(try RandomSource(seed: 3, kind: kind).localXoshiro() == nil)
    }

    @Test("the default generator is xoshiro256**")
    func defaultKind() throws {
        #expect(RandomGeneratorKind.standard == .xoshiro256)
        #expect(try RandomSource(seed: 1).kind == .xoshiro256)
    }
}
