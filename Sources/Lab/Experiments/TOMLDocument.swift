import Foundation
import TOMLKit

/// An experiment file read as TOML 1.0 (by TOMLKit, which wraps toml++):
/// every valid document is read, every invalid one refused with the line
/// and column of the problem. Tables (headers, dotted keys and inline
/// tables alike) are flattened to dotted paths (`parameters.c1.K`); the
/// values an experiment file uses are strings, integers, finite floats,
/// booleans and arrays of them.
package struct TOMLDocument: Sendable {
    /// A value with the line it was read from.
    package struct Entry: Sendable {
        /// The value.
        public var value: TOMLValue
        /// The line (1-based) where its key is written; 0 when the key could
        /// not be found in the text (the parser does not report positions of
        /// values, so the reader finds the key itself).
        public var line: Int
    }

    /// The deepest nesting of tables and arrays an experiment file may have.
    package static let maximumDepth = 16
    /// The most keys an experiment file may set (its reader finds each key's
    /// line by a search of the text, so the work grows with keys × length).
    package static let maximumEntries = 256
    /// The largest experiment file, in bytes.
    package static let maximumLength = 256 * 1024

    /// Values by dotted key, in file order.
    package private(set) var entries: [(key: String, entry: Entry)] = []

    /// Parses `text`; `source` names the file in errors.
    /// - Throws: ``LabError`` naming the file, line and reason.
    package init(parsing text: String, source: String) throws {
        guard text.utf8.count <= Self.maximumLength else {
            throw LabError("\(source): \(text.utf8.count) bytes; an experiment file may have at most \(Self.maximumLength)")
        }
        if let (line, column) = BracketCheck.strayBrace(in: text) {
            throw LabError("\(source):\(line):\(column): Error while parsing array: expected a value or closing ']', saw '}'")
        }

        let table: TOMLTable
        do {
            table = try ParserAssertionGuard.guarded(
                message: "\(source): malformed TOML that stops TOMLKit's parser (toml++) with an internal assertion; "
                    + "check the brackets, quotes, dates and values (python3 -c 'import tomllib' can point at the line)"
            ) { try TOMLTable(string: text) }
        } catch let error as TOMLParseError {
            let reason = error.description.replacingOccurrences(of: "\n", with: " ")
            throw LabError("\(source):\(error.source.begin.line):\(error.source.begin.column): \(reason)")
        }
        let locator = KeyLocator(text: text)
        var found: [(key: String, value: TOMLValue, offset: Int?)] = []
        func fail(_ key: String, _ reason: String) -> LabError {
            let line = locator.line(of: key)
            return LabError("\(source)\(line > 0 ? ":\(line)" : ""): \(key): \(reason)")
        }
        func convert(_ value: any TOMLValueConvertible, key: String, depth: Int) throws -> TOMLValue {
            guard depth <= Self.maximumDepth else { throw fail(key, "nested deeper than \(Self.maximumDepth) levels") }
            switch value.type {
            case .string: return .string(value.string ?? "")
            case .int:
                guard let integer = value.int else { throw fail(key, "an integer outside -2^63...2^63-1") }
                return .integer(integer)
            case .double:
                guard let real = value.double, real.isFinite else {
                    throw fail(key, "expected a finite number, got \(value.double.map { String($0) } ?? "?")")
                }
                return .real(real)
            case .bool: return .boolean(value.bool ?? false)
            case .array:
                guard let array = value.array else { return .array([]) }
                return .array(try array.map { try convert($0, key: key, depth: depth + 1) })
            case .table: throw fail(key, "arrays of tables are not accepted; use a [table] or an inline table")
            case .date, .time, .dateTime: throw fail(key, "dates and times are not accepted")
            }
        }
        func flatten(_ table: TOMLTable, prefix: String, depth: Int) throws {
            guard depth <= Self.maximumDepth else { throw fail(prefix, "nested deeper than \(Self.maximumDepth) levels") }
            for (key, value) in table {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if value.type == .table, let inner = value.table {
                    try flatten(inner, prefix: path, depth: depth + 1)
                } else {
                    found.append((path, try convert(value, key: path, depth: depth + 1), nil))
                    guard found.count <= Self.maximumEntries else {
                        throw LabError("\(source): more than \(Self.maximumEntries) keys; an experiment file may set at most \(Self.maximumEntries)")
                    }
                }
            }
        }
        try flatten(table, prefix: "", depth: 0)
        for index in found.indices { found[index].offset = locator.offset(of: found[index].key) }
        // TOMLKit iterates keys in sorted order; the file's order decides the
        // order of a sweep's axes, so restore it from where each key is written.
        let ordered = found.enumerated().sorted { left, right in
            switch (left.element.offset, right.element.offset) {
            case let (a?, b?): a != b ? a < b : left.offset < right.offset
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): left.offset < right.offset
            }
        }
        entries = ordered.map { item in
            (item.element.key, Entry(value: item.element.value, line: item.element.offset.map(locator.line(atOffset:)) ?? 0))
        }
    }

    /// The entry for a dotted key.
    package subscript(key: String) -> Entry? {
        entries.first { $0.key == key }?.entry
    }
}

/// Finds where a dotted key of a parsed document is written: under its
/// table's header (`[parameters]` then `K = …`), as a dotted key
/// (`parameters.K = …`), or inside an inline table (`parameters = { K = … }`).
/// Used only for error lines and to keep the file's order; the parser has
/// already checked the document.
private struct KeyLocator {
    let text: [UInt8]
    /// The offsets at which lines start.
    let lineStarts: [Int]

    init(text: String) {
        self.text = Array(text.utf8)
        var starts = [0]
        for (index, byte) in self.text.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The 1-based line of `offset`.
    func line(atOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The line of `key`, or 0 when it is not found.
    func line(of key: String) -> Int { offset(of: key).map(line(atOffset:)) ?? 0 }

    /// The byte offset of the first place where the last component of `key`
    /// is written as a key (followed by `=` or `.`) after the first place its
    /// table is opened, or `nil`.
    func offset(of key: String) -> Int? {
        let components = key.split(separator: ".").map(String.init)
        guard let leaf = components.last else { return nil }
        var start = 0
        // Move past the header or the key that opens each enclosing table, where written.
        for table in components.dropLast() {
            if let position = find(table, from: start) { start = position + table.utf8.count }
        }
        return find(leaf, from: start)
    }

    /// The first offset ≥ `start` where `name` (bare or quoted) stands as a key.
    private func find(_ name: String, from start: Int) -> Int? {
        for spelling in [name, "\"\(name)\"", "'\(name)'"] {
            let needle = Array(spelling.utf8)
            guard !needle.isEmpty, needle.count <= text.count else { continue }
            var index = start
            while index + needle.count <= text.count {
                if text[index] == needle[0], text[index..<index + needle.count].elementsEqual(needle),
                    isBoundary(before: index), isKeyEnd(after: index + needle.count)
                {
                    return index
                }
                index += 1
            }
        }
        return nil
    }

    private func isBoundary(before index: Int) -> Bool {
        guard index > 0 else { return true }
        let byte = text[index - 1]
        return [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "{"),
                UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "[")].contains(byte)
    }

    private func isKeyEnd(after index: Int) -> Bool {
        var position = index
        while position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "\t") {
            position += 1
        }
        guard position < text.count else { return false }
        return [UInt8(ascii: "="), UInt8(ascii: "."), UInt8(ascii: "]")].contains(text[position])
    }
}
