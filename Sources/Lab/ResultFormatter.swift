import EDL
import Foundation
import GSL
import Scenarios

/// Renders an ``ExperimentResult`` as CSV, JSON or a table, in bits or nats.
public struct ResultFormatter: Sendable {
    /// The unit of every printed code length and loss.
    public var unit: InformationUnit

    /// Creates a formatter printing in `unit`.
    public init(unit: InformationUnit) {
        self.unit = unit
    }

    /// The rendered text, ending with a newline.
    /// - Throws: ``LabError`` if a value is not finite (nothing is printed then).
    public func render(_ result: ExperimentResult, as format: OutputFormat) throws -> String {
        try check(result)
        var text = ""
        try write(result, as: format) { text += $0 }
        return text
    }

    /// Checks that every number the output would hold is finite.
    /// - Throws: ``LabError`` naming the first column and n that is not.
    public func check(_ result: ExperimentResult) throws {
        try ResultColumns(result: result, unit: unit).checkFinite(grid: result.grid.points)
    }

    /// Gives the text of ``render(_:as:)`` to `output` piece by piece (CSV
    /// and JSON in blocks of rows, so a dense grid's text is never held
    /// whole; the table at once, its columns aligned over every row). Call
    /// ``check(_:)`` first: this writes whatever it is given.
    public func write(_ result: ExperimentResult, as format: OutputFormat, to output: (String) throws -> Void) throws {
        let columns = ResultColumns(result: result, unit: unit)
        switch format {
        case .csv: try csv(columns, to: output)
        case .json: try json(result, columns, to: output)
        case .table: try output(table(result, columns))
        }
    }

    /// Rows per piece of streamed text.
    static let rowsPerPiece = 4096

    /// The CSV text, in pieces of ``rowsPerPiece`` rows.
    private func csv(_ table: ResultColumns, to output: (String) throws -> Void) throws {
        var text = table.columns.map(\.name).joined(separator: ",") + "\n"
        for row in 0..<table.rowCount {
            for (index, value) in table.cells(row).enumerated() {
                if index > 0 { text += "," }
                if let value { text += ResultColumns.text(value) }
            }
            text += "\n"
            if (row + 1) % Self.rowsPerPiece == 0 {
                try output(text)
                text = ""
            }
        }
        try output(text)
    }

    // MARK: JSON

    private func json(_ result: ExperimentResult, _ table: ResultColumns, to output: (String) throws -> Void) throws {
        let manifest = try RunManifest(result: result, unit: unit).jsonText().replacingOccurrences(of: "\n", with: "\n  ")
        let names = table.columns.map { JSON.string($0.name) + ": " }
        var text = "{\n  \"manifest\": " + manifest + ",\n  \"rows\": [\n"
        for row in 0..<table.rowCount {
            text += row > 0 ? ",\n    {" : "    {"
            for (index, value) in table.cells(row).enumerated() {
                if index > 0 { text += ", " }
                text += names[index]
                text += value.map(ResultColumns.text) ?? "null"
            }
            text += "}"
            if (row + 1) % Self.rowsPerPiece == 0 {
                try output(text)
                text = ""
            }
        }
        try output(text + "\n  ]\n}\n")
    }

    // MARK: Table

    private func table(_ result: ExperimentResult, _ columns: ResultColumns) -> String {
        let u = unit.rawValue
        let configuration = result.configuration
        let parameters = configuration.describedParameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        var lines = [
            "\(configuration.scenario) · learner \(configuration.learner) · \(parameters) · "
                + "\(result.replicates) replicate\(result.replicates == 1 ? "" : "s") · seed \(result.seed)"
        ]
        // The regret split, when the learner reports it: regret + gap = EDL.
        let showsSplit = result.rows.contains { $0.regret != nil }
        var headers = [
            "n", "MDL (\(u))", "L_test (\(u)/ex)", "EDL (\(u))", "± SE (\(u))", "EDL/n (\(u)/ex)",
            "theory EDL (\(u))",
        ]
        if showsSplit { headers += ["regret (\(u))", "gap (\(u))"] }
        let rows = result.rows.map { row -> [String] in
            var cells = [
                String(row.n),
                Self.fixed(unit.fromNats(row.mdl.mean)),
                Self.fixed(unit.fromNats(row.testLoss.mean)),
                Self.fixed(unit.fromNats(row.edl.mean)),
                row.edl.standardError.map { Self.fixed(unit.fromNats($0)) + (row.isDegenerate ? "*" : "") } ?? "–",
                Self.fixed(unit.fromNats(row.edlPerSample.mean)),
                row.theoryEDL.map { Self.fixed(unit.fromNats($0)) } ?? "–",
            ]
            if showsSplit {
                cells.append(row.regret.map { Self.fixed(unit.fromNats($0.mean)) } ?? "–")
                cells.append(row.generalizationGap.map { Self.fixed(unit.fromNats($0.mean)) } ?? "–")
            }
            return cells
        }
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { String(repeating: " ", count: widths[$0] - cells[$0].count) + cells[$0] }
                .joined(separator: "  ")
        }
        lines.append(line(headers))
        lines.append(contentsOf: rows.map(line))
        if result.rows.contains(where: \.isDegenerate) {
            lines.append(
                "* every replicate gave the same EDL: the SE cannot see outcomes none of them showed; the CSV's "
                    + "edl_\(u)_ci95_low/high then reach to the exact expectation, or span ± (3/R)·n·L(θ₀) (rule of three)")
        }
        if var signature = result.signature {
            signature.peakValue = unit.fromNats(signature.peakValue)
            lines.append(signature.summary(unit: unit.rawValue))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Six significant-ish digits without exponent noise for typical sizes.
    static func fixed(_ value: Double) -> String {
        let magnitude = abs(value)
        if value == 0 { return "0" }
        if magnitude >= 1e7 || magnitude < 1e-4 { return String(format: "%.4e", value) }
        return String(format: "%.5f", value)
    }
}

/// Minimal JSON text helpers (keys in a fixed order keep output byte-stable).
enum JSON {
    static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default:
                if scalar.value < 0x20 {
                    escaped += String(format: "\\u%04x", scalar.value)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped + "\""
    }
}
