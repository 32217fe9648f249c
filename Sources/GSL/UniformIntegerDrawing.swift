/// A source of uniform integers: ``RandomSource`` itself, or the local copy
/// of its xoshiro256** state that ``RandomSource/localXoshiro()`` lends to a
/// hot loop. Code generic over it draws the same numbers from either.
public protocol UniformIntegerDrawing {
    /// A uniform integer in `0..<count`.
    /// - Precondition: `count ≥ 1`.
    mutating func uniformInteger(below count: Int) -> Int
}

extension RandomSource: UniformIntegerDrawing {}
