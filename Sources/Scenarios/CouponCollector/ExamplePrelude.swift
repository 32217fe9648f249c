import EDL

/// Tokens a composite trajectory codes before each example of the coupon
/// collector it wraps (the format tokens of ``FormatCapability``), recorded
/// inside the coupon collector's own loop so that a run of examples is one
/// call rather than one call per example, with every token still recorded
/// in the order of the examples.
protocol ExamplePrelude {
    /// Records the tokens that come before the next example's answer, into
    /// the accountant as the coupon collector's loop holds it (scoped to the
    /// answer's part).
    mutating func recordTokens(into accountant: inout PrequentialAccountant)
}

/// No tokens before the examples: the coupon collector on its own.
struct NoPrelude: ExamplePrelude {
    @inline(always)
    mutating func recordTokens(into accountant: inout PrequentialAccountant) {}
}
