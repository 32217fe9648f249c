import EDL
import Foundation
import Scenarios
import Synchronization

/// The capacity signature: a sweep over adapter rank with the data fixed,
/// read as capacity = EDL(r)/EDL(r_ref) and PGR = gain(r)/gain(r_ref) (the
/// generalisation gain L(θ₀) − L_test), with the threshold P\* — the
/// smallest parameter count from which every larger one keeps capacity ≥ 0.95
/// — and EDL_ref/P\* in bits (or nats) per trainable parameter.
///
/// The cells of a plan are grouped by every setting but `rank` (for the
/// capacity scenario: by task); each group's reference is its largest rank.
public struct CapacityStudy: Sendable {
    /// The threshold on capacity and PGR.
    public static let threshold = 0.95

    /// One cell at one n.
    public struct Row: Sendable {
        /// The group's settings, e.g. `task=teaching`.
        public var group: [(name: String, value: String)]
        /// The adapter's rank.
        public var rank: Int
        /// P: the adapter's trainable parameters.
        public var parameterCount: Int
        /// The number of training examples.
        public var n: Int
        /// EDL, in the study's unit.
        public var edl: Estimate
        /// EDL/P, unit per parameter.
        public var edlPerParameter: Estimate
        /// EDL_ref/P: the reference's EDL per parameter of this adapter.
        public var referenceEDLPerParameter: Double
        /// EDL(r)/EDL(r_ref), with a delta-method SE treating the two cells as independent.
        public var capacity: Estimate?
        /// (L(θ₀) − L_r)/(L(θ₀) − L_ref), with its SE the same way.
        public var pgr: Estimate?
        /// The final test loss, unit per example.
        public var testLoss: Estimate
        /// The scenario's `accuracy` metric where it has one.
        public var accuracy: Estimate?
    }

    /// One group's reading at the study's n.
    public struct Summary: Sendable {
        /// The group's settings.
        public var group: [(name: String, value: String)]
        /// The reference (largest) rank and its parameter count.
        public var referenceRank: Int
        public var referenceParameters: Int
        /// EDL at the reference rank.
        public var referenceEDL: Estimate
        /// The threshold by capacity: (rank, P), nil if even the reference is below (never: its capacity is 1).
        public var threshold: (rank: Int, parameters: Int)?
        /// The threshold by PGR.
        public var thresholdByPGR: (rank: Int, parameters: Int)?
        /// EDL_ref/P\*, unit per parameter.
        public var referenceEDLPerThreshold: Double?
        /// The information the task's target carries, bits, where the scenario knows it.
        public var targetInformationBits: Double?
        /// The EDL/n verdict of the reference rank over the grid.
        public var signature: Signature?
    }

    /// The plan's cells, their results, and the reading.
    public let rows: [Row]
    public let summaries: [Summary]
    /// The n at which capacity is read.
    public let readAt: Int
    /// The unit of every information column.
    public let unit: InformationUnit
    /// The plan it ran.
    public let plan: ExperimentPlan

    /// Runs every cell of `plan` (which needs a `rank` axis of at least two
    /// values) and reads capacity at `readAt` (default: the largest n).
    /// - Throws: ``LabError`` for a plan without a rank axis or an n not on the grid.
    public init(
        plan: ExperimentPlan, readAt: Int?, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws {
        guard let rankAxis = plan.parameters.first(where: { $0.name == "rank" }), rankAxis.values.count >= 2,
            Set(rankAxis.values).count == rankAxis.values.count
        else {
            throw LabError(
                "edl capacity needs a rank axis of at least two values, e.g. --set rank=1,2,4,8 (the largest is the reference)")
        }
        let sweep = try Sweep(plan: plan)
        let n = readAt ?? sweep.grid.largest
        guard sweep.grid.points.contains(n) else {
            throw LabError("invalid value '\(n)' for the capacity's n (--at or read_at): expected an n of the grid \(plan.grid)")
        }
        // Cells run side by side (replicates of one cell fill a core only in chunks of 64);
        // each result depends on its cell alone, so the output does not depend on the thread count.
        let experiments = try sweep.scenarios.map { scenario in
            try Experiment(
                scenario: scenario, grid: sweep.grid, replicates: plan.replicates, seed: plan.seed, generator: sweep.generator)
        }
        let outcomes = Mutex([Result<ExperimentResult, any Error>?](repeating: nil, count: experiments.count))
        let perCell = max(1, threads / max(1, experiments.count))
        DispatchQueue.concurrentPerform(iterations: min(threads, experiments.count)) { worker in
            for index in stride(from: worker, to: experiments.count, by: min(threads, experiments.count)) {
                let outcome = Result { try ExperimentRunner(threads: perCell).run(experiments[index]) }
                let finished = outcomes.withLock { slots in
                    slots[index] = outcome
                    return slots.count { $0 != nil }
                }
                progress?(finished, experiments.count)
            }
        }
        let results = try outcomes.withLock { $0 }.map { outcome in
            guard let outcome else { throw LabError("internal error: a capacity cell was not computed") }
            return try outcome.get()
        }
        self.init(plan: plan, cells: sweep.cells.map(\.assignments), results: results, readAt: n, unit: sweep.unit)
    }

    /// Reads finished cells (`cells[i]`'s assignments produced `results[i]`).
    init(
        plan: ExperimentPlan, cells: [[(name: String, value: String)]], results: [ExperimentResult], readAt: Int,
        unit: InformationUnit
    ) {
        self.plan = plan
        self.readAt = readAt
        self.unit = unit
        func key(_ assignments: [(name: String, value: String)]) -> [(name: String, value: String)] {
            let axes = Set(plan.axes.map(\.name))
            return assignments.filter { $0.name != "rank" && axes.contains($0.name) }
        }
        func rank(_ assignments: [(name: String, value: String)]) -> Int {
            Int(assignments.first { $0.name == "rank" }?.value ?? "") ?? 0
        }
        var groups: [(key: [(name: String, value: String)], members: [Int])] = []
        for (index, cell) in cells.enumerated() {
            let group = key(cell)
            if let position = groups.firstIndex(where: { $0.key.elementsEqual(group) { $0 == $1 } }) {
                groups[position].members.append(index)
            } else {
                groups.append((group, [index]))
            }
        }
        let factor = unit.fromNats(1)
        var rows: [Row] = []
        var summaries: [Summary] = []
        for group in groups {
            let members = group.members.sorted { rank(cells[$0]) < rank(cells[$1]) }
            guard let referenceIndex = members.last else { continue }
            let reference = results[referenceIndex]
            func accuracy(_ result: ExperimentResult, _ row: ResultRow) -> Estimate? {
                guard let position = result.metrics.firstIndex(where: { $0.name == "accuracy" }) else { return nil }
                return row.metrics[position]
            }
            var atReadPoint: [(rank: Int, parameters: Int, capacity: Double?, pgr: Double?)] = []
            for member in members {
                let result = results[member]
                for (row, referenceRow) in zip(result.rows, reference.rows) {
                    let parameters = Int(row.parameterCount.mean.rounded())
                    let edl = row.edl.scaled(by: factor)
                    let referenceEDL = referenceRow.edl.scaled(by: factor)
                    // The reference against itself is 1 exactly.
                    let isReference = member == referenceIndex
                    let exactlyOne = Estimate(mean: 1, count: row.edl.count, standardError: 0)
                    let capacity = isReference ? exactlyOne : Self.ratio(edl, referenceEDL)
                    let pgr = isReference ? exactlyOne : Self.ratio(row.generalizationGain, referenceRow.generalizationGain)
                    rows.append(
                        Row(
                            group: group.key, rank: rank(cells[member]), parameterCount: parameters, n: row.n, edl: edl,
                            edlPerParameter: edl.scaled(by: 1 / Double(max(parameters, 1))),
                            referenceEDLPerParameter: referenceEDL.mean / Double(max(parameters, 1)),
                            capacity: capacity, pgr: pgr, testLoss: row.testLoss.scaled(by: factor),
                            accuracy: accuracy(result, row)))
                    if row.n == readAt {
                        atReadPoint.append((rank(cells[member]), parameters, capacity?.mean, pgr?.mean))
                    }
                }
            }
            let referenceRow = reference.rows.first { $0.n == readAt }
            let referenceEDL = (referenceRow?.edl ?? Estimate(mean: 0, count: 0, standardError: nil)).scaled(by: factor)
            let byCapacity = Self.threshold(atReadPoint.map { ($0.rank, $0.parameters, $0.capacity) })
            let byPGR = Self.threshold(atReadPoint.map { ($0.rank, $0.parameters, $0.pgr) })
            var signature = reference.signature
            if let peak = signature?.peakValue { signature?.peakValue = unit.fromNats(peak) }
            let scenario = try? plan.makeScenario(cell: cells[referenceIndex])
            summaries.append(
                Summary(
                    group: group.key, referenceRank: rank(cells[referenceIndex]),
                    referenceParameters: Int(referenceRow?.parameterCount.mean.rounded() ?? 0), referenceEDL: referenceEDL,
                    threshold: byCapacity, thresholdByPGR: byPGR,
                    referenceEDLPerThreshold: byCapacity.map { referenceEDL.mean / Double(max($0.parameters, 1)) },
                    targetInformationBits: (scenario as? Capacity)?.targetInformationBits, signature: signature))
        }
        self.rows = rows
        self.summaries = summaries
    }

    /// a/b with the delta-method SE b⁻¹·√(se_a² + (a/b)²·se_b²) (the cells
    /// treated as independent; they share their data, so this overstates it);
    /// nil when b is 0.
    static func ratio(_ a: Estimate, _ b: Estimate) -> Estimate? {
        guard b.mean != 0, a.mean.isFinite, b.mean.isFinite else { return nil }
        let value = a.mean / b.mean
        let error: Double? =
            if let seA = a.standardError, let seB = b.standardError {
                (seA * seA + value * value * seB * seB).squareRoot() / abs(b.mean)
            } else {
                nil
            }
        return Estimate(mean: value, count: min(a.count, b.count), standardError: error)
    }

    /// The smallest (rank, P) from which every larger P has a value ≥ ``threshold``.
    static func threshold(_ points: [(rank: Int, parameters: Int, value: Double?)]) -> (rank: Int, parameters: Int)? {
        var found: (rank: Int, parameters: Int)?
        for point in points.sorted(by: { $0.parameters > $1.parameters }) {
            guard let value = point.value, value >= threshold else { break }
            found = (point.rank, point.parameters)
        }
        return found
    }
}

