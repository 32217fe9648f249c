import ArgumentParser
import EDL
import Foundation
import GSL
import Lab
import Scenarios

/// `edl run SCENARIO`: replicates of one scenario and learner over an n-grid.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run replicates of one scenario and learner over an n-grid and report MDL, test loss and EDL.")

    @OptionGroup var options: PlanOptions

    @Option(parsing: .unconditional, help: "Output format: csv, json or table (default).")
    var format: String?

    @Option(parsing: .unconditional, help: "Worker threads (≥ 1); the output does not depend on it. Default: all cores.")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    @Option(parsing: .unconditional, help: "Also draw EDL/n against n (±2 SE band, theory dashed) to this SVG file.")
    var plot: String?

    @Flag(help: "With --plot, also write a PNG beside the SVG (needs rsvg-convert on the PATH).")
    var png = false

    @OptionGroup(title: "Chart size (for --plot and --area)") var sizeOptions: ChartSizeOptions

    @Option(parsing: .unconditional,
        help: """
            Also draw the area picture to this SVG file: replicate 0's first-pass code length of every example, \
            its final test loss, and the expected code length E[L(θ_{i−1})] over up to 1000 replicates (n ≤ 10000).
            """)
    var area: String?

    func run() throws {
        var plan = try options.plan(splittingLists: true)
        let scenario = options.target
        plan.format = format ?? plan.format
        if let first = plan.axes.first {
            // A grid runs as a sweep when there is a folder to put it in.
            guard let folder = plan.output else {
                throw LabError(
                    "\(scenario) asks for a grid (\(first.name) has \(first.values.count) values: "
                        + "\(first.values.joined(separator: ","))); run it with edl sweep, or give --output DIR")
            }
            guard let threadCount = Int(threads), threadCount >= 1 else {
                throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
            }
            let sweep = try Sweep(plan: plan, memoryLimit: MemoryLimit(parsing: options.maxMemory))
            try options.checkWork(examples: sweep.work)
            try options.checkMemory(sweep.memory(threads: threadCount))
            _ = try sweep.run(into: folder, shard: nil, resume: false, threads: threadCount)
            return
        }
        let unit = try choice(plan.units, option: "--units", as: InformationUnit.self)
        let outputFormat = try choice(plan.format ?? "table", option: "--format", as: OutputFormat.self)
        let generatorKind = try choice(plan.generator, option: "--generator", as: RandomGeneratorKind.self)
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        if let plot, !plot.hasSuffix(".svg") {
            throw LabError("invalid value '\(plot)' for --plot: expected a file name ending in .svg")
        }
        if let area, !area.hasSuffix(".svg") {
            throw LabError("invalid value '\(area)' for --area: expected a file name ending in .svg")
        }
        // A file's `output` names a folder for grids; a single cell goes to
        // standard output unless --output FILE is given.
        let size = try sizeOptions.size()
        let outputFile = options.output
        var files = OutputPlan()
        if options.target.hasSuffix(".toml") { files.read("the experiment file", options.target) }
        files.write("--output", outputFile)
        files.write("--plot", plot)
        if png, let plot { files.write("--png", String(plot.dropLast(4)) + ".png") }
        files.write("--area", area)
        try files.check()
        if png, plot != nil { try PNGExport.checkAvailable() }
        let configured = try plan.makeScenario(cell: plan.cells[0])
        let experiment = try Experiment(
            scenario: configured, grid: NGrid(parsing: plan.grid), replicates: plan.replicates, seed: plan.seed,
            generator: generatorKind)

        if area != nil, experiment.grid.largest > AreaPicture.maximumExamples {
            throw LabError(
                "--area draws one bar per example and takes n ≤ \(AreaPicture.maximumExamples); the grid's largest n is \(experiment.grid.largest)")
        }
        try options.checkWork(
            examples: Double(experiment.replicates)
                * configured.work(grid: experiment.grid.points))
        try options.checkMemory(
            MemoryLimit.estimate(experiment, threads: threadCount, format: outputFormat, charts: plot != nil))
        let runner = ExperimentRunner(threads: threadCount, progress: Self.progressReporter())
        let result = try runner.run(experiment)
        if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        // Checked before anything is written; the text is then written as it is made.
        let formatter = ResultFormatter(unit: unit)
        try formatter.check(result)
        var chart: String?
        if plot != nil {
            var request = ChartRequest()
            let configuration = result.configuration
            request.title = "\(configuration.scenario), learner \(configuration.learner): EDL/n against n"
            request.markPeaks = true
            var drawn = try request.chart([(configuration.learner, ResultTable(result: result, unit: unit))])
            drawn.fontScale = size.fontScale
            chart = drawn.svg(width: size.width, height: size.height)
        }
        // Every file is made before any is written: all of them or none.
        var batch = FileBatch()
        if let path = outputFile {
            batch.add(to: path) { write in try formatter.write(result, as: outputFormat, to: write) }
        }
        if let plot, let chart {
            batch.add(chart, to: plot)
            if png { batch.add(try PNGExport.png(of: chart), to: String(plot.dropLast(4)) + ".png") }
        }
        if let area {
            let configuration = result.configuration
            let picture = try AreaPicture.chart(
                of: experiment, title: "\(configuration.scenario), learner \(configuration.learner): the area of EDL",
                unit: unit, threads: threadCount)
            var drawn = picture
            drawn.fontScale = size.fontScale
            batch.add(drawn.svg(width: size.width, height: size.height), to: area)
        }
        try batch.commit()
        if outputFile == nil {
            try AtomicFile.writeToStandardOutput { write in try formatter.write(result, as: outputFormat, to: write) }
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ text: String, option: String, as type: Choice.Type
    ) throws -> Choice where Choice.RawValue == String {
        guard let value = Choice(rawValue: text) else {
            let accepted = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw LabError("invalid value '\(text)' for \(option): expected one of \(accepted)")
        }
        return value
    }

    static func assignment(_ text: String) throws -> (name: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw LabError("invalid --set '\(text)': expected KEY=VALUE, e.g. --set k=10")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// Progress on standard error when it is a terminal; silent otherwise.
    static func progressReporter() -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { done, total in
            FileHandle.standardError.write(Data("\rreplicates \(done)/\(total)".utf8))
        }
    }
}
