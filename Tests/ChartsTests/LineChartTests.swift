@testable import Charts
import Testing

@Suite("Charts")
struct LineChartTests {
    @Test("log axes tick at decades with readable labels")
    func logTicks() {
        let ticks = Axis(label: "n", scale: .logarithmic).ticks(lower: 1, upper: 100_000)
        #expect(ticks.map(\.label) == ["1", "10", "100", "10³", "10⁴", "10⁵"])
        #expect(ticks.map(\.value) == [1, 10, 100, 1000, 10_000, 100_000])
        #expect(Axis.decade(-3) == "10⁻³")
        #expect(Axis.decade(-1) == "0.1")
    }

    @Test("linear axes tick in 1–2–5 steps covering the range")
    func linearTicks() {
        let ticks = Axis(label: "y").ticks(lower: -0.21, upper: 0.06)
        #expect(ticks.map(\.label) == ["-0.2", "-0.15", "-0.1", "-0.05", "0", "0.05"])
        #expect(Axis(label: "y").ticks(lower: 0, upper: 390).map(\.value) == [0, 100, 200, 300])  // step ≥ 390/6
    }

    @Test("the SVG draws each series, dashes theory, shades bands, and names axes")
    func svgContent() {
        let measured = Series(
            name: "kt", points: [(1, -0.2), (10, 0.05), (100, 0.02)],
            band: [(-0.2, -0.2), (0.03, 0.07), (0.01, 0.03)], colorIndex: 1)
        let theory = Series(name: "kt (theory)", points: [(1, -0.2), (10, 0.056), (100, 0.022)], style: .theory, colorIndex: 1)
        let chart = LineChart(
            title: "A & B", xAxis: Axis(label: "n (training examples)", scale: .logarithmic),
            yAxis: Axis(label: "EDL/n (bits/example)"), series: [measured, theory])
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("A &amp; B"))
        #expect(svg.contains("EDL/n (bits/example)") && svg.contains("n (training examples)"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
        #expect(svg.contains("<polygon"))
        #expect(svg.contains(LineChart.palette[1]))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test("points a log axis cannot show are left out, and an empty chart says so")
    func logAxisDropsNonPositive() {
        let series = Series(name: "s", points: [(0, 1), (1, 2), (10, 3)], colorIndex: 0)
        let svg = LineChart(title: "t", xAxis: Axis(label: "x", scale: .logarithmic), yAxis: Axis(label: "y"), series: [series]).svg()
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
        let empty = LineChart(title: "t", xAxis: Axis(label: "x"), yAxis: Axis(label: "y"), series: []).svg()
        #expect(empty.contains("no data to draw"))
    }
}
