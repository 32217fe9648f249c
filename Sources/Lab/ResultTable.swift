import Foundation

/// A result CSV read back: named numeric columns (empty cells are `nil`).
public struct ResultTable: Sendable {
    /// Column names in file order.
    public var names: [String]
    /// Cells by column name, one per row.
    public var columns: [String: [Double?]]
    /// The number of data rows.
    public var rowCount: Int

    /// Parses CSV text written by `edl run --format csv`.
    /// - Throws: ``LabError`` naming the row or cell that is not numeric.
    public init(csv text: String, source: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first else { throw LabError("'\(source)' is empty; expected a CSV written by edl run") }
        names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var columns: [String: [Double?]] = [:]
        for name in names { columns[name] = [] }
        for (index, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == names.count else {
                throw LabError("'\(source)' row \(index + 2) has \(cells.count) cells, the header \(names.count)")
            }
            for (name, cell) in zip(names, cells) {
                if cell.isEmpty {
                    columns[name, default: []].append(nil)
                } else if let value = Double(cell) {
                    guard value.isFinite else {
                        throw LabError("'\(source)' row \(index + 2), column \(name): '\(cell)' is not a finite number")
                    }
                    columns[name, default: []].append(value)
                } else {
                    throw LabError("'\(source)' row \(index + 2), column \(name): '\(cell)' is not a number")
                }
            }
        }
        self.columns = columns
        rowCount = lines.count - 1
    }

    /// Reads a CSV file.
    /// - Throws: ``LabError`` if the file cannot be read or parsed.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("cannot read '\(path)': no such file or not readable")
        }
        try self.init(csv: String(decoding: data, as: UTF8.self), source: path)
    }
}
