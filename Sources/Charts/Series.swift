/// One line of a chart, optionally with an error band around it.
public struct Series: Sendable, Equatable {
    /// How the line is drawn.
    public enum Style: Sendable, Equatable {
        /// A solid line with point markers: measured values.
        case measured
        /// A dashed line without markers: a theory curve.
        case theory
    }

    /// The legend entry.
    public var name: String
    /// The points (x, y), in drawing order.
    public var points: [(x: Double, y: Double)]
    /// Optional band (lower, upper) at each point, e.g. mean ± 2 SE.
    public var band: [(lower: Double, upper: Double)]?
    /// Solid or dashed.
    public var style: Style
    /// The palette slot; series that share a slot share a colour (a
    /// measurement and its theory).
    public var colorIndex: Int

    /// Creates a series.
    public init(
        name: String, points: [(x: Double, y: Double)], band: [(lower: Double, upper: Double)]? = nil,
        style: Style = .measured, colorIndex: Int
    ) {
        precondition(band.map { $0.count == points.count } ?? true, "one band interval per point")
        self.name = name
        self.points = points
        self.band = band
        self.style = style
        self.colorIndex = colorIndex
    }

    public static func == (left: Series, right: Series) -> Bool {
        left.name == right.name && left.style == right.style && left.colorIndex == right.colorIndex
            && left.points.elementsEqual(right.points) { $0.x == $1.x && $0.y == $1.y }
            && (left.band ?? []).elementsEqual(right.band ?? []) { $0.lower == $1.lower && $0.upper == $1.upper }
    }
}
