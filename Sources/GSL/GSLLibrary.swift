import CGSL

/// Process-wide set-up of GNU GSL.
///
/// GSL's default error handler aborts the process. It is switched off exactly
/// once, before the first generator is made or special function is called, so
/// that every failure comes back as a status code that becomes a ``GSLError``.
public enum GSLLibrary {
    /// Switches GSL's aborting error handler off (idempotent, thread-safe).
    public static func prepare() {
        _ = errorHandlerSwitchedOff
    }
}

/// Swift runs a global's initialiser once, lazily and thread-safely.
private let errorHandlerSwitchedOff: Bool = {
    edl_gsl_error_handler_off()
    return true
}()
