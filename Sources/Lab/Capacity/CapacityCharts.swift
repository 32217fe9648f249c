import Charts
import EDL
import Foundation

/// The capacity signature's two figures: capacity against EDL_ref/P (log x)
/// with the 0.95 line and each group's P\* marked, and capacity against rank.
package enum CapacityCharts {
    /// The horizontal axis of a capacity figure.
    package enum Axis: Sendable {
        /// EDL_ref/P, in the study's unit per parameter, logarithmic.
        case referenceEDLPerParameter
        /// The adapter's rank.
        case rank
    }

    /// The figure of `study` at its read n against `axis`.
    package static func chart(_ study: CapacityStudy, axis: Axis, title: String?) -> LineChart {
        let unit = study.unit.rawValue
        let readRows = study.rows.filter { $0.n == study.readAt }
        var series: [Series] = []
        var markers: [LineChart.Marker] = []
        var xs: [Double] = []
        for (index, summary) in study.summaries.enumerated() {
            let name = summary.group.isEmpty ? study.plan.scenario : summary.group.map(\.value).joined(separator: " ")
            let rows = readRows.filter { $0.group.elementsEqual(summary.group) { $0 == $1 } }
            func x(_ row: CapacityStudy.Row) -> Double {
                switch axis {
                case .referenceEDLPerParameter: row.referenceEDLPerParameter
                case .rank: Double(row.rank)
                }
            }
            let drawn = rows.filter { $0.capacity != nil }.sorted { x($0) < x($1) }
            xs += drawn.map(x)
            series.append(
                Series(
                    name: name, points: drawn.map { (x($0), $0.capacity?.mean ?? 0) },
                    band: drawn.map { row in
                        let (mean, error) = (row.capacity?.mean ?? 0, row.capacity?.standardError ?? 0)
                        return (mean - 2 * error, mean + 2 * error)
                    }, colorIndex: index))
            if let threshold = summary.threshold, let row = drawn.first(where: { $0.rank == threshold.rank }) {
                let label =
                    switch axis {
                    case .referenceEDLPerParameter:
                        String(format: "P* = %d: EDL_ref/P* = %.3g %@/param", threshold.parameters, row.referenceEDLPerParameter, unit)
                    case .rank: "P* at rank \(threshold.rank) (P = \(threshold.parameters))"
                    }
                markers.append(LineChart.Marker(x: x(row), y: row.capacity?.mean ?? 0, label: label, colorIndex: index))
            }
        }
        if let low = xs.min(), let high = xs.max() {
            series.append(
                Series(
                    name: "capacity \(CapacityStudy.threshold)", points: [(low, CapacityStudy.threshold), (high, CapacityStudy.threshold)],
                    style: .theory, colorIndex: 6))
        }
        let xAxis =
            switch axis {
            case .referenceEDLPerParameter:
                Charts.Axis(label: "EDL_ref / P (\(unit) per trainable parameter)", scale: .logarithmic)
            case .rank: Charts.Axis(label: "adapter rank r")
            }
        var chart = LineChart(
            title: title ?? "capacity = EDL(r) / EDL(r_ref) at n = \(study.readAt)", xAxis: xAxis,
            yAxis: Charts.Axis(label: "capacity (±2 SE)"), series: series)
        chart.markers = markers
        return chart
    }
}
