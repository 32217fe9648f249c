/// The unit in which code lengths and losses are reported.
///
/// The lab computes in nats (natural logarithms) and converts only when it
/// prints: 1 nat = 1/ln 2 bits ≈ 1.4427 bits.
public enum InformationUnit: String, CaseIterable, Sendable {
    /// Binary digits: logarithms to base 2.
    case bits
    /// Natural units: natural logarithms.
    case nats

    /// The column-name suffix for this unit, e.g. `_bits`.
    public var suffix: String { "_" + rawValue }

    /// Converts a quantity measured in nats into this unit.
    @inlinable
    public func fromNats(_ value: Double) -> Double {
        switch self {
        case .nats: value
        case .bits: value / 0.693_147_180_559_945_3  // ln 2
        }
    }
}
