import Dispatch
import Glibc
import EDL
import GSL
import Scenarios
import Synchronization

/// Runs the replicates of an ``Experiment`` in parallel and aggregates them.
///
/// Replicates are grouped in fixed chunks of ``chunkSize``; every chunk is
/// aggregated in replicate order and the chunks are merged in chunk order, so
/// the result is the same, bit for bit, for any number of threads.
public struct ExperimentRunner: Sendable {
    /// The number of worker threads (≥ 1).
    public var threads: Int
    /// Called with (replicates done, replicates in all) as chunks finish.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// The longest a run may take; checked at every checkpoint of every
    /// replicate, so a run stops within one checkpoint's work of it (nil: no limit).
    public var timeLimit: Duration?
    /// Called on the worker between two replicates (e.g. to let more urgent
    /// work run first); the result does not depend on it.
    public var betweenReplicates: (@Sendable () -> Void)?

    /// Replicates per unit of work; fixed so that results do not depend on `threads`.
    public static let chunkSize = 64

    /// Creates a runner with `threads` workers.
    public init(threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.threads = max(threads, 1)
        self.progress = progress
    }

    /// Runs every replicate and returns the aggregated rows.
    /// - Throws: ``GSLError`` or ``ScenarioError`` from the scenario.
    public func run(_ experiment: Experiment) throws -> ExperimentResult {
        let scenario = experiment.scenario
        let chunkCount = (experiment.replicates + Self.chunkSize - 1) / Self.chunkSize
        // The first chunk to finish in order becomes the total (see SharedState.finish).
        let state = Mutex(SharedState(total: ChunkSummary(gridCount: 0, metricCount: 0, partCount: 0)))
        let progress = self.progress
        let deadline = timeLimit.map { ContinuousClock.now + $0 }
        // The exact curve (O(K) per grid point for Zipf coupons, O(m) for a
        // version space) is computed on a thread of its own while the
        // workers start on the replicates: with one replicate and two cores
        // the two overlap. It is the same curve however it is scheduled.
        // (Not as an extra worker of the loop below: nested parallel loops,
        // such as a large posterior's label masses, get fewer threads the
        // wider the outer loop is.)
        //
        // Whoever comes first computes it: the Dispatch work item, or this
        // thread once the replicates are done. So the run never waits on a
        // work item the shared pool has no thread for (the Swift
        // concurrency pool shares it, e.g. in parallel tests).
        let workers = min(threads, chunkCount)
        let theoryResult = Mutex(TheoryOutcome())
        let computeTheory: @Sendable () -> Void = {
            let claimed = theoryResult.withLock { outcome in
                defer { outcome.claimed = true }
                return !outcome.claimed
            }
            guard claimed else { return }
            do {
                let curve = try scenario.expectedCurve(at: experiment.grid.points)
                theoryResult.withLock { $0 = TheoryOutcome(claimed: true, done: true, curve: curve) }
            } catch {
                theoryResult.withLock { $0 = TheoryOutcome(claimed: true, done: true, failure: ErrorBox(error: error)) }
            }
        }
        if threads > 1 {
            DispatchQueue.global().async(execute: computeTheory)
        } else {
            computeTheory()
        }

        if Self.spreadsReplicates(experiment, threads: threads) {
            // Fewer chunks than threads: each chunk's replicates are spread
            // over the threads instead, and added in replicate order.
            do {
                for chunk in 0..<chunkCount {
                    if theoryResult.withLock({ $0.failure != nil }) { break }
                    let before = chunk * Self.chunkSize
                    let replicates = experiment.replicates
                    var report: (@Sendable (Int) -> Void)?
                    if let progress { report = { progress(before + $0, replicates) } }
                    let summary = try Self.runChunkSpread(
                        chunk, of: experiment, threads: threads, deadline: deadline, progress: report,
                        betweenReplicates: betweenReplicates)
                    state.withLock { $0.finish(chunk, summary) }
                }
            } catch {
                state.withLock { shared in
                    if shared.failure == nil { shared.failure = ErrorBox(error: error) }
                }
            }
        } else {
            runChunks(experiment, chunkCount: chunkCount, workers: workers, state: state, theory: theoryResult, deadline: deadline)
        }

        computeTheory()  // unless the work item has claimed it
        while !theoryResult.withLock({ $0.done }) { usleep(200) }  // the work item is computing it
        let outcome = theoryResult.withLock { $0 }
        if let failure = outcome.failure { throw failure.error }
        let theory = outcome.curve
        let (total, merged, failure) = state.withLock { ($0.total, $0.nextToMerge, $0.failure) }
        if let failure { throw failure.error }
        precondition(merged == chunkCount, "every chunk ran and was merged")
        return Self.result(of: experiment, total: total, theory: theory)
    }

    /// Runs the chunks on `workers` threads, each chunk's replicates in
    /// order on one thread, and merges them in chunk order into `state`.
    private func runChunks(
        _ experiment: Experiment, chunkCount: Int, workers: Int, state: borrowing Mutex<SharedState>, theory theoryResult: borrowing Mutex<TheoryOutcome>,
        deadline: ContinuousClock.Instant?
    ) {
        let progress = self.progress
        let threads = self.threads
        let betweenReplicates = self.betweenReplicates
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                // A failed theory ends the run as a failed replicate would.
                if theoryResult.withLock({ $0.failure != nil }) { return }
                let next: Int? = state.withLock { shared in
                    guard shared.failure == nil, shared.nextChunk < chunkCount else { return nil }
                    defer { shared.nextChunk += 1 }
                    return shared.nextChunk
                }
                guard let chunk = next else { return }
                do {
                    let summary = try Self.runChunk(
                        chunk, of: experiment, spareThreads: threads - workers, deadline: deadline, betweenReplicates: betweenReplicates)
                    let done: Int = state.withLock { shared in
                        shared.finish(chunk, summary)
                        return shared.finishedReplicates
                    }
                    progress?(done, experiment.replicates)
                } catch {
                    state.withLock { shared in
                        if shared.failure == nil { shared.failure = ErrorBox(error: error) }
                    }
                    return
                }
            }
        }
    }

    /// The result of `experiment` from its merged replicates.
    private static func result(of experiment: Experiment, total: ChunkSummary, theory: ExpectedCurve?) -> ExperimentResult {
        let scenario = experiment.scenario
        return ExperimentResult(
            configuration: scenario.configuration,
            grid: experiment.grid,
            replicates: total.replicates,
            seed: experiment.seed,
            generator: experiment.generator,
            bestLoss: scenario.bestLoss,
            theoryNote: scenario.theoryNote,
            metrics: scenario.metrics,
            partNames: Self.splitParts(of: scenario),
            theory: theory,
            rows: ResultRows(summary: total, grid: experiment.grid.points, theory: theory))
    }

    /// Runs replicates in order on the calling thread until `budget` has
    /// passed (at least one, at most all), and returns the result of those
    /// replicates: the same, bit for bit, as a run of that many replicates
    /// (replicate r draws from the same stream either way, and chunks are
    /// merged in the same order). The explorer's quick first answer.
    /// - Throws: ``GSLError``, ``ScenarioError`` or ``LabError`` as ``run(_:)`` does.
    public func runPrefix(_ experiment: Experiment, budget: Duration) throws -> ExperimentResult {
        let scenario = experiment.scenario
        let stop = ContinuousClock.now + budget
        let deadline = timeLimit.map { ContinuousClock.now + $0 }
        var total = ChunkSummary(
            gridCount: experiment.grid.points.count, metricCount: scenario.metrics.count,
            partCount: Self.splitParts(of: scenario).count)
        var chunk = 0
        while total.replicates < experiment.replicates {
            let summary = try Self.runChunk(chunk, of: experiment, deadline: deadline, stopAfter: stop)
            total.merge(summary)
            chunk += 1
            if ContinuousClock.now >= stop { break }
        }
        return Self.result(of: experiment, total: total, theory: try scenario.expectedCurve(at: experiment.grid.points))
    }

    /// Runs `replicates` replicates of the registered `scenario` with
    /// `learner` and `--set`-style `assignments` on the grid `grid`: the
    /// one-call form the lab's checks and tests use.
    /// - Throws: ``ScenarioError`` or ``LabError`` for a bad configuration or grid.
    package static func run(
        _ scenario: String, learner: String, assignments: [(name: String, value: String)], grid: String,
        replicates: Int, seed: UInt64, threads: Int
    ) throws -> ExperimentResult {
        try ExperimentRunner(threads: threads).run(
            Experiment(
                scenario: ScenarioRegistry.make(scenario, learner: learner, assignments: assignments),
                grid: NGrid(parsing: grid), replicates: replicates, seed: seed))
    }

    /// The parts MDL and EDL are split into: the scenario's, when it has more
    /// than one (a single part is the total).
    static func splitParts(of scenario: any Scenario) -> [String] {
        scenario.partNames.count > 1 ? scenario.partNames : []
    }

    /// Runs the replicates of one chunk, in order; `spareThreads` threads
    /// are idle meanwhile (the trajectories may use them; the result is the
    /// same either way). With `stopAfter`, the chunk ends after the first
    /// replicate that finishes past it.
    static func runChunk(
        _ chunk: Int, of experiment: Experiment, spareThreads: Int = 0, deadline: ContinuousClock.Instant? = nil,
        stopAfter: ContinuousClock.Instant? = nil, betweenReplicates: (@Sendable () -> Void)? = nil
    ) throws -> ChunkSummary {
        let scenario = experiment.scenario
        let parts = splitParts(of: scenario).count
        var summary = ChunkSummary(
            gridCount: experiment.grid.points.count, metricCount: scenario.metrics.count, partCount: parts)
        let first = chunk * chunkSize
        let last = min(first + chunkSize, experiment.replicates)
        let cellSeed = SeedDerivation.cellSeed(master: experiment.seed, cell: scenario.configuration.worldText)
        for replicate in first..<last {
            try runReplicate(
                replicate, of: experiment, cellSeed: cellSeed, parts: parts, spareThreads: spareThreads, deadline: deadline,
                into: &summary)
            summary.replicates += 1
            if let stopAfter, ContinuousClock.now >= stopAfter { break }
            if replicate + 1 < last { betweenReplicates?() }
        }
        return summary
    }

    /// Runs one replicate over the grid and gives each checkpoint to `sink`;
    /// `cellSeed` and `parts` are the experiment's (computed once per chunk:
    /// the cell's text is built from every parameter).
    /// - Throws: ``LabError`` when the learner diverges or the deadline passes.
    private static func runReplicate<Sink: CheckpointSink>(
        _ replicate: Int, of experiment: Experiment, cellSeed: UInt64, parts: Int, spareThreads: Int,
        deadline: ContinuousClock.Instant?, into sink: inout Sink
    ) throws {
        let scenario = experiment.scenario
        let random = try RandomSource(
            seed: SeedDerivation.seed(cellSeed: cellSeed, replicate: replicate), kind: experiment.generator)
        var trajectory = try scenario.makeTrajectory(random: random)
        trajectory.spareThreads = spareThreads
        var accountant = PrequentialAccountant(partCount: max(parts, 1), bestLoss: scenario.bestLoss)
        let configuration = scenario.configuration
        switch record(&trajectory, over: experiment.grid.points, parts: parts, accountant: &accountant, into: &sink, deadline: deadline) {
        case nil: break
        case .diverged(let n):
            throw LabError(
                "\(configuration.scenario), learner \(configuration.learner): replicate \(replicate)'s code lengths or test "
                    + "loss stopped being finite by n = \(n) (the learner diverged; for sgd and adam, a smaller lr); "
                    + "nothing was written")
        case .timedOut(let n):
            throw LabError(
                "\(configuration.scenario), learner \(configuration.learner): the run passed its time limit at replicate "
                    + "\(replicate), n = \(n); ask for fewer replicates or a smaller n")
        }
    }

    /// The most a run may hold in replicate records while it spreads a
    /// chunk's replicates over threads, bytes.
    static let recordBudget = 64 << 20

    /// Whether `experiment` spreads each chunk's replicates over the
    /// threads (with fewer chunks than threads, e.g. 64 replicates or fewer):
    /// when the replicates held at once fit ``recordBudget``.
    static func spreadsReplicates(_ experiment: Experiment, threads: Int) -> Bool {
        let chunks = (experiment.replicates + chunkSize - 1) / chunkSize
        guard threads > 1, chunks < threads, experiment.replicates > 1 else { return false }
        let held = Double(experiment.grid.points.count) * Double(ReplicateRecord.bytesPerCheckpoint) * Double(2 * threads)
        return held <= Double(recordBudget)
    }

    /// Runs the replicates of one chunk on `threads` threads, each into a
    /// record, and adds the records to the chunk's moments in replicate order
    /// as they come (the same bits as ``runChunk(_:of:spareThreads:deadline:stopAfter:betweenReplicates:)``).
    /// A replicate waits before it starts while 2 × threads records are
    /// held, so memory stays bounded however uneven the replicates are.
    static func runChunkSpread(
        _ chunk: Int, of experiment: Experiment, threads: Int, deadline: ContinuousClock.Instant?,
        progress: (@Sendable (Int) -> Void)?, betweenReplicates: (@Sendable () -> Void)? = nil
    ) throws -> ChunkSummary {
        let scenario = experiment.scenario
        let first = chunk * chunkSize
        let last = min(first + chunkSize, experiment.replicates)
        let empty = ChunkSummary(
            gridCount: experiment.grid.points.count, metricCount: scenario.metrics.count,
            partCount: splitParts(of: scenario).count)
        let state = Mutex(SpreadState(summary: empty, next: first, nextToFold: first))
        let cellSeed = SeedDerivation.cellSeed(master: experiment.seed, cell: scenario.configuration.worldText)
        let parts = splitParts(of: scenario).count
        let workers = min(threads, last - first)
        let checkpoints = experiment.grid.points.count
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let next: Int? = state.withLock { shared in
                    guard shared.failure == nil, shared.next < last else { return nil }
                    defer { shared.next += 1 }
                    return shared.next
                }
                guard let replicate = next else { return }
                if replicate > first { betweenReplicates?() }
                // Hold back while the replicate that must be folded next is far behind.
                while state.withLock({ $0.failure == nil && replicate - $0.nextToFold >= 2 * threads }) { usleep(100) }
                var record = ReplicateRecord(checkpoints: checkpoints)
                do {
                    try runReplicate(
                        replicate, of: experiment, cellSeed: cellSeed, parts: parts, spareThreads: 0, deadline: deadline,
                        into: &record)
                    let folded: Int = state.withLock { shared in
                        shared.waiting[replicate] = record
                        while let ready = shared.waiting.removeValue(forKey: shared.nextToFold) {
                            ready.replay(into: &shared.summary)
                            shared.nextToFold += 1
                        }
                        return shared.nextToFold - first
                    }
                    progress?(folded)
                } catch {
                    state.withLock { shared in
                        // The failure of the earliest replicate, as a run on one thread would report.
                        if shared.failure.map({ replicate < $0.replicate }) ?? true { shared.failure = (replicate, ErrorBox(error: error)) }
                    }
                    return
                }
            }
        }
        let (summary, failure) = state.withLock { ($0.summary, $0.failure) }
        if let failure { throw failure.error.error }
        return summary
    }

    /// Runs one trajectory over the grid and adds each checkpoint to
    /// `summary`. Generic, so the existential is opened once per replicate
    /// rather than at each of the four calls per checkpoint.
    /// - Returns: why the run stopped early — the first n whose MDL or test
    ///   loss is not finite (a diverged learner), or the n at which the
    ///   deadline had passed — or nil.
    private static func record<T: Trajectory, Sink: CheckpointSink>(
        _ trajectory: inout T, over grid: [Int], parts: Int, accountant: inout PrequentialAccountant,
        into summary: inout Sink, deadline: ContinuousClock.Instant?
    ) -> EarlyStop? {
        let initialLoss = trajectory.populationLoss()
        var position = 0
        for (index, n) in grid.enumerated() {
            trajectory.advance(by: n - position, recording: &accountant)
            trajectory.finishCheckpoint()
            position = n
            var point =
                if parts > 1 {
                    accountant.checkpoint(testLossByPart: trajectory.populationLossByPart())
                } else {
                    accountant.checkpoint(testLoss: trajectory.populationLoss())
                }
            guard point.mdl.isFinite, point.testLoss.isFinite else { return .diverged(n: n) }
            if let deadline, ContinuousClock.now > deadline { return .timedOut(n: n) }
            point.trainingCodeLength = trajectory.trainingCodeLength()
            summary.add(
                ReplicateCheckpoint(point: point, initialLoss: initialLoss, parameterCount: trajectory.parameterCount),
                metrics: trajectory.metricValues(), at: index)
        }
        return nil
    }
}

/// What the workers share: the next chunk to take, the running total, the
/// finished chunks still waiting for their turn to be merged, and the first
/// failure. Chunks are merged strictly in chunk order (so the result does not
/// depend on thread timing) and as soon as their turn comes (so memory stays
/// bounded by the chunks in flight, not the number of replicates).
private struct SharedState: Sendable {
    var total: ChunkSummary
    var waiting: [Int: ChunkSummary] = [:]
    var nextChunk = 0
    var nextToMerge = 0
    var finishedReplicates = 0
    var failure: ErrorBox?

    mutating func finish(_ chunk: Int, _ summary: ChunkSummary) {
        finishedReplicates += summary.replicates
        waiting[chunk] = summary
        while let ready = waiting.removeValue(forKey: nextToMerge) {
            // The first chunk becomes the total (merging into nothing copies
            // every moment: the same bits, and one grid's moments fewer held).
            if nextToMerge == 0 { total = ready } else { total.merge(ready) }
            nextToMerge += 1
        }
    }
}

/// What the threads of a spread chunk share: the next replicate to start,
/// the finished records still waiting for their turn, the chunk's moments
/// and the earliest failure.
private struct SpreadState: @unchecked Sendable {
    var summary: ChunkSummary
    var next: Int
    var nextToFold: Int
    var waiting: [Int: ReplicateRecord] = [:]
    var failure: (replicate: Int, error: ErrorBox)?
}

/// Why a replicate stopped before the end of its grid.
private enum EarlyStop {
    case diverged(n: Int)
    case timedOut(n: Int)
}

/// A thrown error carried out of the workers.
/// The exact curve, once computed, or why it could not be.
private struct TheoryOutcome: Sendable {
    /// Whether a thread has started computing the curve.
    var claimed = false
    var done = false
    var curve: ExpectedCurve?
    var failure: ErrorBox?
}

private struct ErrorBox: @unchecked Sendable {
    let error: any Error
}
