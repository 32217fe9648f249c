/// A scan of an experiment file's brackets, outside strings and comments,
/// before TOMLKit reads it: toml++ (which TOMLKit wraps) stops the process
/// with an assertion when a `}` stands where an array expects a value
/// (`K = [1, }]`), so that form, never valid TOML, is refused here first.
enum BracketCheck {
    /// The line and column (1-based) of a `}` whose innermost open bracket is a `[`, if any.
    static func strayBrace(in text: String) -> (line: Int, column: Int)? {
        let bytes = Array(text.utf8)
        var open: [UInt8] = []
        var line = 1, lineStart = 0, index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func starts(_ literal: String) -> Bool {
            let pattern = Array(literal.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
        }
        func newline() {
            line += 1
            lineStart = index + 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                newline()
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = byte
                let triple = at(1) == quote && at(2) == quote
                index += triple ? 3 : 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\n") {
                        if !triple { break }
                        newline()
                    } else if quote == UInt8(ascii: "\"") && bytes[index] == UInt8(ascii: "\\") {
                        if at(1) == UInt8(ascii: "\n") { index += 1; newline() } else { index += 1 }
                    } else if bytes[index] == quote && (!triple || starts(String(repeating: String(UnicodeScalar(quote)), count: 3))) {
                        index += triple ? 3 : 1
                        // A multi-line string may end with up to two more quotes.
                        while triple, index < bytes.count, bytes[index] == quote { index += 1 }
                        break
                    }
                    index += 1
                }
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(byte)
            case UInt8(ascii: "]"):
                if open.last == UInt8(ascii: "[") { open.removeLast() }
            case UInt8(ascii: "}"):
                if open.last == UInt8(ascii: "[") { return (line, index - lineStart + 1) }
                if open.last == UInt8(ascii: "{") { open.removeLast() }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
