import Foundation

/// The JSON settings every manifest is written with, and decoding errors in one line.
enum ManifestCoding {
    /// Sorted keys and pretty printing: the same manifest gives the same bytes.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoding error as one line: what was wrong and at which key.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)".replacingOccurrences(of: "\n", with: " ") }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\((path(context).isEmpty ? "" : path(context) + ".") + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at '\(path(context))'"
        case .dataCorrupted(let context):
            return path(context).isEmpty ? "not valid JSON" : "invalid value at '\(path(context))'"
        @unknown default:
            return "unreadable"
        }
    }
}
