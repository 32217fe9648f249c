/// A running sum kept as an unevaluated pair `high + low` (Neumaier's
/// compensated summation with error-free TwoSum steps).
///
/// Adding 10^7 terms of size ≈ 1 loses about 10^-9 in a plain `Double` sum;
/// here the rounding error of every addition is kept in `low`, so the sum is
/// accurate to about one rounding of the final total. EDL is the small
/// difference of two large, nearly equal numbers (MDL and n·L_test), so it is
/// taken from this pair with ``difference(subtractingProductOf:and:)``.
public struct CompensatedSum: Sendable, Equatable {
    @usableFromInline var leading: Double = 0
    @usableFromInline var errors: Double = 0

    /// The leading part of the sum.
    @inlinable
    public var high: Double { leading }
    /// The accumulated rounding errors of every addition so far.
    @inlinable
    public var low: Double { errors }

    /// A sum of zero terms.
    @inlinable
    public init() {}

    /// The sum rounded to one `Double`.
    @inlinable
    public var value: Double { leading + errors }

    /// Adds `term` to the sum.
    @inlinable @inline(always)
    public mutating func add(_ term: Double) {
        let sum = leading + term
        // TwoSum: the exact rounding error of `leading + term`.
        let highPart = sum - term
        let termPart = sum - highPart
        errors += (leading - highPart) + (term - termPart)
        leading = sum
    }

    /// Adds another compensated sum.
    public mutating func add(_ other: CompensatedSum) {
        add(other.leading)
        errors += other.low
    }

    /// `self − other` as a compensated pair: the leading parts' difference
    /// is taken exactly (TwoSum) and its rounding error joins the
    /// difference of the errors, so the difference of two long running sums
    /// keeps the digits of the terms between them.
    @inlinable
    public func subtracting(_ other: CompensatedSum) -> CompensatedSum {
        let (x, y) = (leading, -other.leading)
        let sum = x + y
        let yPart = sum - x
        let xPart = sum - yPart
        let error = (x - xPart) + (y - yPart)
        var result = CompensatedSum()
        result.add(sum)
        result.add(error + (errors - other.errors))
        return result
    }

    /// `self − a·b`, where the product is expanded exactly (with a fused
    /// multiply-add) before the subtraction, so a small difference keeps its
    /// digits even when both sides are huge.
    public func difference(subtractingProductOf a: Double, and b: Double) -> Double {
        let product = a * b
        // Fused multiply-add: the exact rounding error of `a * b`.
        let productError = (-product).addingProduct(a, b)
        return (high - product) + (low - productError)
    }
}
