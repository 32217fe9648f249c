import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Charts
import Testing

/// Reads an SVG as XML and collects what the tests check.
final class SVGReader: NSObject, XMLParserDelegate {
    var polylines: [[(Double, Double)]] = []
    var circles: [(Double, Double)] = []
    var frame: (x: Double, y: Double, width: Double, height: Double)?
    var texts: [String] = []
    private var inText = false

    static func read(_ svg: String) throws -> SVGReader {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey: "not well-formed XML: \(String(describing: parser.parserError))"])
        }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "polyline":
            let points = (attributes["points"] ?? "").split(separator: " ").compactMap { pair -> (Double, Double)? in
                let parts = pair.split(separator: ",").compactMap { Double($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
            polylines.append(points)
        case "circle" where attributes["fill"] != "none":
            if let x = attributes["cx"].flatMap(Double.init), let y = attributes["cy"].flatMap(Double.init) { circles.append((x, y)) }
        case "rect" where attributes["fill"] == "none":
            if let x = attributes["x"].flatMap(Double.init), let y = attributes["y"].flatMap(Double.init),
                let width = attributes["width"].flatMap(Double.init), let height = attributes["height"].flatMap(Double.init)
            {
                frame = (x, y, width, height)
            }
        case "text": inText = true; texts.append("")
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText, !texts.isEmpty { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}

@Suite("Chart files")
struct ChartFileTests {
    func sample() -> LineChart {
        var chart = LineChart(
            title: "EDL/n of two learners", xAxis: Axis(label: "n (training examples)", scale: .logarithmic),
            yAxis: Axis(label: "EDL/n (bits/example)"),
            series: [
                Series(name: "bayes", points: [(1, 0.01), (10, 0.09), (100, 0.3), (1000, 0.1)],
                       band: [(0.01, 0.01), (0.08, 0.1), (0.28, 0.32), (0.09, 0.11)], colorIndex: 0),
                Series(name: "bayes (theory)", points: [(1, 0.01), (10, 0.095), (100, 0.298), (1000, 0.1)], style: .theory, colorIndex: 0),
                Series(name: "sgd", points: [(1, 0.005), (10, 0.03), (100, 0.2), (1000, 0.22)], colorIndex: 1),
            ])
        chart.markers = [LineChart.Marker(x: 100, y: 0.3, label: "peak at n = 100", colorIndex: 0)]
        return chart
    }

    @Test("the SVG is well-formed XML with one line per series and every point inside the frame")
    func wellFormed() throws {
        let reader = try SVGReader.read(sample().svg())
        #expect(reader.polylines.count == 3)
        #expect(reader.polylines.map(\.count) == [4, 4, 4])
        let frame = try #require(reader.frame)
        for (x, y) in reader.polylines.flatMap({ $0 }) + reader.circles {
            #expect(x >= frame.x - 1e-9 && x <= frame.x + frame.width + 1e-9)
            #expect(y >= frame.y - 1e-9 && y <= frame.y + frame.height + 1e-9)
        }
        #expect(reader.texts.contains("peak at n = 100"))
        #expect(reader.texts.contains("10³"))
    }

    @Test("a small chart's SVG matches its golden file byte for byte")
    func golden() throws {
        if ProcessInfo.processInfo.environment["EDL_UPDATE_GOLDEN"] == "1" {
            // Regenerate after a deliberate change to the charts: EDL_UPDATE_GOLDEN=1 swift test --filter golden
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/small.svg")
            try sample().svg().write(to: source, atomically: true, encoding: .utf8)
        }
        let url = try #require(Bundle.module.url(forResource: "small", withExtension: "svg", subdirectory: "Golden"))
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(sample().svg() == expected)
    }

    @Test("the legend lists each measured series once and one dashed entry for their theory; a lone theory keeps its name")
    func legendWithoutTwins() {
        let chart = sample()
        #expect(chart.legend.map(\.name) == ["bayes", "sgd", "dashed: exact theory"])
        var lone = chart
        lone.series.append(Series(name: "bound", points: [(1, 0.5), (1000, 0.5)], style: .theory, colorIndex: 2))
        #expect(lone.legend.map(\.name) == ["bayes", "sgd", "bound", "dashed: exact theory"])
    }

    @Test("a slide: 1920 × 1080 with no text below 24 px; a marker label near the right edge turns to the left")
    func slide() throws {
        var chart = sample()
        chart.fontScale = LineChart.slide.fontScale
        let svg = chart.svg(width: LineChart.slide.width, height: LineChart.slide.height)
        #expect(svg.contains("width=\"1920.00\" height=\"1080.00\""))
        let sizes = svg.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 24 }, "\(sizes)")
        var edge = sample()
        edge.markers = [LineChart.Marker(x: 1000, y: 0.1, label: "peak at n = 1000: 0.1 (theory 0.1)", colorIndex: 0)]
        #expect(edge.svg().contains("text-anchor=\"end\" font-weight=\"normal\">peak at n = 1000"))
    }

    @Test("an area picture as a slide: 1920 × 1080 with no text below 24 px, lines twice as wide as on a page")
    func areaSlide() {
        var chart = AreaChart(
            title: "area", codeLengths: [1, 0.5, 0.2, 0.1], testLoss: 0.15, unit: "bits", expectedLoss: [1, 0.6, 0.3, 0.2])
        let page = chart.svg()
        chart.fontScale = LineChart.slide.fontScale
        let svg = chart.svg(width: LineChart.slide.width, height: LineChart.slide.height)
        #expect(svg.contains("width=\"1920.00\" height=\"1080.00\""))
        func sizes(_ svg: String) -> [Double] {
            svg.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        }
        #expect(!sizes(svg).isEmpty && sizes(svg).allSatisfy { $0 >= 24 }, "\(sizes(svg))")
        #expect(sizes(svg) == sizes(page).map { $0 * 2 })
        #expect(page.contains("stroke-width=\"2.2") && svg.contains("stroke-width=\"4.4"))
    }

    @Test("values 1 ulp apart, or near ±1.8e308 with an SE of 1e308, draw at once with no NaN or infinity in the SVG")
    func extremeValues() {
        let ulp = LineChart(
            title: "ulps", xAxis: Axis(label: "n"), yAxis: Axis(label: "y"),
            series: [Series(name: "a", points: [(1, 0.5), (2, 0.5000000000000001)], colorIndex: 0)])
        let huge = LineChart(
            title: "huge", xAxis: Axis(label: "n"), yAxis: Axis(label: "y"),
            series: [Series(name: "a", points: [(-1e308, 0.4), (1e308, 0.5)], band: [(0.4, 0.4), (-2e308, 2e308)], colorIndex: 0)])
        for chart in [ulp, huge] {
            let svg = chart.svg().lowercased()
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(chart.title)")
        }
        #expect(Axis(label: "").ticks(lower: 0.5, upper: 0.5000000000000001).count == 1)
        #expect(Axis(label: "").ticks(lower: -1.7e308, upper: 1.7e308).allSatisfy { $0.value.isFinite })
    }
}
