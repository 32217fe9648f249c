import ArgumentParser
import Foundation
import Lab

/// `edl capacity FILE.toml`: the capacity signature of a rank sweep.
struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Sweep an adapter's rank with the data fixed and read capacity, PGR, the threshold P* and EDL_ref/P*.",
        discussion: """
            The cells are grouped by every setting but rank (e.g. by task); each group's largest rank is its \
            reference. capacity = EDL(r)/EDL(r_ref); PGR = (L(θ₀) − L_r)/(L(θ₀) − L_ref); P* is the smallest \
            parameter count from which every larger one keeps capacity ≥ 0.95. Example: \
            edl capacity Scenarios/paper/capacity.toml
            """)

    @OptionGroup var options: PlanOptions

    @Option(parsing: .unconditional, help: "The n at which capacity is read (an n of the grid; default: a file's read_at, else the largest n).")
    var at: Int?

    @Option(parsing: .unconditional, help: "Output format: table (default: the rows at the read n and the summary) or csv (every rank and n).")
    var format: String?

    @Option(parsing: .unconditional, help: "Also draw capacity against EDL_ref/P (log axis, the 0.95 line, P* marked) to this SVG file.")
    var plot: String?

    @Option(parsing: .unconditional, help: "Also draw capacity against the adapter's rank to this SVG file.")
    var plotRank: String?

    @OptionGroup(title: "Chart size (for --plot and --plot-rank)") var sizeOptions: ChartSizeOptions

    @Option(parsing: .unconditional, help: "Worker threads (≥ 1); the output does not depend on it. Default: all cores.")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    /// Cells done, on standard error when it is a terminal.
    static func progressReporter() -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { done, total in FileHandle.standardError.write(Data("\rcells \(done)/\(total)".utf8)) }
    }

    func run() throws {
        let plan = try options.plan(splittingLists: true)
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        let format = format ?? "table"
        guard ["table", "csv"].contains(format) else {
            throw LabError("invalid value '\(format)' for --format: expected one of table, csv")
        }
        for (option, path) in [("--plot", plot), ("--plot-rank", plotRank)] {
            if let path, !path.hasSuffix(".svg") {
                throw LabError("invalid value '\(path)' for \(option): expected a file name ending in .svg")
            }
        }
        let size = try sizeOptions.size()
        let sweep = try Sweep(plan: plan, memoryLimit: MemoryLimit(parsing: options.maxMemory))
        try options.checkWork(examples: sweep.work)
        try options.checkMemory(sweep.memory(threads: threadCount))
        var files = OutputPlan()
        if options.target.hasSuffix(".toml") { files.read("the experiment file", options.target) }
        files.write("--output", plan.output)
        files.write("--plot", plot)
        files.write("--plot-rank", plotRank)
        try files.check()
        let progress = Self.progressReporter()
        let study = try CapacityStudy(plan: plan, readAt: at ?? plan.readAt, threads: threadCount, progress: progress)
        if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let formatter = CapacityFormatter(study: study)
        let text = format == "csv" ? formatter.csv : formatter.table
        var batch = FileBatch()
        if let path = plan.output { batch.add(text, to: path) }
        for (path, axis) in [(plot, CapacityCharts.Axis.referenceEDLPerParameter), (plotRank, .rank)] {
            guard let path else { continue }
            var chart = CapacityCharts.chart(study, axis: axis, title: nil)
            chart.fontScale = size.fontScale
            batch.add(chart.svg(width: size.width, height: size.height), to: path)
        }
        try batch.commit()
        if plan.output == nil { try AtomicFile.writeToStandardOutput(text) }
    }
}
