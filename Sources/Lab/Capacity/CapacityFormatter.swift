import EDL
import Foundation

/// A ``CapacityStudy`` as a tidy CSV, an aligned table and summary lines.
package struct CapacityFormatter: Sendable {
    /// The study to format.
    package var study: CapacityStudy

    /// Creates the formatter.
    package init(study: CapacityStudy) {
        self.study = study
    }

    private var suffix: String { study.unit.suffix }

    /// One row per group, rank and n: the group's settings, `rank`,
    /// `parameter_count`, `n`, then EDL, EDL/P, EDL_ref/P, capacity, PGR,
    /// test loss and accuracy (each estimate with `_se`).
    package var csv: String {
        let groupNames = study.rows.first?.group.map(\.name) ?? []
        var header = groupNames + ["rank", "parameter_count", "n"]
        header += ["edl\(suffix)", "edl\(suffix)_se", "edl_per_param\(suffix)", "edl_per_param\(suffix)_se"]
        header += ["edl_ref_per_param\(suffix)", "capacity", "capacity_se", "pgr", "pgr_se"]
        header += ["test_loss\(suffix)", "test_loss\(suffix)_se", "accuracy", "accuracy_se"]
        var lines = [header.joined(separator: ",")]
        func cell(_ value: Double?) -> String { value.map(ResultColumns.text) ?? "" }
        for row in study.rows {
            var fields = row.group.map(\.value) + [String(row.rank), String(row.parameterCount), String(row.n)]
            for estimate in [row.edl, row.edlPerParameter] {
                fields += [cell(estimate.mean), cell(estimate.standardError)]
            }
            fields.append(cell(row.referenceEDLPerParameter))
            for estimate in [row.capacity, row.pgr, row.testLoss, row.accuracy] {
                fields += [cell(estimate?.mean), cell(estimate?.standardError)]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows at the study's n as an aligned table, then the summary.
    package var table: String {
        let unit = study.unit.rawValue
        let groupNames = study.rows.first?.group.map(\.name) ?? []
        let header =
            groupNames + [
                "rank", "P", "EDL (\(unit))", "± SE", "EDL/P (\(unit)/param)", "capacity", "± SE", "PGR", "± SE",
                "L_test (\(unit)/ex)", "accuracy",
            ]
        func number(_ value: Double?, _ format: String = "%.4g") -> String {
            value.map { String(format: format, $0) } ?? "–"
        }
        var body: [[String]] = []
        for row in study.rows where row.n == study.readAt {
            body.append(
                row.group.map(\.value) + [
                    String(row.rank), String(row.parameterCount), number(row.edl.mean, "%.2f"),
                    number(row.edl.standardError, "%.2f"), number(row.edlPerParameter.mean), number(row.capacity?.mean, "%.3f"),
                    number(row.capacity?.standardError, "%.3f"), number(row.pgr?.mean, "%.3f"),
                    number(row.pgr?.standardError, "%.3f"), number(row.testLoss.mean), number(row.accuracy?.mean, "%.3f"),
                ])
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            zip(fields, widths).enumerated().map { index, pair in
                let padding = String(repeating: " ", count: pair.1 - pair.0.count)
                return index < groupNames.count ? pair.0 + padding : padding + pair.0
            }.joined(separator: "  ")
        }
        let plan = study.plan
        var lines = [
            "\(plan.scenario) · learner \(plan.learner ?? "default") · capacity read at n = \(study.readAt) · "
                + "\(plan.replicates) replicates · seed \(plan.seed)",
            line(header),
        ]
        lines += body.map(line)
        lines += summaryLines
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per group naming P\* and EDL_ref/P\*, the anchor and the
    /// reference's verdict; then the ratio of the groups' EDL_ref/P\*.
    package var summaryLines: [String] {
        let unit = study.unit.rawValue
        var lines: [String] = []
        for summary in study.summaries {
            let name = summary.group.isEmpty ? study.plan.scenario : summary.group.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            var text = "\(name): "
            if let threshold = summary.threshold, let perParameter = summary.referenceEDLPerThreshold {
                text += "P* = \(threshold.parameters) (rank \(threshold.rank)) by capacity ≥ \(CapacityStudy.threshold)"
                text += summary.thresholdByPGR.map { ", \($0.parameters) (rank \($0.rank)) by PGR" } ?? ", none by PGR"
                text += String(format: "; EDL_ref/P* = %.4g %@/param", perParameter, unit)
            } else {
                text += "no rank reaches capacity \(CapacityStudy.threshold)"
            }
            text += String(
                format: "; EDL_ref = %.4g ± %.2g %@ at rank %d (P = %d)", summary.referenceEDL.mean,
                summary.referenceEDL.standardError ?? 0, unit, summary.referenceRank, summary.referenceParameters)
            if let bits = summary.targetInformationBits {
                text += String(format: "; the target carries %.4g bits", bits)
            }
            lines.append(text)
            if let signature = summary.signature {
                lines.append("  verdict at rank \(summary.referenceRank): " + signature.summary(unit: unit).replacingOccurrences(of: "\n", with: "; "))
            }
        }
        let ratios = study.summaries.compactMap(\.referenceEDLPerThreshold)
        if ratios.count == 2, let low = ratios.min(), let high = ratios.max(), low > 0 {
            lines.append(String(format: "EDL_ref/P* differs %.3g× between the two groups", high / low))
        }
        return lines
    }
}
