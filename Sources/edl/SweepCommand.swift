import ArgumentParser
import Dispatch
import Foundation
import Lab

/// `edl sweep FILE.toml`: every cell of a parameter grid into an output folder.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every cell of a parameter grid (list values in the file or --set K=10,100,1000) into a folder.")

    @OptionGroup var options: PlanOptions

    @Option(parsing: .unconditional, help: "Run shard I of N (1-based), e.g. 2/3; default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT.")
    var shard: String?

    @Flag(help: "Skip cells whose outputs are complete; redo the rest.")
    var resume = false

    @Flag(help: "List the cells and the work without running.")
    var dryRun = false

    @Option(parsing: .unconditional, help: "Worker threads per cell (default: all cores).")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    func run() throws {
        let plan = try options.plan(splittingLists: true)
        let sweep = try Sweep(plan: plan, memoryLimit: MemoryLimit(parsing: options.maxMemory))
        let chosenShard = try Self.shard(shard, environment: ProcessInfo.processInfo.environment)
        if dryRun {
            FileHandle.standardOutput.write(Data(sweep.describe(shard: chosenShard).utf8))
            return
        }
        try options.checkWork(examples: sweep.work)
        guard let folder = plan.output else {
            throw LabError("edl sweep needs an output folder: give --output DIR or output = \"DIR\" in the file")
        }
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        try options.checkMemory(sweep.memory(threads: threadCount))
        let progress = isatty(STDERR_FILENO) != 0 ? Self.progressReporter(replicates: plan.replicates) : nil
        _ = try sweep.run(into: folder, shard: chosenShard, resume: resume, threads: threadCount, progress: progress)
        if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if chosenShard != nil {
            FileHandle.standardError.write(Data("edl: shard done; when every shard has run: edl aggregate \(folder)\n".utf8))
        }
    }

    /// A progress line on standard error: cells done, replicates, elapsed, ETA.
    static func progressReporter(replicates: Int) -> @Sendable (Int, Int) -> Void {
        let start = DispatchTime.now().uptimeNanoseconds
        return { done, total in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            let line = String(
                format: "\rcells %d/%d · %d replicates each · elapsed %.0f s · ETA %.0f s\u{1B}[K", done, total, replicates,
                elapsed, eta)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// The shard from `--shard I/N`, or from SLURM's array variables.
    static func shard(_ text: String?, environment: [String: String]) throws -> (index: Int, count: Int)? {
        if let text {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
            else {
                throw LabError("invalid value '\(text)' for --shard: expected I/N with 1 ≤ I ≤ N, e.g. 2/3")
            }
            return (index, count)
        }
        if let taskText = environment["SLURM_ARRAY_TASK_ID"] {
            // Set by SLURM for an array job: every variable must make sense, or nothing runs.
            func integer(_ name: String, _ text: String?, default fallback: Int? = nil) throws -> Int {
                guard let text else {
                    if let fallback { return fallback }
                    throw LabError("SLURM_ARRAY_TASK_ID is set but \(name) is not; give --shard I/N")
                }
                guard let value = Int(text) else {
                    throw LabError("invalid value '\(text)' for \(name): expected an integer (or give --shard I/N)")
                }
                return value
            }
            let task = try integer("SLURM_ARRAY_TASK_ID", taskText)
            let count = try integer("SLURM_ARRAY_TASK_COUNT", environment["SLURM_ARRAY_TASK_COUNT"])
            guard count >= 1 else {
                throw LabError("invalid value '\(count)' for SLURM_ARRAY_TASK_COUNT: expected at least 1 (or give --shard I/N)")
            }
            // SLURM array indices usually start at 0 (--array=0-(N-1)); shards are 1-based.
            let minimum = try integer("SLURM_ARRAY_TASK_MIN", environment["SLURM_ARRAY_TASK_MIN"], default: 0)
            let (offset, overflow) = task.subtractingReportingOverflow(minimum)
            guard !overflow, (0..<count).contains(offset) else {
                throw LabError("SLURM_ARRAY_TASK_ID=\(task) lies outside the \(count) tasks starting at \(minimum)")
            }
            let index = offset + 1
            return (index, count)
        }
        return nil
    }
}

/// `edl aggregate DIR`: merge the shards of a sweep into cells.csv and results.csv.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate", abstract: "Merge a sweep's shard outputs into cells.csv and results.csv.")

    @Argument(help: "The sweep's output folder.")
    var folder: String

    func run() throws {
        let sweep = try Sweep(plan: ExperimentPlan(sweepFolder: folder))
        try sweep.writeIndexAndResults(in: folder)
    }
}
