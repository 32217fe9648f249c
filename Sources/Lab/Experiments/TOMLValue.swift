/// A value read from an experiment file.
package enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
    case array([TOMLValue])

    /// The value as written on the command line (`--set KEY=VALUE`).
    package var commandLineText: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        case .array(let values): values.map(\.commandLineText).joined(separator: ",")
        }
    }

    /// A short name of the type, for error messages.
    package var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .real: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        }
    }

    package var description: String { commandLineText }
}
