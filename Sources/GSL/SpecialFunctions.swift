import CGSL

/// Special functions from GSL, each calling the `_e` variant so that an input
/// outside the domain throws a ``GSLError`` instead of aborting or quietly
/// returning 0 (plain `gsl_sf_lngamma(-1)` returns 0).
public enum SpecialFunctions {
    /// ln |Γ(x)|, for x not a non-positive integer.
    public static func logGamma(_ x: Double) throws -> Double {
        try evaluate("logGamma(\(x))") { gsl_sf_lngamma_e(x, $0) }
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
    public static func logBeta(_ a: Double, _ b: Double) throws -> Double {
        try evaluate("logBeta(\(a), \(b))") { gsl_sf_lnbeta_e(a, b, $0) }
    }

    /// ln C(n, k), the log of the binomial coefficient, for 0 ≤ k ≤ n < 2^32.
    public static func logChoose(_ n: Int, _ k: Int) throws -> Double {
        guard n >= 0, n <= Int(UInt32.max) else {
            throw GSLError.invalidArgument("logChoose(\(n), \(k))", "n must be in 0...\(UInt32.max)")
        }
        guard k >= 0, k <= n else {
            throw GSLError.invalidArgument("logChoose(\(n), \(k))", "k must be in 0...n")
        }
        return try evaluate("logChoose(\(n), \(k))") { gsl_sf_lnchoose_e(UInt32(n), UInt32(k), $0) }
    }

    /// ln(1 + x), accurate for small x, for x > −1.
    public static func logOnePlus(_ x: Double) throws -> Double {
        try evaluate("logOnePlus(\(x))") { gsl_sf_log_1plusx_e(x, $0) }
    }

    /// The digamma function ψ(x) = d/dx ln Γ(x), for x not a non-positive integer.
    public static func digamma(_ x: Double) throws -> Double {
        try evaluate("digamma(\(x))") { gsl_sf_psi_e(x, $0) }
    }

    private static func evaluate(
        _ function: @autoclosure () -> String,
        _ body: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws -> Double {
        GSLLibrary.prepare()
        var result = gsl_sf_result(val: 0, err: 0)
        let status = body(&result)
        guard status == Int32(GSL_SUCCESS) else {
            throw GSLError(status: status, function: function())
        }
        guard result.val.isFinite else {
            throw GSLError(status: Int32(GSL_EOVRFLW), function: function(), reason: "result is not finite")
        }
        return result.val
    }
}
