/// A named parameter of a scenario or learner: its type, accepted values,
/// default and help text.
public struct ParameterSpec: Sendable {
    /// What values the parameter accepts.
    public enum Kind: Sendable {
        /// Whole numbers in a closed range.
        case integer(ClosedRange<Int>)
        /// Real numbers in a range; `lowerOpen`/`upperOpen` exclude the ends.
        case real(lower: Double, upper: Double, lowerOpen: Bool, upperOpen: Bool)
        /// One of these words.
        case choice([String])
        /// Free text that the scenario checks; `accepted` describes it.
        case text(accepted: String)
    }

    /// The key used in `--set KEY=VALUE`.
    public var name: String
    /// What the parameter means, with its unit.
    public var help: String
    /// The accepted values.
    public var kind: Kind
    /// The value used when none is given.
    public var defaultValue: ParameterValue
    /// A word (such as `auto`) accepted besides the kind's values, meaning
    /// "derived from the other parameters"; the help text says how.
    public var automatic: String?

    /// Creates a parameter; the default must be accepted by `kind`.
    public init(name: String, help: String, kind: Kind, defaultValue: ParameterValue, automatic: String? = nil) {
        self.name = name
        self.help = help
        self.kind = kind
        self.defaultValue = defaultValue
        self.automatic = automatic
    }

    /// The accepted values in words, e.g. `an integer in 2...10000`.
    public var acceptedValues: String {
        guard let automatic else { return kindValues }
        return "\(automatic) or \(kindValues)"
    }

    private var kindValues: String {
        switch kind {
        case .integer(let range):
            return "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .real(let lower, let upper, let lowerOpen, let upperOpen):
            let left = lowerOpen ? "(" : "["
            let right = upperOpen ? ")" : "]"
            let upperText = upper == .infinity ? "∞" : String(upper)
            return "a number in \(left)\(lower), \(upperText)\(right)"
        case .choice(let words):
            return "one of " + words.joined(separator: ", ")
        case .text(let accepted):
            return accepted
        }
    }

    /// Parses and checks a value written as text.
    /// - Throws: ``ScenarioError/invalidValue(parameter:value:accepted:)``
    ///   naming the parameter and the accepted values.
    public func parse(_ text: String) throws -> ParameterValue {
        if let automatic, text == automatic { return .choice(automatic) }
        let value: ParameterValue
        switch kind {
        case .integer:
            guard let integer = Int(text) else { throw invalid(text) }
            value = .integer(integer)
        case .real:
            guard let real = Self.decimal(text) else { throw invalid(text) }
            value = .real(real)
        case .choice:
            value = .choice(text)
        case .text:
            guard !text.isEmpty else { throw invalid(text) }
            value = .text(text)
        }
        try validate(value, text: text)
        return value
    }

    /// A finite real written in decimal (`0.5`, `.5`, `-3`, `1e-3`), or nil:
    /// no hexadecimal, `inf`, `nan` or underscores (integers take none of them either).
    public static func decimal(_ text: String) -> Double? {
        var digits = 0, fraction = 0, sawPoint = false, index = text.utf8.startIndex
        let bytes = text.utf8
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                if sawPoint { fraction += 1 } else { digits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index = bytes.index(after: index)
        }
        guard digits + fraction > 0, !sawPoint || fraction > 0 else { return nil }
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
            var exponent = 0
            while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                exponent += 1
                index = bytes.index(after: index)
            }
            guard exponent > 0, index == bytes.endIndex else { return nil }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Checks that a value is accepted.
    public func validate(_ value: ParameterValue, text: String? = nil) throws {
        let shown = text ?? value.description
        if let automatic, value == .choice(automatic) { return }
        switch (kind, value) {
        case (.integer(let range), .integer(let integer)):
            guard range.contains(integer) else { throw invalid(shown) }
        case (.real(let lower, let upper, let lowerOpen, let upperOpen), _):
            guard let real = value.realValue, real.isFinite else { throw invalid(shown) }
            let aboveLower = lowerOpen ? real > lower : real >= lower
            let belowUpper = upperOpen ? real < upper : real <= upper
            guard aboveLower, belowUpper else { throw invalid(shown) }
        case (.choice(let words), .choice(let word)):
            guard words.contains(word) else { throw invalid(shown) }
        case (.text, .text):
            return
        default:
            throw invalid(shown)
        }
    }

    private func invalid(_ text: String) -> ScenarioError {
        .invalidValue(parameter: name, value: text, accepted: acceptedValues)
    }

    /// The label-noise parameter η in [0, 1) shared by scenarios with noisy labels.
    static func labelNoise(subject: String) -> ParameterSpec {
        ParameterSpec(
            name: "noise",
            help: "η: a label is the \(subject)'s with probability 1 − η, else uniform over the other k − 1 (train and test)",
            kind: .real(lower: 0, upper: 1, lowerOpen: false, upperOpen: true), defaultValue: .real(0))
    }

    /// The Dirichlet pseudo-count `alpha` of per-input label estimators. Its
    /// lower end is 1e-300: below it (subnormal numbers) ln Γ(α) and the
    /// smoothed counts' logarithms are not finite, and a run would end in NaN.
    static func dirichletAlpha(default value: Double, help: String) -> ParameterSpec {
        ParameterSpec(
            name: "alpha", help: help, kind: .real(lower: 1e-300, upper: 1e6, lowerOpen: false, upperOpen: false),
            defaultValue: .real(value))
    }
}
