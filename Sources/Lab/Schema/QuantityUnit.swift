import EDL

/// What kind of number a result column holds: it decides the column's unit
/// suffix, its conversion from nats, and the unit in its axis label.
package enum QuantityUnit: Sendable {
    /// A code length or loss total, in nats inside: `_bits` or `_nats`.
    case information
    /// Information per training example (EDL/n, a loss).
    case informationPerExample
    /// Information per scored token.
    case informationPerToken
    /// Information per trainable parameter.
    case informationPerParameter
    /// A count (n, replicates, parameters, tokens): no suffix, not converted.
    case count
    /// A dimensionless ratio or fraction: no suffix, not converted.
    case ratio

    /// Whether values are converted from nats and named with the unit.
    package var isInformation: Bool {
        switch self {
        case .information, .informationPerExample, .informationPerToken, .informationPerParameter: true
        case .count, .ratio: false
        }
    }

    /// The column-name suffix in `unit` (`_bits`), empty for counts and ratios.
    package func suffix(_ unit: InformationUnit) -> String { isInformation ? unit.suffix : "" }

    /// A value in nats (or a count) as printed in `unit`.
    package func convert(_ value: Double, to unit: InformationUnit) -> Double {
        isInformation ? unit.fromNats(value) : value
    }

    /// The unit as an axis label shows it, e.g. `bits/example`; nil for counts and ratios.
    package func label(_ unit: InformationUnit) -> String? {
        switch self {
        case .information: unit.rawValue
        case .informationPerExample: unit.rawValue + "/example"
        case .informationPerToken: unit.rawValue + "/token"
        case .informationPerParameter: unit.rawValue + "/param"
        case .count, .ratio: nil
        }
    }
}
