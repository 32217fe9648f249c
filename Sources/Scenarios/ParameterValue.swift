/// The value of one scenario or learner parameter.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    /// A whole number.
    case integer(Int)
    /// A real number.
    case real(Double)
    /// One of a fixed set of words.
    case choice(String)
    /// Free text checked by the scenario (lists such as `0.9,0.1`).
    case text(String)

    /// The value as written on the command line and in manifests.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .choice(let value): value
        case .text(let value): value
        }
    }

    /// The value as an integer, if it is one.
    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as a real number (integers convert).
    public var realValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .choice, .text: nil
        }
    }

    /// The value as a word, if it is a choice.
    public var choiceValue: String? {
        if case .choice(let value) = self { return value }
        return nil
    }

    /// The value as text, if it is free text.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
