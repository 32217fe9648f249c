import EDL
import Foundation
import GSL
import Scenarios

/// Renders an ``ExperimentResult`` as CSV, JSON or a table, in bits or nats.
public struct ResultFormatter: Sendable {
    /// The unit of every printed code length and loss.
    public var unit: InformationUnit
    /// The tool version written in manifests.
    public static let toolVersion = "0.1.0"

    /// Creates a formatter printing in `unit`.
    public init(unit: InformationUnit) {
        self.unit = unit
    }

    /// The rendered text, ending with a newline.
    /// - Throws: ``LabError`` if a value is not finite (nothing is printed then).
    public func render(_ result: ExperimentResult, as format: OutputFormat) throws -> String {
        let columns = ResultColumns(result: result, unit: unit)
        try columns.checkFinite(grid: result.grid.points)
        switch format {
        case .csv: return csv(columns)
        case .json: return json(result, columns)
        case .table: return table(result, columns)
        }
    }

    private func csv(_ table: ResultColumns) -> String {
        var lines = [table.columns.map(\.name).joined(separator: ",")]
        let rowCount = table.columns.first?.values.count ?? 0
        for row in 0..<rowCount {
            lines.append(table.columns.map { $0.values[row].map(ResultColumns.text) ?? "" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private func json(_ result: ExperimentResult, _ table: ResultColumns) -> String {
        let configuration = result.configuration
        let values = Dictionary(
            (configuration.parameters.sorted + configuration.learnerParameters.sorted).map { ($0.name, $0.value) },
            uniquingKeysWith: { first, _ in first })
        let parameters = configuration.describedParameters
            .map { "\(JSON.string($0.name)): \(values[$0.name].map(JSON.value) ?? JSON.string($0.value))" }
            .joined(separator: ", ")
        let manifest = [
            "\"tool\": \"edl\"",
            "\"version\": \(JSON.string(Self.toolVersion))",
            "\"scenario\": \(JSON.string(configuration.scenario))",
            "\"learner\": \(JSON.string(configuration.learner))",
            "\"parameters\": {\(parameters)}",
            "\"seed\": \(result.seed)",
            "\"generator\": \(JSON.string(result.generator.rawValue))",
            "\"replicates\": \(result.replicates)",
            "\"units\": \(JSON.string(unit.rawValue))",
            "\"grid\": \(JSON.string(result.grid.description))",
            "\"n\": [\(result.grid.points.map(String.init).joined(separator: ", "))]",
            "\"best_loss\(unit.suffix)\": \(result.bestLoss.map { ResultColumns.text(unit.fromNats($0)) } ?? "null")",
            "\"theory\": \(JSON.string(result.theoryNote))",
            "\"signature\": \(signatureJSON(result.signature))",
        ]
        let rowCount = table.columns.first?.values.count ?? 0
        let rows = (0..<rowCount).map { row in
            "    {"
                + table.columns.map { "\(JSON.string($0.name)): \($0.values[row].map(ResultColumns.text) ?? "null")" }
                .joined(separator: ", ") + "}"
        }
        return "{\n  \"manifest\": {\n    " + manifest.joined(separator: ",\n    ") + "\n  },\n  \"rows\": [\n"
            + rows.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    private func signatureJSON(_ signature: Signature?) -> String {
        guard let signature else { return "null" }
        var fields = [
            "\"kind\": \(JSON.string(signature.kind.rawValue))",
            "\"peak_n\": \(signature.peakN)",
            "\"peak_n_low\": \(signature.peakInterval.lowerBound)",
            "\"peak_n_high\": \(signature.peakInterval.upperBound)",
            "\"peak_edl_per_sample\(unit.suffix)\": \(ResultColumns.text(unit.fromNats(signature.peakValue)))",
        ]
        if let rising = signature.risingPhase {
            fields.append("\"rising_from_n\": \(rising.lowerBound)")
            fields.append("\"rising_to_n\": \(rising.upperBound)")
        }
        if let factor = signature.replicatesFactor {
            fields.append("\"replicates_factor\": \(ResultColumns.text(factor))")
        }
        return "{" + fields.joined(separator: ", ") + "}"
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
                row.edl.standardError.map { Self.fixed(unit.fromNats($0)) } ?? "–",
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

    static func value(_ value: ParameterValue) -> String {
        switch value {
        case .integer(let integer): String(integer)
        case .real(let real): ResultColumns.text(real)
        case .choice(let word), .text(let word): string(word)
        }
    }
}
