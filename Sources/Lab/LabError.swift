/// A problem with an experiment request (grid, replicates, units, output).
///
/// Each description is one line naming the offending item and the accepted values.
public struct LabError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The one-line message.
    public var description: String

    /// Creates an error with a one-line message.
    public init(_ description: String) {
        self.description = description
    }
}
