import GSL
import Testing

@Suite("Prefetched uniform integers")
struct PrefetchedUniformIntegersTests {
    @Test(
        "the drawing thread gives the generator's own numbers and hands back its advanced state",
        arguments: [0, 1, 4095, 4096, 4097, 8 * 4096 + 17, 100_000])
    func sameNumbersSameState(count: Int) throws {
        for bound in [2, 1000, 3 << 30, 1 << 32] {
            let random = try RandomSource(seed: UInt64(count) &* 31 &+ UInt64(bound), kind: .xoshiro256)
            var direct = try #require(random.localXoshiro())
            var prefetched = try #require(PrefetchedUniformIntegers(from: direct, bound: bound, count: count))
            var mismatches = 0
            for _ in 0..<count where prefetched.uniformInteger(below: bound) != direct.uniformInteger(below: bound) {
                mismatches += 1
            }
            #expect(mismatches == 0, "bound \(bound)")
            var after = prefetched.finish()
            #expect((0..<3).map { _ in after.next() } == (0..<3).map { _ in direct.next() }, "bound \(bound)")
        }
    }
}
