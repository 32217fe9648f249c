import Scenarios

/// A parameter value in a JSON manifest: a number where the parameter is
/// numeric, else text (choices and lists such as `0.9,0.1`).
public enum ManifestValue: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A whole number.
    case integer(Int)
    /// A real number.
    case real(Double)
    /// A word or free text.
    case text(String)

    /// The manifest form of a scenario's parameter value.
    public init(_ value: ParameterValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .real(let real): self = .real(real)
        case .choice(let word), .text(let word): self = .text(word)
        }
    }

    /// Equal when the same text, or the same number: JSON writes the real 1.0
    /// as `1`, which reads back as an integer.
    public static func == (left: ManifestValue, right: ManifestValue) -> Bool {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): a == b
        case (.real(let a), .real(let b)): a == b
        case (.integer(let a), .real(let b)), (.real(let b), .integer(let a)): Double(exactly: a) == b
        case (.text(let a), .text(let b)): a == b
        default: false
        }
    }

    /// Decodes an integer, a number or a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self) {
            self = .integer(integer)
        } else if let real = try? container.decode(Double.self) {
            self = .real(real)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes the value as a JSON number or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let integer): try container.encode(integer)
        case .real(let real): try container.encode(real)
        case .text(let text): try container.encode(text)
        }
    }

    /// The value as written on the command line (`--set KEY=VALUE`).
    public var description: String {
        switch self {
        case .integer(let integer): String(integer)
        case .real(let real): ResultColumns.text(real)
        case .text(let text): text
        }
    }
}
