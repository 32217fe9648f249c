import Charts

/// A chart's size in pixels and its font scale, from `--width`, `--height`,
/// `--font-scale` and `--slide`, checked.
package struct ChartSize: Sendable, Equatable {
    /// Width, pixels.
    package var width: Double
    /// Height, pixels.
    package var height: Double
    /// Multiplies text sizes, margins and line widths.
    package var fontScale: Double

    /// The page default: 760 × 460 at scale 1.
    package static let page = ChartSize(width: 760, height: 460, fontScale: 1)

    private init(width: Double, height: Double, fontScale: Double) {
        self.width = width
        self.height = height
        self.fontScale = fontScale
    }

    /// The size asked for: the page default or the slide preset, with any of
    /// the three given explicitly replacing the preset's.
    /// - Throws: ``LabError`` naming the option and its accepted range.
    package init(width: Double?, height: Double?, fontScale: Double?, slide: Bool) throws {
        let preset =
            slide
            ? ChartSize(width: LineChart.slide.width, height: LineChart.slide.height, fontScale: LineChart.slide.fontScale)
            : .page
        func checked(_ value: Double?, _ option: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let value else { return nil }
            guard value.isFinite, range.contains(value) else {
                throw LabError("invalid value '\(value)' for \(option): expected a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        self.width = try checked(width, "--width", 480...20_000) ?? preset.width
        self.height = try checked(height, "--height", 320...20_000) ?? preset.height
        self.fontScale = try checked(fontScale, "--font-scale", 0.5...4) ?? preset.fontScale
    }
}
