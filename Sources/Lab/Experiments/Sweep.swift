import EDL
import Foundation
import GSL
import Scenarios

/// A grid of cells run into an output folder: one CSV and JSON per cell,
/// `sweep.json` (the cells and their parameters), and — once every cell is
/// done — `cells.csv` (index and status) and a tidy `results.csv`.
///
/// Every file is written atomically. A cell's seeds depend on its own
/// parameters only, so adding values to an axis leaves the other cells'
/// numbers unchanged; `--resume` keeps every cell whose files are complete.
public struct Sweep: Sendable {
    /// One cell: its stable id and parameter assignments.
    public struct Cell: Sendable {
        public var id: String
        public var assignments: [(name: String, value: String)]
    }

    public let plan: ExperimentPlan
    public let cells: [Cell]
    public let grid: NGrid
    public let unit: InformationUnit
    public let generator: RandomGeneratorKind
    /// The parameter names in column order.
    public let parameterNames: [String]
    /// The configured scenario of each cell.
    public let scenarios: [any Scenario]

    /// Expands the plan and checks every cell before any work starts.
    /// - Throws: ``LabError`` or ``ScenarioError`` naming the problem.
    public init(plan: ExperimentPlan) throws {
        try self.init(plan: plan, memoryLimit: nil)
    }

    /// Expands the plan and checks every cell before any work starts; with
    /// `memoryLimit`, stops building cells as soon as the configurations
    /// built so far (kept for the whole sweep) hold more than it allows.
    /// - Throws: ``LabError`` or ``ScenarioError`` naming the problem.
    package init(plan: ExperimentPlan, memoryLimit: MemoryLimit?) throws {
        self.plan = plan
        grid = try NGrid(parsing: plan.grid)
        guard let unit = InformationUnit(rawValue: plan.units) else {
            throw LabError("invalid value '\(plan.units)' for units: expected one of bits, nats")
        }
        self.unit = unit
        guard let generator = RandomGeneratorKind(rawValue: plan.generator) else {
            throw LabError("invalid value '\(plan.generator)' for generator: expected one of \(RandomGeneratorKind.acceptedNames)")
        }
        self.generator = generator
        guard (1...Experiment.maximumReplicates).contains(plan.replicates) else {
            throw LabError("invalid value '\(plan.replicates)' for replicates: expected an integer in 1...\(Experiment.maximumReplicates)")
        }
        parameterNames = plan.parameters.map(\.name)
        var cells: [Cell] = []
        var scenarios: [any Scenario] = []
        var seen = Set<String>()
        var shared = 0.0
        for assignments in plan.cells {
            let scenario = try plan.makeScenario(cell: assignments)
            let text = "\(scenario.configuration.worldText)|learner=\(scenario.configuration.learner)|"
                + scenario.configuration.describedParameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            let id = String(format: "%016llx", SeedDerivation.fingerprint(text))
            guard seen.insert(id).inserted else {
                throw LabError("two cells of the sweep are the same (\(assignments.map { "\($0.name)=\($0.value)" }.joined(separator: " "))); remove the repeated axis value")
            }
            // Every cell's experiment is checked now (the learner's largest n), not when its turn comes.
            _ = try Experiment(scenario: scenario, grid: grid, replicates: plan.replicates, seed: plan.seed, generator: generator)
            cells.append(Cell(id: id, assignments: assignments))
            scenarios.append(scenario)
            if let memoryLimit {
                shared += scenario.memoryEstimate(examples: grid.largest).shared
                try memoryLimit.check(MemoryLimit.Requirement(shared: shared, perReplicate: 0, workers: 1, checkpoints: 0))
            }
        }
        self.cells = cells
        self.scenarios = scenarios
    }

    /// The cells shard `index` (1-based) of `count` runs: every count-th cell.
    public func cells(shard index: Int, of count: Int) -> [Int] {
        cells.indices.filter { $0 % count == index - 1 }
    }

    /// The work in examples: over the cells, replicates × each replicate's
    /// examples (largest n, and a gradient learner's extra epochs; a Double:
    /// the product of input sizes can exceed Int's range).
    public var work: Double { work(of: Array(cells.indices)) }

    /// The work of the cells at `indices`, in examples.
    func work(of indices: [Int]) -> Double {
        indices.reduce(0) { total, index in
            total + Double(plan.replicates) * scenarios[index].work(grid: grid.points)
        }
    }

    /// The estimated peak memory of the sweep with `threads` workers per cell:
    /// every cell's configuration is built at the start and kept, and the
    /// cells run one after the other, so the largest cell's run counts once.
    /// - Throws: ``LabError`` if a cell's experiment cannot be made.
    package func memory(threads: Int) throws -> MemoryLimit.Requirement {
        var total: MemoryLimit.Requirement?
        for scenario in scenarios {
            let experiment = try Experiment(
                scenario: scenario, grid: grid, replicates: plan.replicates, seed: plan.seed, generator: generator)
            let cell = MemoryLimit.estimate(experiment, threads: threads)
            total = total.map { $0.sequenced(with: cell) } ?? cell
        }
        return total ?? MemoryLimit.Requirement(shared: 0, perReplicate: 0, workers: 1, checkpoints: 0)
    }

    /// A listing of the cells and the work, for `--dry-run`.
    public func describe(shard: (index: Int, count: Int)?) -> String {
        let chosen = shard.map { cells(shard: $0.index, of: $0.count) } ?? Array(cells.indices)
        var lines = chosen.map { index in
            "\(cells[index].id)  " + cells[index].assignments.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        lines.append(
            "\(chosen.count) of \(cells.count) cells × \(plan.replicates) replicates × n up to \(grid.largest) "
                + "= " + Self.count(work(of: chosen)) + " "
                + (work(of: chosen) > Double(chosen.count) * Double(plan.replicates) * Double(grid.largest)
                    ? "steps (extra epochs, and a step per rule a posterior keeps, included)" : "examples"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A count as an integer while it is exact, else in scientific notation.
    static func count(_ value: Double) -> String {
        value < 9e15 ? String(Int64(value)) : String(format: "%.3e", value)
    }

    // MARK: Files

    package static func cellPath(_ folder: String, _ id: String, _ ext: String) -> String {
        (folder as NSString).appendingPathComponent("cells/\(id).\(ext)")
    }

    /// Whether a cell's files exist and hold a complete result made with
    /// everything that determines its numbers: this grid, replicate count,
    /// seed, generator, units, tool version and the cell's own parameters.
    public func isComplete(_ index: Int, in folder: String) -> Bool {
        cellDifference(index, in: folder) == nil
    }

    /// Why a cell's files do not hold this sweep's result for it (missing,
    /// or made with other settings), in words; nil when they do.
    public func cellDifference(_ index: Int, in folder: String) -> String? {
        let id = cells[index].id
        guard let data = FileManager.default.contents(atPath: Self.cellPath(folder, id, "json")),
            let manifest = try? RunManifest.read(document: data, source: id),
            let table = try? ResultTable(contentsOf: Self.cellPath(folder, id, "csv")),
            let n = table.columns["n"], let replicates = table.columns["replicates"]
        else { return "missing" }
        var differences: [String] = []
        func compare(_ name: String, _ stored: String, _ wanted: String) {
            if stored != wanted { differences.append("\(name) \(stored) (files) vs \(wanted) (this sweep)") }
        }
        compare("seed", String(manifest.seed), String(plan.seed))
        compare("generator", manifest.generator, generator.rawValue)
        compare("units", manifest.units, unit.rawValue)
        compare("replicates", String(manifest.replicates), String(plan.replicates))
        compare("tool version", manifest.version, ToolVersion.current)
        if n.compactMap({ $0.map(Int.init) }) != grid.points || !replicates.allSatisfy({ $0 == Double(plan.replicates) }) {
            differences.append("the grid or replicates of its rows")
        }
        for (name, value) in RunManifest.parameters(of: scenarios[index].configuration).sorted(by: { $0.key < $1.key })
        where manifest.parameters[name] != value {
            differences.append("\(name) \(manifest.parameters[name]?.description ?? "unset") (files) vs \(value) (this sweep)")
        }
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }

    /// How the sweep recorded in `folder`'s sweep.json differs from this one
    /// in what determines every cell's numbers; nil when it does not (or
    /// there is none).
    /// - Throws: ``LabError`` when sweep.json exists but cannot be read.
    public func settingsDifference(inFolder folder: String) throws -> String? {
        let path = (folder as NSString).appendingPathComponent("sweep.json")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let stored = try SweepManifest.read(folder: folder)
        var differences: [String] = []
        func compare(_ name: String, _ old: String, _ new: String) {
            if old != new { differences.append("\(name) \(old) (folder) vs \(new) (this run)") }
        }
        compare("scenario", stored.scenario, plan.scenario)
        compare("learner", stored.learner.isEmpty ? "default" : stored.learner, plan.learner ?? "default")
        compare("grid", stored.grid, plan.grid)
        compare("replicates", String(stored.replicates), String(plan.replicates))
        compare("seed", String(stored.seed), String(plan.seed))
        compare("units", stored.units, plan.units)
        compare("generator", stored.generator ?? "unrecorded", generator.rawValue)
        compare("tool version", stored.version, ToolVersion.current)
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }

    /// Runs the chosen cells (all, or a shard), skipping complete ones when
    /// resuming, then writes the index and results if every cell is done.
    /// - Parameter computed: called with each cell's index and result as it
    ///   is computed (not for cells skipped on resume), for callers that draw
    ///   from the results in memory.
    /// - Returns: the number of cells run.
    /// - Parameter replacing: whether a folder holding a sweep made with
    ///   other settings may be overwritten (`edl reproduce`, which owns its
    ///   output); otherwise such a folder is refused before any work.
    /// - Throws: ``LabError`` naming the settings in which the folder's sweep differs.
    public func run(
        into folder: String, shard: (index: Int, count: Int)?, resume: Bool, threads: Int, replacing: Bool = false,
        progress: (@Sendable (_ cellsDone: Int, _ cells: Int) -> Void)? = nil,
        computed: ((_ cell: Int, _ result: ExperimentResult) -> Void)? = nil
    ) throws -> Int {
        if !replacing, let difference = try settingsDifference(inFolder: folder) {
            throw LabError(
                "'\(folder)' holds a sweep made with other settings (\(difference)); run with the same settings to "
                    + "resume or add shards, or choose another --output")
        }
        let cellFolder = (folder as NSString).appendingPathComponent("cells")
        try AtomicFile.makeFolder(cellFolder, for: "--output")
        AtomicFile.removeStaleTemporaries(in: folder)
        AtomicFile.removeStaleTemporaries(in: cellFolder)
        try AtomicFile.write(manifest(), to: (folder as NSString).appendingPathComponent("sweep.json"))
        let chosen = shard.map { cells(shard: $0.index, of: $0.count) } ?? Array(cells.indices)
        var ran = 0
        for (position, index) in chosen.enumerated() {
            if resume, isComplete(index, in: folder) { continue }
            let experiment = try Experiment(
                scenario: scenarios[index], grid: grid, replicates: plan.replicates, seed: plan.seed, generator: generator)
            let result = try ExperimentRunner(threads: threads).run(experiment)
            let formatter = ResultFormatter(unit: unit)
            // JSON first, CSV last: a cell counts as complete only once its CSV is in place.
            try AtomicFile.write(try formatter.render(result, as: .json), to: Self.cellPath(folder, cells[index].id, "json"))
            try AtomicFile.write(try formatter.render(result, as: .csv), to: Self.cellPath(folder, cells[index].id, "csv"))
            computed?(index, result)
            ran += 1
            progress?(position + 1, chosen.count)
        }
        if cells.indices.allSatisfy({ isComplete($0, in: folder) }) {
            try writeIndexAndResults(in: folder)
        }
        return ran
    }

    /// `sweep.json`: the plan and every cell's id and parameters.
    func manifest() throws -> String {
        try SweepManifest(
            version: ToolVersion.current, scenario: plan.scenario, learner: plan.learner ?? "", grid: plan.grid,
            replicates: plan.replicates, seed: plan.seed, units: plan.units, generator: generator.rawValue,
            cells: cells.map { cell in
                SweepManifest.Cell(
                    id: cell.id, order: cell.assignments.map(\.name),
                    parameters: Dictionary(cell.assignments.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }))
            }
        ).jsonText()
    }

    /// Writes `cells.csv` and the tidy `results.csv` from the cell files.
    ///
    /// `cells.csv` has one row per cell: its id, parameters and status, then
    /// the signature of its EDL/n curve (`signature`, `peak_n`, `peak_n_low`,
    /// `peak_n_high`, and the peak value `peak_edl_per_sample_bits` or
    /// `_nats`), empty for a missing cell. `results.csv` has one row per cell
    /// and n, with the same signature columns (but the peak value) repeated
    /// on every row of a cell.
    /// - Throws: ``LabError`` if a cell is missing (for `edl aggregate`).
    public func writeIndexAndResults(in folder: String) throws {
        let perSample = "edl_per_sample" + unit.suffix
        var columns: [String] = []
        var tables: [ResultTable?] = []
        var signatures: [Signature?] = []
        for (position, cell) in cells.enumerated() {
            let table = isComplete(position, in: folder) ? try ResultTable(contentsOf: Self.cellPath(folder, cell.id, "csv")) : nil
            for name in table?.names ?? [] where !columns.contains(name) { columns.append(name) }
            tables.append(table)
            signatures.append(table.flatMap { Self.signature(of: $0, column: perSample) })
        }
        let signatureColumns = ["signature", "peak_n", "peak_n_low", "peak_n_high"]
        func signatureText(_ signature: Signature?) -> [String] {
            guard let signature else { return ["", "", "", ""] }
            return [
                signature.kind.rawValue, String(signature.peakN), String(signature.peakInterval.lowerBound),
                String(signature.peakInterval.upperBound),
            ]
        }
        var index = [
            "cell,"
                + (parameterNames + ["status"] + signatureColumns + ["peak_" + perSample, "window_first_n", "window_last_n", "warnings"])
                .joined(separator: ",")
        ]
        for (cell, (table, signature)) in zip(cells, zip(tables, signatures)) {
            let window = signature.map { [String($0.window.lowerBound), String($0.window.upperBound)] } ?? ["", ""]
            let warnings = signature.map { $0.warnings.map(\.code).joined(separator: ";") } ?? ""
            index.append(
                ([cell.id] + values(of: cell) + [table == nil ? "missing" : "done"] + signatureText(signature)
                    + [signature.map { ResultColumns.text($0.peakValue) } ?? ""] + window + [warnings])
                    .joined(separator: ","))
        }
        try AtomicFile.write(index.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent("cells.csv"))
        // A cell whose files were made with other settings is named with the difference.
        for position in cells.indices where tables[position] == nil {
            if let difference = cellDifference(position, in: folder), difference != "missing" {
                throw LabError("cell \(cells[position].id) in '\(folder)' was made with other settings (\(difference)); rerun it with edl sweep --resume")
            }
        }
        let missing = zip(cells, tables).filter { $0.1 == nil }.map(\.0.id)
        guard missing.isEmpty else {
            throw LabError("\(missing.count) of \(cells.count) cells are missing in '\(folder)' (first: \(missing[0])); run the remaining shards or edl sweep --resume")
        }
        var lines = ["cell," + (parameterNames + columns + signatureColumns).joined(separator: ",")]
        for (cell, (table, signature)) in zip(cells, zip(tables, signatures)) {
            guard let table else { continue }
            let prefix = [cell.id] + values(of: cell)
            let suffix = signatureText(signature)
            for row in 0..<table.rowCount {
                let cellsText = columns.map { name in table.columns[name]?[row].map(ResultColumns.text) ?? "" }
                lines.append((prefix + cellsText + suffix).joined(separator: ","))
            }
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent("results.csv"))
    }

    /// A cell's parameter values in ``parameterNames`` order, as CSV fields.
    private func values(of cell: Cell) -> [String] {
        parameterNames.map { name in Self.csvField(cell.assignments.first { $0.name == name }?.value ?? "") }
    }

    /// The signature of a cell's EDL/n curve (the column `perSample`).
    private static func signature(of table: ResultTable, column perSample: String) -> Signature? {
        guard let n = table.columns["n"], let means = table.columns[perSample] else { return nil }
        let unit = perSample.hasSuffix("_nats") ? "_nats" : "_bits"
        var learning: Signature.Learning?
        if let loss = table.columns["test_loss" + unit], let gain = table.columns["generalization_gain" + unit],
            let firstLoss = loss.first ?? nil, let firstGain = gain.first ?? nil
        {
            learning = Signature.Learning(
                initialLoss: firstLoss + firstGain, testLoss: loss.map { $0 ?? 0 },
                testLossErrors: table.columns["test_loss" + unit + "_se"] ?? Array(repeating: nil, count: table.rowCount))
        }
        return Signature(
            n: n.map { Int($0 ?? 0) }, means: means.map { $0 ?? 0 },
            standardErrors: table.columns[perSample + "_se"] ?? Array(repeating: nil, count: table.rowCount),
            learning: learning)
    }

    /// A CSV field, quoted when it holds a comma or a quote.
    static func csvField(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
