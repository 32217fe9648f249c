import ArgumentParser
import Foundation
import Lab

/// `edl plot RESULT.csv…`: an SVG line chart of result columns against n.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw result CSVs as an SVG line chart (±2 SE bands, theory dashed).")

    @Argument(
        help: """
            Result CSVs written by `edl run --format csv`; each becomes a series named after its file, \
            or, for a sweep's cell files (a JSON manifest beside each), after the settings in which they differ.
            """)
    var files: [String]

    @Option(parsing: .unconditionalSingleValue,
        help: """
            Split each file into one series per value of this column (repeat for several), e.g. \
            --by K on a sweep's results.csv.
            """)
    var by: [String] = []

    @Option(parsing: .unconditional, help: "The column on the horizontal axis.")
    var x = "n"

    @Option(parsing: .unconditionalSingleValue, help: "A column on the vertical axis; repeat for several (default: edl_per_sample_bits or _nats).")
    var y: [String] = []

    @Flag(help: "Logarithmic horizontal axis (default: log when n spans more than two decades).")
    var logX = false

    @Flag(help: "Logarithmic vertical axis.")
    var logY = false

    @Option(parsing: .unconditional, help: "The chart title.")
    var title: String?

    @Option(parsing: .unconditional, help: "The SVG file to write (atomically).")
    var output = "plot.svg"

    @Flag(help: "Mark the largest value of each series (e.g. the EDL/n peak).")
    var markPeak = false

    @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert on the PATH).")
    var png = false

    @OptionGroup var sizeOptions: ChartSizeOptions

    func run() throws {
        guard output.hasSuffix(".svg") else {
            throw LabError("invalid value '\(output)' for --output: expected a file name ending in .svg")
        }
        let size = try sizeOptions.size()
        var paths = OutputPlan()
        for file in files { paths.read("the input '\(file)'", file) }
        paths.write("--output", output)
        if png { paths.write("--png", String(output.dropLast(4)) + ".png") }
        try paths.check()
        if png { try PNGExport.checkAvailable() }
        var tables: [(name: String, table: ResultTable)] = []
        // A sweep's cells are named by their settings: draw them in the settings' order
        // (K=5, K=20, K=100), not in the order of their fingerprint file names.
        let names = SeriesNames.names(forResultFiles: files)
        let fileNames = files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        var pairs = Array(zip(names, files))
        if names != fileNames {
            pairs.sort { $0.0.compare($1.0, options: [.numeric]) == .orderedAscending }
        }
        for (name, path) in pairs {
            let table = try ResultTable(contentsOf: path)
            if by.isEmpty {
                tables.append((name, table))
            } else {
                for group in try table.split(by: by, source: path) {
                    tables.append((files.count == 1 ? group.name : "\(name): \(group.name)", group.table))
                }
            }
        }
        var request = ChartRequest()
        request.x = x
        request.y = y
        request.logX = logX
        request.logY = logY
        request.title = title
        request.markPeaks = markPeak
        var chart = try request.chart(tables)
        chart.fontScale = size.fontScale
        let svg = chart.svg(width: size.width, height: size.height)
        var batch = FileBatch()
        batch.add(svg, to: output)
        if png { batch.add(try PNGExport.png(of: svg), to: String(output.dropLast(4)) + ".png") }
        try batch.commit()
    }
}
