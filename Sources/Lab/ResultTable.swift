import CSV
import EDL
import Foundation

/// A CSV file read back (by CSV.swift: quoted fields, CRLF, text cells):
/// every column as text, and the columns whose cells are all numbers (or
/// empty) as numbers, so a sweep's `results.csv` with its `cell` ids and
/// text parameters reads as well as a single run's file.
public struct ResultTable: Sendable {
    /// Column names in file order.
    public var names: [String]
    /// The numeric columns: cells by column name, one per row (empty cells are `nil`).
    public var columns: [String: [Double?]]
    /// Every column's cells as written, by column name.
    public var text: [String: [String]]
    /// The number of data rows.
    public var rowCount: Int

    /// Parses CSV text such as `edl run --format csv` or `edl sweep` write.
    /// - Throws: ``LabError`` naming the row that does not fit the header, or
    ///   a cell that is a non-finite number.
    public init(csv text: String, source: String) throws {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw LabError("'\(source)' is not readable as CSV: \(error)")
        }
        guard let header = reader.headerRow, !(header.count == 1 && header[0].isEmpty) else {
            throw LabError("'\(source)' is empty; expected a CSV written by edl run or edl sweep")
        }
        names = header
        var cells = [[String]](repeating: [], count: header.count)
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.count == 1, row[0].isEmpty { continue }  // a blank line
            guard row.count == header.count else {
                throw LabError("'\(source)' row \(line) has \(row.count) cells, the header \(header.count)")
            }
            for (index, cell) in row.enumerated() { cells[index].append(cell) }
        }
        if let error = reader.error { throw LabError("'\(source)' is not readable as CSV: \(error)") }
        var numeric: [String: [Double?]] = [:]
        var texts: [String: [String]] = [:]
        for (index, name) in header.enumerated() {
            texts[name] = cells[index]
            var values: [Double?] = []
            values.reserveCapacity(cells[index].count)
            for (row, cell) in cells[index].enumerated() {
                if cell.isEmpty {
                    values.append(nil)
                } else if let value = Double(cell) {
                    guard value.isFinite else {
                        throw LabError("'\(source)' row \(row + 2), column \(name): '\(cell)' is not a finite number")
                    }
                    values.append(value)
                } else {
                    values = []
                    break
                }
            }
            if values.count == cells[index].count { numeric[name] = values }
        }
        columns = numeric
        self.text = texts
        rowCount = cells.first?.count ?? 0
    }

    /// The table of `result` in `unit`, built in memory from the same columns
    /// the CSV is written from: the numbers a chart draws are those the CSV
    /// holds (−0 is 0, as the CSV writes it), without writing text and
    /// parsing it back.
    /// - Throws: ``LabError`` if a value is not finite.
    public init(result: ExperimentResult, unit: InformationUnit) throws {
        let table = ResultColumns(result: result, unit: unit)
        try table.checkFinite(grid: result.grid.points)
        names = table.columns.map(\.name)
        var byColumn = [[Double?]](repeating: [], count: table.columns.count)
        for row in 0..<table.rowCount {
            for (column, value) in table.cells(row).enumerated() { byColumn[column].append(value.map { $0 == 0 ? 0 : $0 }) }
        }
        var numeric: [String: [Double?]] = [:]
        var texts: [String: [String]] = [:]
        for (column, values) in zip(table.columns, byColumn) {
            numeric[column.name] = values
            texts[column.name] = values.map { $0.map(ResultColumns.text) ?? "" }
        }
        columns = numeric
        text = texts
        rowCount = result.rows.count
    }

    /// Reads a CSV file.
    /// - Throws: ``LabError`` if the file cannot be read or parsed.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("cannot read '\(path)': no such file or not readable")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LabError("'\(path)' is not UTF-8 text; expected a CSV written by edl run or edl sweep")
        }
        try self.init(csv: text, source: path)
    }

    /// The numeric column `name`.
    /// - Throws: ``LabError`` when there is no such column, or when it holds text.
    public func numbers(_ name: String, source: String) throws -> [Double?] {
        if let values = columns[name] { return values }
        if let cells = text[name] {
            let sample = cells.first { Double($0) == nil && !$0.isEmpty } ?? ""
            let numeric = names.filter { columns[$0] != nil }
            throw LabError(
                "column '\(name)' of '\(source)' holds text (e.g. '\(sample)'), not numbers; numeric columns: \(numeric.joined(separator: ", "))")
        }
        throw LabError("'\(source)' has no column '\(name)'; columns: \(names.joined(separator: ", "))")
    }

    /// The rows split by the values of `keys` (text columns or numeric), one
    /// table per distinct combination, named `K=10 frequencies=zipf`. Groups
    /// are ordered by their values: numerically where a column is numeric,
    /// else as text, first key first.
    /// - Throws: ``LabError`` naming a key that is not a column.
    public func split(by keys: [String], source: String) throws -> [(name: String, table: ResultTable)] {
        for key in keys where text[key] == nil {
            throw LabError("'\(source)' has no column '\(key)' to split by; columns: \(names.joined(separator: ", "))")
        }
        var groups: [[String]: [Int]] = [:]
        for row in 0..<rowCount { groups[keys.map { text[$0]![row] }, default: []].append(row) }
        let ordered = groups.keys.sorted { left, right in
            for (index, key) in keys.enumerated() where left[index] != right[index] {
                if columns[key] != nil, let a = Double(left[index]), let b = Double(right[index]) { return a < b }
                return left[index] < right[index]
            }
            return false
        }
        return ordered.map { values in
            let rows = groups[values]!
            var part = self
            part.rowCount = rows.count
            part.columns = columns.mapValues { column in rows.map { column[$0] } }
            part.text = text.mapValues { column in rows.map { column[$0] } }
            let name = zip(keys, values).map { "\($0)=\($1)" }.joined(separator: " ")
            return (name, part)
        }
    }
}
