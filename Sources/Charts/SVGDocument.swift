import Foundation

/// A minimal SVG writer: shapes and text appended in order.
struct SVGDocument {
    private var body: [String] = []
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func list(_ points: [(Double, Double)]) -> String {
        points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        let dashText = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append(
            "<line x1=\"\(Self.format(x1))\" y1=\"\(Self.format(y1))\" x2=\"\(Self.format(x2))\" y2=\"\(Self.format(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"\(dashText)/>"
        )
    }

    mutating func rectangle(x: Double, y: Double, width: Double, height: Double, stroke: String, fill: String) {
        body.append(
            "<rect x=\"\(Self.format(x))\" y=\"\(Self.format(y))\" width=\"\(Self.format(width))\" height=\"\(Self.format(height))\" stroke=\"\(stroke)\" fill=\"\(fill)\"/>"
        )
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil) {
        guard !points.isEmpty else { return }
        let dashText = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append(
            "<polyline points=\"\(Self.list(points))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(width)\" stroke-linejoin=\"round\"\(dashText)/>"
        )
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        body.append("<polygon points=\"\(Self.list(points))\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\" stroke=\"none\"/>")
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String) {
        body.append("<circle cx=\"\(Self.format(x))\" cy=\"\(Self.format(y))\" r=\"\(radius)\" fill=\"\(fill)\"/>")
    }

    mutating func ring(_ x: Double, _ y: Double, radius: Double, stroke: String) {
        body.append(
            "<circle cx=\"\(Self.format(x))\" cy=\"\(Self.format(y))\" r=\"\(radius)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"/>"
        )
    }

    mutating func text(
        _ text: String, x: Double, y: Double, size: Double, anchor: String, weight: String = "normal",
        rotate: Double? = nil
    ) {
        let transform = rotate.map { " transform=\"rotate(\($0) \(Self.format(x)) \(Self.format(y)))\"" } ?? ""
        body.append(
            "<text x=\"\(Self.format(x))\" y=\"\(Self.format(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\"\(transform)>\(Self.escape(text))</text>"
        )
    }

    func finish() -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.format(width))" height="\(Self.format(height))" \
        viewBox="0 0 \(Self.format(width)) \(Self.format(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }
}
