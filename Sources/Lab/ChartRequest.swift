import Charts
import EDL
import Foundation

/// What to draw from one or more result tables: which columns on which axes.
public struct ChartRequest: Sendable {
    /// The column on the horizontal axis.
    public var x = "n"
    /// The columns on the vertical axis (one series per table and column);
    /// empty picks `edl_per_sample_bits` (or `_nats`, whichever the first
    /// table has).
    public var y: [String] = []
    /// Force a log horizontal axis; otherwise it is logarithmic when the
    /// values are positive and span more than two decades.
    public var logX = false
    /// Force a log vertical axis.
    public var logY = false
    /// The chart title; `nil` names the y column.
    public var title: String?
    /// Mark the largest value of each measured series (e.g. the EDL/n peak).
    public var markPeaks = false
    /// The horizontal values are divided by this (per table, e.g. K for n/K);
    /// tables without an entry use 1.
    public var xScales: [String: Double] = [:]
    /// The horizontal axis label, when not derived from the column.
    public var xLabel: String?

    /// Creates a request with the defaults.
    public init() {}

    /// Builds the chart: per table a measured series (with a ±2 SE band where
    /// `<y>_se` exists) and, where `theory_<y>` has values, a dashed theory
    /// series in the same colour.
    /// - Throws: ``LabError`` naming a missing column and the columns there are.
    public func chart(_ tables: [(name: String, table: ResultTable)]) throws -> LineChart {
        guard let first = tables.first else { throw LabError("nothing to plot: give at least one result CSV") }
        let yNames =
            y.isEmpty
            ? [first.table.columns["edl_per_sample_nats"] != nil ? "edl_per_sample_nats" : "edl_per_sample_bits"] : y
        var series: [Series] = []
        var markers: [LineChart.Marker] = []
        var allX: [Double] = []
        let pairs = tables.flatMap { table in yNames.map { (table, $0) } }
        for (index, (entry, yName)) in pairs.enumerated() {
            let name =
                yNames.count == 1 ? entry.name
                : tables.count == 1 ? Self.describe(yName) : "\(entry.name): \(Self.describe(yName))"
            let table = entry.table
            let xs = try table.numbers(x, source: entry.name)
            let ys = try table.numbers(yName, source: entry.name)
            try Self.checkOneSeries(table, x: xs, source: entry.name)
            let standardErrors = table.columns[yName + "_se"]
            var points: [(x: Double, y: Double)] = []
            var band: [(lower: Double, upper: Double)] = []
            let scale = xScales[entry.name] ?? 1
            for row in 0..<table.rowCount {
                guard let rawX = xs[row], let yValue = ys[row] else { continue }
                let xValue = rawX / scale
                points.append((xValue, yValue))
                let se = standardErrors?[row] ?? 0
                band.append((yValue - 2 * se, yValue + 2 * se))
                allX.append(xValue)
            }
            guard !points.isEmpty else {
                throw LabError("'\(entry.name)' has no rows with both \(x) and \(yName); nothing to plot")
            }
            if logX, let bad = points.first(where: { $0.x <= 0 }) {
                throw LabError("a log x axis needs positive values, but column '\(x)' of '\(entry.name)' has \(bad.x)")
            }
            if logY, let bad = points.first(where: { $0.y <= 0 }) {
                throw LabError("a log y axis needs positive values, but column '\(yName)' of '\(entry.name)' has \(bad.y) at \(x) = \(bad.x)")
            }
            if markPeaks, let peak = points.max(by: { $0.y < $1.y }) {
                // The peak in the figure's own x units (u = n/K where the axis says so), its value,
                // and the exact expectation at the same point where the file has one.
                let xName =
                    xLabel.flatMap { label in label.contains(" =") ? label.components(separatedBy: " =").first : nil }
                    ?? (scale == 1 ? x : "\(x)/\(ResultColumns.text(scale))")
                let theoryHere = table.columns["theory_" + yName].flatMap { theory -> Double? in
                    guard let row = (0..<table.rowCount).first(where: { xs[$0].map { $0 / scale } == peak.x }) else { return nil }
                    return theory[row]
                }
                var label = "peak at \(xName) = " + Self.short(peak.x) + ": " + Self.short(peak.y)
                if let theoryHere { label += " (theory " + Self.short(theoryHere) + ")" }
                markers.append(LineChart.Marker(x: peak.x, y: peak.y, label: label, colorIndex: index))
            }
            let hasBand = standardErrors != nil && band.contains { $0.upper > $0.lower }
            series.append(Series(name: name, points: points, band: hasBand ? band : nil, colorIndex: index))
            if let theory = table.columns["theory_" + yName] {
                let theoryPoints = (0..<table.rowCount).compactMap { row -> (x: Double, y: Double)? in
                    guard let xValue = xs[row], let value = theory[row] else { return nil }
                    return (xValue / scale, value)
                }
                if logY, let bad = theoryPoints.first(where: { $0.y <= 0 }) {
                    throw LabError(
                        "a log y axis needs positive values, but column 'theory_\(yName)' of '\(entry.name)' has \(bad.y) at \(x) = \(bad.x)")
                }
                if !theoryPoints.isEmpty {
                    series.append(Series(name: "\(name) (theory)", points: theoryPoints, style: .theory, colorIndex: index))
                }
            }
        }
        let positive = allX.allSatisfy { $0 > 0 }
        let spansDecades = (allX.max() ?? 1) / max(allX.min() ?? 1, .leastNonzeroMagnitude) > 100
        let xScale: AxisScale = logX || (positive && spansDecades) ? .logarithmic : .linear
        let yLabel = yNames.count == 1 ? Self.describe(yNames[0]) : Self.commonUnitLabel(yNames)
        var chart = LineChart(
            title: title ?? (yNames.count == 1 ? yLabel : Self.labelsWithUnit(yNames)) + " against " + Self.stem(of: xLabel ?? Self.describe(x)),
            xAxis: Axis(label: xLabel ?? Self.describe(x), scale: xScale),
            yAxis: Axis(label: yLabel, scale: logY ? .logarithmic : .linear),
            series: series)
        chart.markers = markers
        return chart
    }

    /// Refuses a table whose x values repeat: it holds several series (a
    /// sweep's `results.csv`), which one line would zigzag through.
    static func checkOneSeries(_ table: ResultTable, x: [Double?], source: String) throws {
        var seen = Set<Double>()
        for value in x.compactMap({ $0 }) where !seen.insert(value).inserted {
            // A sweep's results.csv puts the cell id and its parameters before n.
            let keys = table.names.prefix { $0 != "n" }.filter { $0 != "cell" && Set(table.text[$0] ?? []).count > 1 }
            throw LabError(
                "'\(source)' holds several series (n = \(ResultColumns.text(value)) appears more than once); "
                    + "split them with --by COLUMN" + (keys.isEmpty ? "" : " (here: \(keys.map { "--by \($0)" }.joined(separator: " ")))"))
        }
    }

    /// Several columns' labels, their shared unit once: `EDL share of c1, EDL share of c2 (bits)`.
    static func labelsWithUnit(_ columns: [String]) -> String {
        let labels = columns.map(describe)
        // The parenthesised unit at the end of each label, when they all have the same one.
        let units = labels.map { label -> String? in
            guard label.hasSuffix(")"), let open = label.lastIndex(of: "(") else { return nil }
            return String(label[open...])
        }
        guard let unit = units.first ?? nil, units.allSatisfy({ $0 == unit }) else { return labels.joined(separator: ", ") }
        return labels.map { String($0.dropLast(unit.count)).trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
            + " " + unit
    }

    /// An axis label without its parenthesised unit: `n (training examples)` → `n`.
    static func stem(of label: String) -> String {
        label.firstIndex(of: "(").map { String(label[..<$0]).trimmingCharacters(in: .whitespaces) } ?? label
    }

    /// Four significant digits, for labels.
    static func short(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// An axis label for several columns: their unit, if they share one.
    static func commonUnitLabel(_ columns: [String]) -> String {
        for unit in ["bits", "nats"] where columns.allSatisfy({ $0.hasSuffix("_" + unit) }) {
            return "\(unit)"
        }
        return columns.joined(separator: ", ")
    }

    /// A column name as an axis label with its unit, e.g.
    /// `edl_per_sample_bits` → `EDL/n (bits/example)`: the results schema's
    /// label for its columns, the part for per-part shares, and the
    /// scenario's name for its metrics and theory extras.
    static func describe(_ column: String) -> String {
        if let (entry, unit) = ResultSchema.entry(named: column) {
            return entry.unit.label(unit).map { "\(entry.label) (\($0))" } ?? entry.label
        }
        // Scenario metrics and theory extras, whose names the schema does not hold.
        let extras = [
            "rule_information": "rule information", "posterior_entropy": "posterior entropy",
            "approx_edl": "approximate EDL",
        ]
        for unit in InformationUnit.allCases where column.hasSuffix(unit.suffix) {
            let stem = String(column.dropLast(unit.suffix.count))
            if stem.hasPrefix("edl_c") || stem.hasPrefix("mdl_c") {
                let part = stem.dropFirst(4)
                return "\(stem.hasPrefix("edl") ? "EDL" : "MDL") share of \(part) (\(unit.rawValue))"
            }
            return "\(extras[stem] ?? stem) (\(unit.rawValue))"
        }
        return column
    }
}
