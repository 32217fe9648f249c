import Foundation

/// A small reader for the TOML subset experiment files use: comments, `[table]`
/// headers, `key = value` with bare, quoted or dotted keys, and values that
/// are basic strings, integers, floats, booleans or (possibly multi-line)
/// arrays of them. Keys are flattened to dotted paths (`parameters.c1.K`).
public struct TOMLDocument: Sendable {
    /// A value with the line it was read from.
    public struct Entry: Sendable {
        public var value: TOMLValue
        public var line: Int
    }

    /// Values by dotted key, in file order.
    public private(set) var entries: [(key: String, entry: Entry)] = []

    /// Parses `text`; `source` names the file in errors.
    /// - Throws: ``LabError`` naming the file, line and reason.
    public init(parsing text: String, source: String) throws {
        var table = ""
        var pending: (key: String, text: String, line: Int)?
        var seen = Set<String>()
        for (offset, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let lineNumber = offset + 1
            func fail(_ reason: String) -> LabError {
                LabError("\(source):\(lineNumber): \(reason)")
            }
            let line = Self.stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if var open = pending {
                open.text += " " + line
                if Self.bracketsBalanced(open.text) {
                    try add(open.key, try Self.value(open.text, fail: fail), line: open.line, seen: &seen, fail: fail)
                    pending = nil
                } else {
                    pending = open
                }
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("malformed table header '\(line)'") }
                table = try Self.key(String(line.dropFirst().dropLast()), fail: fail)
                continue
            }
            guard let equals = Self.assignmentIndex(line) else {
                throw fail("expected KEY = VALUE or [table], got '\(line)'")
            }
            let key = try Self.key(String(line[..<equals]), fail: fail)
            let valueText = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            let fullKey = table.isEmpty ? key : table + "." + key
            if valueText.hasPrefix("["), !Self.bracketsBalanced(valueText) {
                pending = (fullKey, valueText, lineNumber)
                continue
            }
            try add(fullKey, try Self.value(valueText, fail: fail), line: lineNumber, seen: &seen, fail: fail)
        }
        if let open = pending {
            throw LabError("\(source):\(open.line): the array of '\(open.key)' is never closed")
        }
    }

    private mutating func add(
        _ key: String, _ value: TOMLValue, line: Int, seen: inout Set<String>, fail: (String) -> LabError
    ) throws {
        guard seen.insert(key).inserted else { throw fail("'\(key)' is defined twice") }
        entries.append((key, Entry(value: value, line: line)))
    }

    /// The entry at a dotted key.
    public subscript(key: String) -> Entry? {
        entries.first { $0.key == key }?.entry
    }

    // MARK: Lexing

    static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for (index, character) in zip(line.indices, line) {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "#" {
                return String(line[..<index])
            }
        }
        return line
    }

    static func assignmentIndex(_ line: String) -> String.Index? {
        var inString = false
        for (index, character) in zip(line.indices, line) {
            if character == "\"" { inString.toggle() }
            if character == "=", !inString { return index }
        }
        return nil
    }

    static func bracketsBalanced(_ text: String) -> Bool {
        var depth = 0
        var inString = false
        for character in text {
            if character == "\"" { inString.toggle() }
            if inString { continue }
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
        }
        return depth <= 0
    }

    static func key(_ text: String, fail: (String) -> LabError) throws -> String {
        var parts: [String] = []
        var current = ""
        var inString = false
        for character in text.trimmingCharacters(in: .whitespaces) {
            if character == "\"" {
                inString.toggle()
            } else if character == ".", !inString {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        guard !inString, !parts.contains(where: \.isEmpty) else { throw fail("malformed key '\(text)'") }
        return parts.joined(separator: ".")
    }

    static func value(_ text: String, fail: (String) -> LabError) throws -> TOMLValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw fail("missing value") }
        if trimmed.hasPrefix("\"") {
            guard trimmed.count >= 2, trimmed.hasSuffix("\"") else { throw fail("unterminated string \(trimmed)") }
            var result = ""
            var escaped = false
            for character in trimmed.dropFirst().dropLast() {
                if escaped {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    case "\"", "\\": result.append(character)
                    default: throw fail("unknown escape \\\(character) in \(trimmed)")
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    throw fail("unexpected quote in \(trimmed)")
                } else {
                    result.append(character)
                }
            }
            return .string(result)
        }
        if trimmed.hasPrefix("[") {
            guard trimmed.hasSuffix("]") else { throw fail("malformed array \(trimmed)") }
            let inner = trimmed.dropFirst().dropLast()
            var items: [String] = []
            var current = ""
            var depth = 0
            var inString = false
            for character in inner {
                if character == "\"" { inString.toggle() }
                if !inString, character == "[" { depth += 1 }
                if !inString, character == "]" { depth -= 1 }
                if character == ",", depth == 0, !inString {
                    items.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { items.append(current) }
            return .array(try items.map { try value($0, fail: fail) })
        }
        if trimmed == "true" { return .boolean(true) }
        if trimmed == "false" { return .boolean(false) }
        let number = trimmed.replacingOccurrences(of: "_", with: "")
        if let integer = Int(number) { return .integer(integer) }
        if let real = Double(number), real.isFinite { return .real(real) }
        throw fail("'\(trimmed)' is not a string, number, boolean or array")
    }
}
