import CGSL

/// The GSL generator algorithm behind a ``RandomSource``.
public enum RandomGeneratorKind: String, CaseIterable, Sendable {
    /// xoshiro256** (Blackman and Vigna, 2018; period 2^256 − 1, 64-bit
    /// outputs, 32 bytes of state), registered with GSL as its own
    /// `gsl_rng_type`. The default: about three times faster per draw than
    /// MT19937 and passes BigCrush.
    case xoshiro256 = "xoshiro256"
    /// The Mersenne Twister MT19937 (period 2^19937 − 1), GSL's default;
    /// EDL Lab's default before version 0.2.
    case mt19937
    /// L'Ecuyer's maximally equidistributed combined Tausworthe generator
    /// (period ≈ 2^88); small state.
    case taus2

    /// The default generator.
    public static let standard: RandomGeneratorKind = .xoshiro256

    /// The accepted names, for error messages and help.
    public static var acceptedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The GSL generator type.
    var gslType: UnsafePointer<gsl_rng_type>? {
        switch self {
        case .xoshiro256: edl_gsl_rng_xoshiro256()
        case .mt19937: edl_gsl_rng_mt19937()
        case .taus2: edl_gsl_rng_taus2()
        }
    }
}
