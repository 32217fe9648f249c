/// A source of uniform reals in [0, 1): ``RandomSource`` itself, or the local
/// copy of its xoshiro256** state that ``RandomSource/localXoshiro()`` lends to
/// a hot loop. Code generic over it draws the same numbers from either.
public protocol UniformRealDrawing {
    /// A uniform draw from [0, 1) (what `gsl_rng_uniform` returns).
    mutating func uniform() -> Double
}

extension RandomSource: UniformRealDrawing {}

extension Xoshiro256StarStar: UniformRealDrawing {}
