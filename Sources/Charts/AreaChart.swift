import Foundation

/// The area picture of EDL for one trajectory: each example's first-pass
/// code length against its position, the horizontal line at the final test
/// loss, and the area between them shaded — above the line it adds to EDL,
/// below it subtracts.
public struct AreaChart: Sendable {
    /// The title above the plot.
    public var title: String
    /// Code length of example i (1-based position i), in the unit of `unit`.
    public var codeLengths: [Double]
    /// The final model's test loss, same unit.
    public var testLoss: Double
    /// The unit's name, e.g. `bits`.
    public var unit: String
    /// E[L(θ_{i−1})] for each example i, same unit: the expected code length
    /// of example i, whose area above the final loss is E[EDL]; drawn as a
    /// line where given.
    public var expectedLoss: [Double]?
    /// Multiplies every text size, margin and line width (1 for a page, 2 for a slide).
    public var fontScale = 1.0

    /// Creates the chart.
    public init(title: String, codeLengths: [Double], testLoss: Double, unit: String, expectedLoss: [Double]? = nil) {
        self.title = title
        self.codeLengths = codeLengths
        self.testLoss = testLoss
        self.unit = unit
        self.expectedLoss = expectedLoss
    }

    /// How many examples cost more than the final test loss, and how many less.
    public var examplesAboveAndBelow: (above: Int, below: Int) {
        (codeLengths.filter { $0 > testLoss }.count, codeLengths.filter { $0 < testLoss }.count)
    }

    /// MDL = Σ code lengths.
    public var mdl: Double { codeLengths.reduce(0, +) }
    /// EDL = MDL − n·L_test.
    public var edl: Double { mdl - Double(codeLengths.count) * testLoss }

    /// The chart as a standalone SVG document.
    public func svg(width: Double = 760, height: Double = 460) -> String {
        let s = fontScale
        let left = 78.0 * s, right = 30.0 * s, top = (expectedLoss == nil ? 74.0 : 90.0) * s, bottom = 58.0 * s
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 22 * s, size: 15 * s, anchor: "middle", weight: "bold")
        let n = codeLengths.count
        let expected = expectedLoss.flatMap { $0.count == n && $0.allSatisfy(\.isFinite) ? $0 : nil }
        guard n > 0, codeLengths.allSatisfy(\.isFinite), testLoss.isFinite else {
            svg.text("no finite data to draw", x: width / 2, y: height / 2, size: 13 * s, anchor: "middle")
            return svg.finish()
        }
        let yTop = max(codeLengths.max() ?? 1, testLoss, expected?.max() ?? 0) * 1.05
        let yBottom = min(0, codeLengths.min() ?? 0, testLoss, expected?.min() ?? 0)
        func px(_ i: Double) -> Double { left + i / Double(n) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - yBottom) / (yTop - yBottom) * plotHeight }
        svg.rectangle(x: left, y: top, width: plotWidth, height: plotHeight, stroke: "#444444", fill: "none")
        let yAxis = Axis(label: "")
        for tick in yAxis.ticks(lower: yBottom, upper: yTop) {
            svg.line(left, py(tick.value), left + plotWidth, py(tick.value), stroke: "#e6e6e6")
            svg.text(tick.label, x: left - 8 * s, y: py(tick.value) + 4 * s, size: 12 * s, anchor: "end")
        }
        for tick in Axis(label: "").ticks(lower: 0, upper: Double(n)) {
            svg.text(tick.label, x: px(tick.value), y: top + plotHeight + 18 * s, size: 12 * s, anchor: "middle")
        }
        // Each example is a step of width 1: shade between it and the test-loss line.
        let adds = "#D55E00", subtracts = "#0072B2"
        for (index, length) in codeLengths.enumerated() where length != testLoss {
            let x0 = px(Double(index)), x1 = px(Double(index + 1))
            let (y0, y1) = (py(max(length, testLoss)), py(min(length, testLoss)))
            svg.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill: length > testLoss ? adds : subtracts, opacity: 0.35)
        }
        var steps: [(Double, Double)] = []
        for (index, length) in codeLengths.enumerated() {
            steps.append((px(Double(index)), py(length)))
            steps.append((px(Double(index + 1)), py(length)))
        }
        svg.polyline(steps, stroke: "#000000", width: 1.2 * s)
        svg.line(left, py(testLoss), left + plotWidth, py(testLoss), stroke: "#009E73", width: 2 * s, dash: s == 1 ? "6 4" : "\(6 * s) \(4 * s)")
        if let expected {
            let points = expected.enumerated().map { (px(Double($0.offset) + 0.5), py($0.element)) }
            svg.polyline(points, stroke: "#CC79A7", width: 2.2 * s)
        }
        func amount(_ value: Double) -> String { String(format: "%.3f", value) + " " + unit }
        // Above the plot, so no bar hides it.
        let (above, below) = examplesAboveAndBelow
        let shading =
            below == 0 ? "shaded orange: every example costs at least the final loss"
            : above == 0 ? "shaded blue: every example costs at most the final loss"
            : "shaded: orange adds (\(above) examples), blue subtracts (\(below))"
        svg.text(
            "MDL = \(amount(mdl)), n·L_test = \(amount(Double(n) * testLoss)), EDL = \(amount(edl))",
            x: left, y: 44 * s, size: 12 * s, anchor: "start")
        svg.text(shading, x: left, y: 60 * s, size: 12 * s, anchor: "start")
        if expected != nil {
            svg.text(
                "pink: E[L(θ_{i−1})], the expected cost of example i; its area above the dashed line is E[EDL]",
                x: left, y: 76 * s, size: 12 * s, anchor: "start")
        }
        svg.text("example i (coded before the update on it)", x: left + plotWidth / 2, y: height - 14 * s, size: 13 * s, anchor: "middle")
        svg.text("code length (\(unit)); dashed: final test loss", x: 18 * s, y: top + plotHeight / 2, size: 13 * s, anchor: "middle", rotate: -90)
        return svg.finish()
    }
}
