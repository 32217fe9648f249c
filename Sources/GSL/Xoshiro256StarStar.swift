import CGSL

/// A copy of a ``RandomSource``'s xoshiro256** state held as a value, so a
/// hot loop keeps the generator's four words in registers instead of loading
/// and storing them through the `gsl_rng` on every draw.
///
/// Get one with ``RandomSource/localXoshiro()`` and hand it back with
/// ``RandomSource/resume(from:)``, so the stream goes on exactly where the
/// copy left it: draws made through the copy are the same numbers, in the
/// same order, as the source itself would have made.
public struct Xoshiro256StarStar: UniformIntegerDrawing, Sendable {
    @usableFromInline var state: edl_xoshiro256_state

    @inlinable
    init(state: edl_xoshiro256_state) {
        self.state = state
    }

    /// The next 64-bit output (the reference algorithm in shim.h).
    @inlinable @inline(always)
    public mutating func next() -> UInt64 {
        edl_xoshiro256_next(&state)
    }

    /// A uniform draw from [0, 1): the top 53 bits of one output times
    /// 2^−53, as ``RandomSource/uniform()`` draws from this generator.
    @inlinable @inline(always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<count` by Lemire's multiply-and-reject
    /// method on one 64-bit output: exactly uniform, with a division only
    /// in the rare rejection branch.
    ///
    /// - Precondition: `count ≥ 1`.
    @inlinable @inline(always)
    public mutating func uniformInteger(below count: Int) -> Int {
        Self.uniformInteger(below: count) { next() }
    }

    /// A uniform integer in `0..<count` drawn from the state at `state`
    /// (the ``RandomSource``'s own path; the same numbers as a local copy).
    @inlinable @inline(always)
    static func uniformInteger(below count: Int, state: UnsafeMutablePointer<edl_xoshiro256_state>) -> Int {
        uniformInteger(below: count) { edl_xoshiro256_next(state) }
    }

    /// Lemire's method over any supply of 64-bit outputs.
    @inlinable @inline(always)
    static func uniformInteger(below count: Int, next: () -> UInt64) -> Int {
        precondition(count >= 1, "uniformInteger(below:) needs a count of at least 1")
        let bound = UInt64(truncatingIfNeeded: count)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(truncatingIfNeeded: product.high)
    }
}
