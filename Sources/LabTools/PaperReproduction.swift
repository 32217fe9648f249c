import Lab
import Charts
import EDL
import Foundation
import GSL

/// `edl reproduce`: every toy figure of the paper from its experiment files
/// under `Scenarios/paper/`, as CSV, SVG (and PNG when rsvg-convert is there),
/// with an `index.html` and `README.md` report.
public struct PaperReproduction: Sendable {
    /// One figure: a name and the experiment files whose cells are its series.
    public struct Figure: Sendable {
        public var name: String
        public var files: [String]
        /// For a capacity file: the figure's horizontal axis.
        package var capacityAxis: CapacityCharts.Axis = .referenceEDLPerParameter

        /// A figure of the cells of `files`.
        public init(name: String, files: [String]) {
            self.name = name
            self.files = files
        }

        /// A capacity figure against `axis`.
        package init(name: String, capacity file: String, axis: CapacityCharts.Axis) {
            self.init(name: name, files: [file])
            capacityAxis = axis
        }
    }

    /// The figures, in report order.
    public static let figures: [Figure] = [
        Figure(name: "random-labels", files: ["random-labels.toml"]),
        Figure(name: "hypothesis-collapse", files: ["hypothesis-collapse.toml"]),
        Figure(name: "hypothesis-collapse-diagnostic", files: ["hypothesis-collapse-diagnostic.toml"]),
        Figure(name: "disjoint-subdistributions", files: ["disjoint-subdistributions.toml"]),
        Figure(name: "coupon-collector", files: ["coupon-collector.toml"]),
        Figure(name: "format-capability", files: ["format-capability.toml"]),
        Figure(name: "elicitation-versus-teaching", files: ["elicitation.toml", "teaching.toml"]),
        Figure(name: "elicitation-scale", files: ["elicitation-scale.toml", "teaching-scale.toml"]),
        Figure(name: "area", files: ["area.toml"]),
        Figure(name: "capacity", capacity: "capacity.toml", axis: .referenceEDLPerParameter),
        Figure(name: "capacity-rank", capacity: "capacity.toml", axis: .rank),
    ]

    /// The folder holding the paper's experiment files.
    public var paperFolder: String
    /// The output folder.
    public var output: String
    /// Worker threads.
    public var threads: Int
    /// The figures to make (the paper's by default).
    public var figures: [Figure]
    /// The line charts' size and font scale (the page default, or slides).
    package var size = ChartSize.page

    /// Creates a reproduction of `figures` from the files in `paperFolder` into `output`.
    public init(paperFolder: String, output: String, threads: Int, figures: [Figure] = PaperReproduction.figures) {
        self.paperFolder = paperFolder
        self.output = output
        self.threads = threads
        self.figures = figures
    }

    /// One produced figure, for the report.
    public struct Produced: Sendable {
        public var figure: Figure
        public var title: String
        public var caption: String
        public var svg: String
        public var png: String?
        public var csvs: [String]
        /// Each series' verdict on its EDL/n curve, one line each (warnings after it).
        public var verdicts: [String] = []
        public var commands: [String]
        public var parameters: [String]
    }

    /// Produces every figure and the report; checks every file before running any.
    /// - Returns: the figures produced.
    public func run(progress: ((String) -> Void)? = nil) throws -> [Produced] {
        let plans = try figures.map { figure in
            try figure.files.map { try ExperimentPlan(contentsOf: (paperFolder as NSString).appendingPathComponent($0)) }
        }
        let sweeps = try plans.map { try $0.map { try Sweep(plan: $0) } }
        try AtomicFile.makeFolder(output, for: "--output")
        var produced: [Produced] = []
        var capacityStudies: [String: CapacityStudy] = [:]
        for (figure, (figurePlans, figureSweeps)) in zip(figures, zip(plans, sweeps)) {
            progress?(figure.name)
            let first = figurePlans[0]
            let svgPath = (output as NSString).appendingPathComponent("\(figure.name).svg")
            var csvs: [String] = []
            var verdicts: [String] = []
            let commands = figure.files.map { file in
                first.figure.capacity
                    ? "edl capacity Scenarios/paper/\(file)"
                    : "edl run Scenarios/paper/\(file)" + (sweepsNeedFolder(file, figurePlans, figure) ? " --output DIR" : "")
            }
            var caption = first.figure.caption ?? ""
            if first.figure.capacity {
                let file = figure.files[0]
                let study: CapacityStudy
                if let done = capacityStudies[file] {
                    study = done
                } else {
                    study = try CapacityStudy(plan: first, readAt: first.readAt, threads: threads)
                    capacityStudies[file] = study
                }
                let csvPath = (output as NSString).appendingPathComponent("data/\((file as NSString).deletingPathExtension)/capacity.csv")
                try AtomicFile.makeFolder((csvPath as NSString).deletingLastPathComponent, for: "--output")
                try AtomicFile.write(CapacityFormatter(study: study).csv, to: csvPath)
                csvs.append(csvPath)
                var title = first.figure.title
                if figure.capacityAxis == .rank {
                    title = "Capacity against the adapter's rank: EDL(r) / EDL(r_ref) at n = \(study.readAt)"
                    caption =
                        "The cells of the previous figure against the adapter's rank r (P = r·(k + m + N)). The skill is held "
                        + "from rank 1 on (a small adapter learns it more slowly and pays more EDL than the full rank, which "
                        + "the ratio reads as capacity above 1); the table's capacity climbs with the rank up to the P* below."
                }
                var chart = CapacityCharts.chart(study, axis: figure.capacityAxis, title: title)
                chart.fontScale = size.fontScale
                try AtomicFile.write(chart.svg(width: size.width, height: size.height), to: svgPath)
                verdicts = CapacityFormatter(study: study).summaryLines
            } else if first.figure.area {
                let experiment = try Experiment(
                    scenario: figureSweeps[0].scenarios[0], grid: figureSweeps[0].grid, replicates: first.replicates,
                    seed: first.seed)
                let chart = try AreaPicture.chart(
                    of: experiment, title: first.figure.title ?? figure.name, unit: .bits, threads: threads)
                let csvPath = (output as NSString).appendingPathComponent("\(figure.name).csv")
                let expected = chart.expectedLoss ?? []
                let lines = ["i,code_length_bits,final_test_loss_bits,expected_code_length_bits"]
                    + chart.codeLengths.enumerated().map { index, length in
                        "\(index + 1),\(ResultColumns.text(length)),\(ResultColumns.text(chart.testLoss)),"
                            + (index < expected.count ? ResultColumns.text(expected[index]) : "")
                    }
                try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: csvPath)
                csvs.append(csvPath)
                var drawn = chart
                drawn.fontScale = size.fontScale
                try AtomicFile.write(drawn.svg(width: size.width, height: size.height), to: svgPath)
                // The caption's numbers come from the run drawn.
                let (above, below) = chart.examplesAboveAndBelow
                caption += String(
                    format: " This trajectory (replicate 0, seed %llu): MDL = %.3f bits, n·L_test = %.3f bits, EDL = %.3f bits; "
                        + "%d examples cost more than the final test loss and %d less. The expected curve averages %d replicates.",
                    first.seed, chart.mdl, Double(chart.codeLengths.count) * chart.testLoss, chart.edl, above, below,
                    min(first.replicates, AreaPicture.maximumReplicates))
            } else {
                var tables: [(name: String, table: ResultTable)] = []
                var request = ChartRequest()
                request.y = first.figure.y
                request.markPeaks = figurePlans.contains { $0.figure.markPeak }
                request.title = first.figure.title
                request.xLabel = first.figure.xLabel
                request.logY = first.figure.logY
                for (file, (plan, sweep)) in zip(figure.files, zip(figurePlans, figureSweeps)) {
                    let folder = (output as NSString).appendingPathComponent("data/" + (file as NSString).deletingPathExtension)
                    var results: [Int: ExperimentResult] = [:]
                    _ = try sweep.run(
                        into: folder, shard: nil, resume: false, threads: threads, replacing: true,
                        computed: { results[$0] = $1 })
                    csvs.append((folder as NSString).appendingPathComponent("results.csv"))
                    let axisNames = Set(plan.axes.map(\.name))
                    for (index, cell) in sweep.cells.enumerated() {
                        let label = cell.assignments.filter { axisNames.contains($0.name) }.map { "\($0.name)=\($0.value)" }
                        let name = label.isEmpty ? "\(plan.scenario)" : label.joined(separator: " ")
                        guard let result = results[index] else {
                            throw LabError("internal error: cell \(cell.id) of \(file) was not computed")
                        }
                        tables.append((name, try ResultTable(result: result, unit: sweep.unit)))
                        if var signature = result.signature {
                            signature.peakValue = sweep.unit.fromNats(signature.peakValue)
                            verdicts.append("\(name): " + signature.summary(unit: sweep.unit.rawValue).replacingOccurrences(of: "\n", with: "; "))
                        }
                        request.xScales[name] = plan.figure.xScale
                    }
                }
                var chart = try request.chart(tables)
                chart.fontScale = size.fontScale
                try AtomicFile.write(chart.svg(width: size.width, height: size.height), to: svgPath)
            }
            let png = PNGExport.converter != nil ? try PNGExport.convert(svgPath) : nil
            let shownTitle = first.figure.capacity && figure.capacityAxis == .rank ? "Capacity against the adapter's rank" : first.figure.title
            produced.append(
                Produced(
                    figure: figure, title: shownTitle ?? figure.name, caption: caption,
                    svg: svgPath, png: png, csvs: csvs, verdicts: verdicts, commands: commands,
                    parameters: figurePlans.map { plan in
                        "\(plan.scenario)" + (plan.learner.map { " · learner \($0)" } ?? "") + " · "
                            + plan.parameters.map { "\($0.name)=\($0.values.joined(separator: "|"))" }.joined(separator: " ")
                            + " · n \(plan.grid) · \(plan.replicates) replicates · seed \(plan.seed)"
                    }))
        }
        try writeReport(produced)
        return produced
    }

    private func sweepsNeedFolder(_ file: String, _ plans: [ExperimentPlan], _ figure: Figure) -> Bool {
        guard let index = figure.files.firstIndex(of: file) else { return false }
        return !plans[index].axes.isEmpty
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(output + "/") ? String(path.dropFirst(output.count + 1)) : path
    }

    /// Writes `index.html` and `README.md`.
    func writeReport(_ figures: [Produced]) throws {
        func html(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var page = [
            "<!doctype html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EDL Lab: the paper's toy figures</title>",
            "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:960px;margin:2em auto;line-height:1.45}"
                + "img{max-width:100%;border:1px solid #ddd}code,pre{background:#f4f4f4;padding:2px 4px}</style></head><body>",
            "<h1>EDL Lab: the paper's toy figures</h1>",
            "<p>Made by <code>edl reproduce</code>. Each figure's settings are an experiment file under "
                + "<code>Scenarios/paper/</code>; the commands below reproduce its data.</p>",
        ]
        var markdown = [
            "# EDL Lab: the paper's toy figures", "",
            "Made by `edl reproduce`. Each figure's settings are an experiment file under `Scenarios/paper/`; "
                + "the commands below reproduce its data.", "",
        ]
        for figure in figures {
            let svg = relative(figure.svg)
            page.append("<h2 id=\"\(figure.figure.name)\">\(html(figure.title))</h2>")
            page.append("<p><img src=\"\(svg)\" alt=\"\(html(figure.title))\"></p>")
            page.append("<p>\(html(figure.caption))</p>")
            if !figure.verdicts.isEmpty {
                page.append("<p>Verdicts:<br>" + figure.verdicts.map(html).joined(separator: "<br>") + "</p>")
            }
            page.append("<pre>" + figure.commands.map(html).joined(separator: "\n") + "</pre>")
            page.append("<p>Parameters: " + figure.parameters.map(html).joined(separator: "<br>") + "</p>")
            page.append("<p>Data: " + figure.csvs.map { "<a href=\"\(relative($0))\">\(relative($0))</a>" }.joined(separator: ", ") + "</p>")
            markdown += [
                "## \(figure.title)", "", "![\(figure.title)](\(svg))", "", figure.caption, "",
            ] + (figure.verdicts.isEmpty ? [] : ["Verdicts:", ""] + figure.verdicts.map { "- \($0)" } + [""]) + ["```sh"] + figure.commands + ["```", ""] + figure.parameters.map { "- \($0)" }
                + ["", "Data: " + figure.csvs.map { "[\(relative($0))](\(relative($0)))" }.joined(separator: ", "), ""]
        }
        page.append("</body></html>")
        try AtomicFile.write(page.joined(separator: "\n") + "\n", to: (output as NSString).appendingPathComponent("index.html"))
        try AtomicFile.write(markdown.joined(separator: "\n") + "\n", to: (output as NSString).appendingPathComponent("README.md"))
    }
}
