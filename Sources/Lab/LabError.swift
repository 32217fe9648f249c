import GSL
import Scenarios

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

extension LabError {
    /// The first line of the message of an error the lab, its scenarios or
    /// GSL raise — what `edl` prints after `edl: error: ` — or nil for
    /// another kind of error (the caller describes that one its own way).
    package static func firstLine(of error: any Error) -> String? {
        let text: String
        switch error {
        case let error as LabError: text = error.description
        case let error as ScenarioError: text = error.description
        case let error as GSLError: text = error.description
        default: return nil
        }
        // One line by construction: a line break in it came from an echoed value.
        return printable(text)
    }

    /// `text` with every control character shown as an escape (`\n`, `\r`,
    /// `\t`, `\u{1B}`), so that an echoed value cannot break the line or
    /// send terminal commands.
    package static func printable(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    shown.unicodeScalars.append(scalar)
                }
            }
        }
        return shown
    }
}
