import ArgumentParser
import Lab

/// The size options every drawing command shares: `--width`, `--height`,
/// `--font-scale` and `--slide`.
struct ChartSizeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The chart's width in pixels (480…20000; line charts widen when the legend or title needs it).")
    var width: Double?

    @Option(parsing: .unconditional, help: "The chart's height in pixels (320…20000).")
    var height: Double?

    @Option(parsing: .unconditional, help: "Multiplies every text size, margin and line width (0.5…4; 1 for a page).")
    var fontScale: Double?

    @Flag(
        help: """
            A slide to project: 1920 × 1080 with text of 24 px and more (font scale 2); \
            --width, --height and --font-scale override it.
            """)
    var slide = false

    /// The checked size.
    func size() throws -> ChartSize {
        try ChartSize(width: width, height: height, fontScale: fontScale, slide: slide)
    }
}
