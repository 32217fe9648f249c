import CGSL

/// An error reported by GNU GSL, or a value that GSL cannot accept.
///
/// GSL's own error handler is switched off (see ``GSLLibrary``), so every
/// failure arrives here as a Swift error instead of aborting the process.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The GSL status code (`GSL_EDOM`, `GSL_ERANGE`, …), or `GSL_EINVAL` for
    /// input rejected before GSL was called.
    public var status: Int32
    /// The function that failed, with its argument, e.g. `lnGamma(-1.0)`.
    public var function: String
    /// What went wrong, in words.
    public var reason: String

    /// Creates an error for `function` with a GSL status code; the reason is
    /// GSL's own text for that code unless one is given.
    public init(status: Int32, function: String, reason: String? = nil) {
        self.status = status
        self.function = function
        if let reason {
            self.reason = reason
        } else if let text = gsl_strerror(status) {
            self.reason = String(cString: text)
        } else {
            self.reason = "GSL status \(status)"
        }
    }

    /// An input rejected before GSL was called.
    static func invalidArgument(_ function: String, _ reason: String) -> GSLError {
        GSLError(status: Int32(GSL_EINVAL), function: function, reason: reason)
    }

    public var description: String { "\(function): \(reason)" }
}
