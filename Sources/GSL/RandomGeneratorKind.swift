import CGSL

/// The GSL generator algorithm behind a ``RandomSource``.
public enum RandomGeneratorKind: String, CaseIterable, Sendable {
    /// The Mersenne Twister MT19937 (period 2^19937 − 1). The default.
    case mt19937
    /// L'Ecuyer's maximally equidistributed combined Tausworthe generator
    /// (period ≈ 2^88); small state, fast.
    case taus2

    /// The GSL generator type.
    var gslType: UnsafePointer<gsl_rng_type>? {
        switch self {
        case .mt19937: edl_gsl_rng_mt19937()
        case .taus2: edl_gsl_rng_taus2()
        }
    }
}
