import EDL
import Foundation
import Scenarios

/// The most memory a command starts without being asked, and the estimate it
/// is checked against before any work: so that a configuration that would
/// need more memory than the machine has is refused at once with the
/// estimate, instead of swapping or being killed halfway.
package struct MemoryLimit: Sendable {
    /// The default limit: 8 GiB (a third of a 24 GiB workstation).
    package static let defaultBytes = 8.0 * 1024 * 1024 * 1024

    /// The process itself before any run (measured: 18 MiB resident for
    /// `edl run` of a 10-point grid in the release build, 26 MiB in the
    /// debug build the tests run, which links the Swift runtime dynamically).
    package static let processBytes = 28.0 * 1024 * 1024

    /// What the table format holds per grid point: a string per cell of
    /// every row (its columns are aligned over all rows), and the text.
    /// CSV and JSON are written in pieces of 4096 rows and hold none.
    /// (Measured: ~0.6 KiB per point beyond the moments in the release
    /// build, up to ~0.9 KiB in the debug build the tests run.)
    static let tableBytesPerPoint = 1000.0

    /// What JSON holds per grid point: the manifest lists the grid, as a
    /// document tree and as text (measured: ~50 bytes per point).
    static let manifestBytesPerPoint = 100.0

    /// What a chart of the run holds per cell (the number, and its text as
    /// the CSV writes it, in the in-memory table the chart is drawn from), bytes.
    static let chartBytesPerCell = 80.0

    /// What the allocator adds to the structures counted: its bookkeeping,
    /// rounding and fragmentation (the estimates of single structures came
    /// within 1–3 % of measured peaks, so 10 % keeps them above).
    package static let allocatorSlack = 1.1

    /// The limit in bytes.
    package var bytes: Double

    /// The default limit, or `--max-memory TEXT`: a number of bytes with an
    /// optional binary unit (`KiB`, `MiB`, `GiB`, `TiB`, or `K`, `M`, `G`, `T`).
    /// - Throws: ``LabError`` for text that is not a positive size.
    package init(parsing text: String?) throws {
        guard let text else {
            bytes = Self.defaultBytes
            return
        }
        let units: [(suffix: String, scale: Double)] = [
            ("KiB", 0x1p10), ("MiB", 0x1p20), ("GiB", 0x1p30), ("TiB", 0x1p40),
            ("K", 0x1p10), ("M", 0x1p20), ("G", 0x1p30), ("T", 0x1p40), ("B", 1), ("", 1),
        ]
        let unit = units.first { text.hasSuffix($0.suffix) }!
        let number = String(text.dropLast(unit.suffix.count))
        guard let value = ParameterSpec.decimal(number), value > 0, (value * unit.scale).isFinite else {
            throw LabError(
                "invalid value '\(text)' for --max-memory: expected a positive size in bytes, optionally with a unit "
                    + "KiB, MiB, GiB or TiB (K, M, G, T), e.g. 16GiB")
        }
        bytes = value * unit.scale
    }

    /// The estimated peak of one run of `experiment` with `threads` workers,
    /// written as `format` (and drawn, with `charts`): the process, what the
    /// configuration shares, one replicate per busy worker, the running
    /// moments of the total and of the chunks in flight (the first chunk
    /// becomes the total), the replicate records of a spread chunk, and the
    /// table format's text (CSV and JSON are written in pieces as they are
    /// made, and the rows are built one at a time as they are written).
    package static func estimate(
        _ experiment: Experiment, threads: Int, format: OutputFormat = .csv, charts: Bool = false
    ) -> Requirement {
        let scenario = experiment.scenario
        let memory = scenario.memoryEstimate(examples: experiment.grid.largest)
        let chunks = (experiment.replicates + ExperimentRunner.chunkSize - 1) / ExperimentRunner.chunkSize
        let spreads = ExperimentRunner.spreadsReplicates(experiment, threads: threads)
        // Spread chunks run one replicate per thread and hold up to 2 × threads records.
        let workers = spreads ? max(1, min(threads, experiment.replicates)) : max(1, min(threads, chunks))
        let points = Double(experiment.grid.points.count)
        let records = spreads ? Double(2 * threads) * points * Double(ReplicateRecord.bytesPerCheckpoint) : 0
        let parts = scenario.partNames.count > 1 ? scenario.partNames.count : 0
        let series = Double(ResultSchema.Measure.count + scenario.metrics.count + 2 * parts)
        // The grid, the theory's curves, and the moments' arrays.
        let moments = points * (series * Double(MemoryLayout<RunningMoments>.stride) + 128)
        // Held at once: the total and the chunks in flight, or a lone chunk that becomes the total.
        let summaries = chunks == 1 ? 1.0 : Double(min(workers, chunks) + 1)
        // Every series has a mean and a standard error; the theory adds up to eight columns.
        let cells = 2 * series + 8
        var output = points * (format == .table ? tableBytesPerPoint : format == .json ? manifestBytesPerPoint : 0)
        if charts { output += points * cells * chartBytesPerCell }
        return Requirement(
            shared: memory.shared, perReplicate: memory.perReplicate, workers: workers,
            checkpoints: summaries * moments + output + records)
    }

    /// Refuses `requirement` above the limit.
    /// - Throws: ``LabError`` giving the estimate, its parts, the limit and the option that lifts it.
    package func check(_ requirement: Requirement) throws {
        let total = requirement.total
        guard total <= bytes else {
            throw LabError(
                "the run would hold about \(Self.format(total)) of memory (\(requirement.breakdown)), above the limit of "
                    + "\(Self.format(bytes)); ask for a smaller configuration, fewer --threads or a smaller n, or lift the "
                    + "limit with --max-memory \(Self.format(total, roundingUp: true))")
        }
    }

    /// `bytes` in the largest binary unit that keeps a number ≥ 1, three significant digits.
    package static func format(_ bytes: Double, roundingUp: Bool = false) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        if roundingUp {
            let step = value >= 100 ? 1.0 : value >= 10 ? 0.1 : 0.01
            value = (value / step).rounded(.up) * step
        }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        let text = String(format: "%.\(digits)f", value)
        return text + units[index]
    }

    /// An estimate of a run's peak memory, in bytes, by part.
    package struct Requirement: Sendable {
        /// Built once for the configuration (and, in a sweep, for every cell).
        package var shared: Double
        /// One replicate's world and learner.
        package var perReplicate: Double
        /// Replicates held at once (one per busy worker thread).
        package var workers: Int
        /// Running moments, result rows and output text of the grid points.
        package var checkpoints: Double

        /// Everything, the process included.
        package var total: Double {
            MemoryLimit.processBytes + MemoryLimit.allocatorSlack * (shared + Double(workers) * perReplicate + checkpoints)
        }

        /// The parts in words.
        var breakdown: String {
            var parts: [String] = []
            if perReplicate > 0 {
                parts.append("\(MemoryLimit.format(perReplicate)) per replicate × \(workers) thread\(workers == 1 ? "" : "s")")
            }
            if shared >= 1024 * 1024 || (parts.isEmpty && shared > 0) { parts.append("\(MemoryLimit.format(shared)) shared") }
            if checkpoints >= 1024 * 1024 { parts.append("\(MemoryLimit.format(checkpoints)) for the grid's points") }
            return parts.isEmpty ? "the process itself" : parts.joined(separator: " + ")
        }

        /// The larger of two runs made one after the other, holding both shared parts.
        package func sequenced(with other: Requirement) -> Requirement {
            let largest = Double(workers) * perReplicate + checkpoints >= Double(other.workers) * other.perReplicate + other.checkpoints
                ? self : other
            return Requirement(
                shared: shared + other.shared, perReplicate: largest.perReplicate, workers: largest.workers,
                checkpoints: largest.checkpoints)
        }
    }
}
