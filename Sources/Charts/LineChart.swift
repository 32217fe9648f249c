import Foundation

/// An SVG line chart: several series with a legend, error bands, dashed
/// theory overlays, linear or log axes with readable ticks, and colours from
/// the Okabe–Ito palette, which readers with colour-vision deficiencies can tell apart.
public struct LineChart: Sendable {
    /// The title above the plot.
    public var title: String
    /// The horizontal axis.
    public var xAxis: Axis
    /// The vertical axis.
    public var yAxis: Axis
    /// The lines, drawn in order.
    public var series: [Series]
    /// Draw a thin horizontal line at y = 0 when it is in range.
    public var showsZeroLine = true
    /// Points to mark with a ring and a label (e.g. the peak of EDL/n).
    public var markers: [Marker] = []
    /// Multiplies every text size, margin and line width: 1 for a page,
    /// 2 for a slide (24 px tick labels on 1920 × 1080).
    public var fontScale = 1.0

    /// The size of a projected slide, in pixels, and the font scale that
    /// puts its smallest text at 24 px.
    public static let slide = (width: 1920.0, height: 1080.0, fontScale: 2.0)

    /// A marked point.
    public struct Marker: Sendable, Equatable {
        /// Where it is, in data coordinates.
        public var x: Double
        public var y: Double
        /// The label drawn beside it.
        public var label: String
        /// The palette slot of its colour.
        public var colorIndex: Int

        /// Creates a marker.
        public init(x: Double, y: Double, label: String, colorIndex: Int) {
            self.x = x
            self.y = y
            self.label = label
            self.colorIndex = colorIndex
        }
    }

    /// Series with more points than this are drawn without point markers.
    public static let markerLimit = 80

    /// The Okabe–Ito colours, in palette order.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// Creates a chart.
    public init(title: String, xAxis: Axis, yAxis: Axis, series: [Series]) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
    }

    /// The chart as a standalone SVG document of `width` × `height` pixels.
    /// Points that a log axis cannot show (x or y ≤ 0) are left out.
    public func svg(width requestedWidth: Double = 760, height: Double = 460) -> String {
        let s = fontScale
        let left = 78.0 * s, right = 18.0 * s, top = 40.0 * s, bottom = 58.0 * s
        // The legend: one entry per measured series (its theory, dashed in the
        // same colour, is explained by one entry at the end).
        let legendEntries = legend
        // Room for the longest legend entry (about 7 px a character at 12 px).
        let longest = Double(legendEntries.map(\.name.count).max() ?? 0)
        let legendWidth = max(190 * s, (48 + 7 * longest) * s)
        // …and for the title (about 8.5 px a character at 15 px bold).
        let width = max(requestedWidth, left + right + legendWidth + 420 * s, 8.5 * s * Double(title.count) + 40 * s)
        let plotWidth = width - left - right - legendWidth
        let plotHeight = height - top - bottom

        let visible = series.map { line in
            line.points.indices.filter { index in
                let point = line.points[index]
                return point.x.isFinite && point.y.isFinite && (xAxis.scale == .linear || point.x > 0)
                    && (yAxis.scale == .linear || point.y > 0)
            }
        }
        var xs: [Double] = []
        var ys: [Double] = []
        for (line, indices) in zip(series, visible) {
            for index in indices {
                xs.append(line.points[index].x)
                ys.append(line.points[index].y)
                if let band = line.band?[index] {
                    for value in [band.lower, band.upper] where value.isFinite && (yAxis.scale == .linear || value > 0) {
                        ys.append(value)
                    }
                }
            }
        }
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 22 * s, size: 15 * s, anchor: "middle", weight: "bold")
        guard var xLower = xs.min(), var xUpper = xs.max(), var yLower = ys.min(), var yUpper = ys.max() else {
            svg.text("no data to draw", x: left + plotWidth / 2, y: top + plotHeight / 2, size: 13 * s, anchor: "middle")
            return svg.finish()
        }
        // A range of a few ulps (values equal up to rounding) is drawn as one value, widened.
        func isPoint(_ lower: Double, _ upper: Double) -> Bool {
            upper / 2 - lower / 2 <= 1e-12 * max(abs(lower), abs(upper))
        }
        if isPoint(xLower, xUpper) { (xLower, xUpper) = Self.widen(xLower, xAxis.scale) }
        if yAxis.scale == .linear, showsZeroLine, yLower > 0, yLower < 0.25 * yUpper { yLower = 0 }
        if isPoint(yLower, yUpper) { (yLower, yUpper) = Self.widen(yLower, yAxis.scale) }
        let xTicks = xAxis.ticks(lower: xLower, upper: xUpper)
        let yTicks = yAxis.ticks(lower: yLower, upper: yUpper)
        // Extend the ranges to whole ticks on log axes, so the decades frame the data.
        if xAxis.scale == .logarithmic, let first = xTicks.first, let last = xTicks.last {
            xLower = min(xLower, first.value)
            xUpper = max(xUpper, last.value)
        }
        if yAxis.scale == .logarithmic, let first = yTicks.first, let last = yTicks.last {
            yLower = min(yLower, first.value)
            yUpper = max(yUpper, last.value)
        }
        let (tx0, tx1) = (xAxis.transform(xLower), xAxis.transform(xUpper))
        let yPad = yAxis.scale == .linear ? 0.04 * (yUpper - yLower) : 0
        let (ty0, ty1) = (yAxis.transform(yLower - yPad), yAxis.transform(yUpper + yPad))
        // In halves, so that data near ±Double.greatestFiniteMagnitude stays finite; values outside
        // the range (a band's ends) are held at its edges.
        func fraction(_ t: Double, _ t0: Double, _ t1: Double) -> Double {
            let value = (t / 2 - t0 / 2) / (t1 / 2 - t0 / 2)
            return value.isFinite ? min(max(value, -0.05), 1.05) : (t > t0 ? 1.05 : -0.05)
        }
        func px(_ x: Double) -> Double { left + fraction(xAxis.transform(x), tx0, tx1) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - fraction(yAxis.transform(y), ty0, ty1) * plotHeight }

        // Frame, grid and ticks.
        svg.rectangle(x: left, y: top, width: plotWidth, height: plotHeight, stroke: "#444444", fill: "none")
        for tick in xTicks where tick.value >= xLower && tick.value <= xUpper {
            let x = px(tick.value)
            svg.line(x, top, x, top + plotHeight, stroke: "#e6e6e6")
            svg.text(tick.label, x: x, y: top + plotHeight + 18 * s, size: 12 * s, anchor: "middle")
        }
        for tick in yTicks where tick.value >= yLower - yPad && tick.value <= yUpper + yPad {
            let y = py(tick.value)
            svg.line(left, y, left + plotWidth, y, stroke: "#e6e6e6")
            svg.text(tick.label, x: left - 8 * s, y: y + 4 * s, size: 12 * s, anchor: "end")
        }
        if yAxis.scale == .linear, showsZeroLine, yLower - yPad < 0, yUpper + yPad > 0 {
            svg.line(left, py(0), left + plotWidth, py(0), stroke: "#888888", dash: "2 3")
        }
        svg.text(xAxis.label, x: left + plotWidth / 2, y: height - 14 * s, size: 13 * s, anchor: "middle")
        svg.text(yAxis.label, x: 18 * s, y: top + plotHeight / 2, size: 13 * s, anchor: "middle", rotate: -90)

        // Bands first, then lines, so lines stay on top.
        for (line, indices) in zip(series, visible) {
            guard let band = line.band, indices.count > 1 else { continue }
            let color = Self.palette[line.colorIndex % Self.palette.count]
            let upper = indices.map { (px(line.points[$0].x), py(band[$0].upper)) }
            let lower = indices.reversed().map { (px(line.points[$0].x), py(max(band[$0].lower, yAxis.scale == .logarithmic ? yLower : -Double.infinity))) }
            svg.polygon(upper + lower, fill: color, opacity: 0.18)
        }
        for (line, indices) in zip(series, visible) {
            let color = Self.palette[line.colorIndex % Self.palette.count]
            let points = indices.map { (px(line.points[$0].x), py(line.points[$0].y)) }
            switch line.style {
            case .measured:
                svg.polyline(points, stroke: color, width: 2 * s)
                // Markers show where the grid points are; on dense grids they would only add weight.
                if points.count <= Self.markerLimit {
                    for point in points { svg.circle(point.0, point.1, radius: 2.6 * s, fill: color) }
                }
            case .theory:
                svg.polyline(points, stroke: color, width: 1.6 * s, dash: s == 1 ? "6 4" : "\(6 * s) \(4 * s)")
            }
        }

        // Markers.
        for marker in markers where marker.x.isFinite && marker.y.isFinite {
            guard xAxis.scale == .linear || marker.x > 0, yAxis.scale == .linear || marker.y > 0 else { continue }
            let color = Self.palette[marker.colorIndex % Self.palette.count]
            let (x, y) = (px(marker.x), py(marker.y))
            svg.ring(x, y, radius: 6 * s, stroke: color)
            // Beside the ring on its right, or on its left where the label would run past the plot
            // (about 6.2 px a character at 11 px).
            // (11 px on a page; on larger scales as large as the tick labels, so a slide has none below 24 px.)
            let size = s == 1 ? 11 : 12 * s
            let labelWidth = 0.56 * size * Double(marker.label.count)
            if x + 8 * s + labelWidth > left + plotWidth {
                svg.text(marker.label, x: x - 8 * s, y: y - 8 * s, size: size, anchor: "end")
            } else {
                svg.text(marker.label, x: x + 8 * s, y: y - 8 * s, size: size, anchor: "start")
            }
        }

        // Legend.
        let legendX = left + plotWidth + 16 * s
        for (index, entry) in legendEntries.enumerated() {
            let y = top + 12 * s + Double(index) * 20 * s
            let color = entry.colorIndex.map { Self.palette[$0 % Self.palette.count] } ?? "#444444"
            let dash = entry.style == .theory ? (s == 1 ? "6 4" : "\(6 * s) \(4 * s)") : nil
            svg.line(legendX, y, legendX + 26 * s, y, stroke: color, width: 2 * s, dash: dash)
            svg.text(entry.name, x: legendX + 32 * s, y: y + 4 * s, size: 12 * s, anchor: "start")
        }
        return svg.finish()
    }

    /// The legend's entries: each measured series once (theory series are
    /// not repeated beside their measured twin), then one dashed entry for
    /// all theory curves; a theory series without a measured twin of its
    /// colour keeps its own entry.
    var legend: [(name: String, style: Series.Style, colorIndex: Int?)] {
        let measuredColors = Set(series.filter { $0.style == .measured }.map(\.colorIndex))
        var entries: [(name: String, style: Series.Style, colorIndex: Int?)] = []
        var hasTwinnedTheory = false
        for line in series {
            if line.style == .theory, measuredColors.contains(line.colorIndex) {
                hasTwinnedTheory = true
                continue
            }
            entries.append((line.name, line.style, line.colorIndex))
        }
        if hasTwinnedTheory { entries.append(("dashed: exact theory", .theory, nil)) }
        return entries
    }

    private static func widen(_ value: Double, _ scale: AxisScale) -> (Double, Double) {
        switch scale {
        case .logarithmic: (value / 2, value * 2)
        case .linear: value == 0 ? (-1, 1) : (value - abs(value) / 2, value + abs(value) / 2)
        }
    }
}
