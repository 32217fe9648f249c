import EDL
import Foundation
import GSL
import Lab
import Scenarios
import Synchronization

/// What the explorer computes for its pages and its JSON API, with the
/// limits that keep one server answering a classroom: a work limit per
/// request, a time limit, a cap on concurrent computations with a queue,
/// and a cache by configuration (a request already being computed is
/// awaited, not computed again).
public actor ExplorerService {
    /// The limits of one server.
    public struct Limits: Sendable {
        /// The largest request body, bytes.
        public var bodyBytes = 64 * 1024
        /// The largest work: replicates × largest n × max(1, P/1000) (P: the learner's parameter count).
        public var work = 2e8
        /// The most steps (replicates × ``Scenario/work(grid:)``: examples, a
        /// gradient learner's extra epochs, a step per rule a posterior keeps).
        public var steps = 2e9
        /// The most memory one computation may hold, estimated before it
        /// starts (``MemoryLimit/estimate(_:threads:)``), bytes.
        public var memory = 1024.0 * 1024 * 1024
        /// The longest one computation may take.
        public var timeLimit = Duration.seconds(20)
        /// Computations at once (the rest wait their turn).
        public var concurrent = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Requests waiting for a turn before new ones are refused.
        public var queue = 256
        /// Results kept.
        public var cacheEntries = 512
        /// How long a preview (`"preview": true`) computes before it answers
        /// with the replicates done so far (at least one).
        public var previewBudget = Duration.milliseconds(12)
        /// The longest a full computation waits between two replicates while previews run.
        public var previewPriority = Duration.milliseconds(250)
        /// The largest n the area picture draws.
        public var areaExamples = AreaPicture.maximumExamples

        /// The defaults.
        public init() {}
    }

    /// A computed configuration.
    public struct Computed: Sendable {
        /// What was asked.
        public var request: RunRequest
        /// The experiment run.
        public var experiment: Experiment
        /// Its result.
        public var result: ExperimentResult
        /// The unit of every output.
        public var unit: InformationUnit
    }

    /// A checked request, ready to run.
    struct Prepared: Sendable {
        var request: RunRequest
        var experiment: Experiment
        var unit: InformationUnit
    }

    /// A request the explorer refuses, with its HTTP status.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// 400 (a bad request), 413 (too large), 422 (over a limit), 503 (busy).
        public var status: Int
        /// The one-line message, as the CLI gives it.
        public var description: String
    }

    /// The limits in force.
    public let limits: Limits
    private var cache: [String: Computed] = [:]
    private var cacheOrder: [String] = []
    private var inFlight: [String: Task<Computed, any Error>] = [:]
    private var areaCache: [String: String] = [:]
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var runningPreviews = 0
    private var waitingPreviews: [CheckedContinuation<Void, Never>] = []
    /// Previews running or waiting: full computations pause between replicates while there are any.
    private let previews = PreviewTraffic()
    /// How many computations ran (not answered from the cache), for tests and the load benchmark.
    public private(set) var computations = 0

    /// A service with `limits`.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The computed configuration of `request`, from the cache when it has been computed.
    /// - Throws: ``Refusal`` with the CLI's one-line message.
    ///
    /// With `preview`, the answer is the configuration's full result when it
    /// is cached, else a result for the first replicates that fit in
    /// ``Limits/previewBudget`` (the same numbers `edl run` gives with that
    /// many replicates; the document says how many), computed ahead of any
    /// full computation.
    public func computed(_ request: RunRequest) async throws -> Computed {
        let full = request.key
        if let hit = cache[full] { return hit }
        let isPreview = request.preview == true
        let key = isPreview ? full + "|preview" : full
        if let hit = cache[key] { return hit }
        if let task = inFlight[key] { return try await task.value }
        let prepared = try Self.prepare(request, limits: limits)
        if waiting.count + waitingPreviews.count >= limits.queue {
            throw Refusal(
                status: 503, description: "the explorer is busy (\(waiting.count + waitingPreviews.count) requests waiting); try again")
        }
        let task = Task { try await isPreview ? self.computePreview(prepared) : self.compute(prepared) }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        let value = try await task.value
        remember(value, key: key)
        return value
    }

    /// The SVG of one view: the line charts of every run, or the area picture of the first.
    /// - Throws: ``Refusal`` for a bad request or one over a limit.
    func svg(_ chart: ChartRequestBody) async throws -> String {
        guard !chart.runs.isEmpty, chart.runs.count <= 8 else {
            throw Refusal(status: 400, description: "runs: expected 1 to 8 configurations")
        }
        func checked(_ value: Double?, _ name: String, _ range: ClosedRange<Double>, _ fallback: Double) throws -> Double {
            guard let value else { return fallback }
            guard value.isFinite, range.contains(value) else {
                throw Refusal(status: 400, description: "invalid value '\(value)' for \(name): expected a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        let width = try checked(chart.width, "width", 480...4000, 760)
        let height = try checked(chart.height, "height", 320...4000, 460)
        if chart.view == .area {
            let key = chart.runs[0].key + "|area|\(width)x\(height)"
            if let hit = areaCache[key] { return hit }
            let prepared = try Self.prepare(chart.runs[0], limits: limits)
            guard prepared.experiment.grid.largest <= limits.areaExamples else {
                throw Refusal(
                    status: 422,
                    description: "the area picture draws one bar per example and takes n ≤ \(limits.areaExamples); the grid's largest n is \(prepared.experiment.grid.largest)")
            }
            let svg = try await gated {
                let configuration = prepared.experiment.scenario.configuration
                var picture = try AreaPicture.chart(
                    of: prepared.experiment,
                    title: "\(configuration.scenario), learner \(configuration.learner): the area of EDL",
                    unit: prepared.unit, threads: 1)
                picture.fontScale = 1
                return picture.svg(width: width, height: height)
            }
            areaCache[key] = svg
            if areaCache.count > limits.cacheEntries { areaCache.removeAll() }
            return svg
        }
        var runs: [(name: String, computed: Computed)] = []
        for (index, run) in chart.runs.enumerated() {
            let computed = try await computed(run)
            let name = chart.names.flatMap { index < $0.count ? $0[index] : nil } ?? (index == 0 ? computed.result.configuration.learner : "pinned \(index)")
            runs.append((name, computed))
        }
        do {
            return try chart.view.lineChart(runs, width: width, height: height)
        } catch {
            throw Refusal(status: 422, description: Self.oneLine(error))
        }
    }

    /// Runs `work` when a computation slot is free, off the actor. Previews
    /// have slots of their own, and full computations pause between
    /// replicates while any preview is running or waiting.
    private func gated<Value: Sendable>(preview: Bool = false, _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        if preview {
            previews.count.withLock { $0 += 1 }
            if runningPreviews >= limits.concurrent {
                await withCheckedContinuation { waitingPreviews.append($0) }
            }
            runningPreviews += 1
        } else {
            if running >= limits.concurrent {
                await withCheckedContinuation { waiting.append($0) }
            }
            running += 1
        }
        defer {
            if preview {
                runningPreviews -= 1
                previews.count.withLock { $0 -= 1 }
                if !waitingPreviews.isEmpty { waitingPreviews.removeFirst().resume() }
            } else {
                running -= 1
                if !waiting.isEmpty { waiting.removeFirst().resume() }
            }
        }
        computations += 1
        do {
            return try await Self.detached(work)
        } catch {
            throw Refusal(status: 422, description: Self.oneLine(error))
        }
    }

    private func remember(_ value: Computed, key: String) {
        guard cache[key] == nil else { return }
        cache[key] = value
        cacheOrder.append(key)
        if cacheOrder.count > limits.cacheEntries {
            cache[cacheOrder.removeFirst()] = nil
        }
    }

    private func compute(_ prepared: Prepared) async throws -> Computed {
        var configured = ExperimentRunner(threads: 1)
        configured.timeLimit = limits.timeLimit
        let previews = self.previews, longest = limits.previewPriority
        configured.betweenReplicates = { previews.pause(atMost: longest) }
        let runner = configured
        let experiment = prepared.experiment
        let result = try await gated { try runner.run(experiment) }
        return Computed(request: prepared.request, experiment: experiment, result: result, unit: prepared.unit)
    }

    private func computePreview(_ prepared: Prepared) async throws -> Computed {
        var configured = ExperimentRunner(threads: 1)
        configured.timeLimit = limits.timeLimit
        let runner = configured, budget = limits.previewBudget
        var experiment = prepared.experiment
        let result = try await gated(preview: true) { [experiment] in try runner.runPrefix(experiment, budget: budget) }
        experiment.replicates = result.replicates
        return Computed(request: prepared.request, experiment: experiment, result: result, unit: prepared.unit)
    }

    /// Runs `work` off the actor, on a thread of its own (the runner blocks,
    /// and a full computation sleeps between replicates while previews run:
    /// on Dispatch's global queue, as wide as the cores, the sleeping
    /// computations would hold the previews' threads).
    private static func detached<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Checks a request as `edl run` would, and its work against the limit, before any work.
    static func prepare(_ request: RunRequest, limits: Limits) throws -> Prepared {
        do {
            let plan = try request.plan()
            if let axis = plan.axes.first {
                throw LabError("parameters.\(axis.name): one value, not a list (the explorer runs one configuration)")
            }
            guard let unit = InformationUnit(rawValue: plan.units) else {
                throw LabError("invalid value '\(plan.units)' for --units: expected one of bits, nats")
            }
            guard let generator = RandomGeneratorKind(rawValue: plan.generator) else {
                throw LabError(
                    "invalid value '\(plan.generator)' for --generator: expected one of \(RandomGeneratorKind.acceptedNames)")
            }
            let scenario = try plan.makeScenario(cell: plan.cells[0])
            let experiment = try Experiment(
                scenario: scenario, grid: NGrid(parsing: plan.grid), replicates: plan.replicates, seed: plan.seed,
                generator: generator)
            // Before a trajectory is built to count its parameters: that alone may hold the table.
            let memory = MemoryLimit.estimate(experiment, threads: 1).total
            guard memory <= limits.memory else {
                throw Refusal(
                    status: 422,
                    description: "the run would hold about \(MemoryLimit.format(memory)) of memory, above the explorer's limit of "
                        + "\(MemoryLimit.format(limits.memory)); ask for a smaller configuration or a smaller n")
            }
            let parameters = try scenario.makeTrajectory(random: RandomSource(seed: 0)).parameterCount
            let steps = Double(plan.replicates) * scenario.work(grid: experiment.grid.points)
            guard steps <= limits.steps else {
                throw Refusal(
                    status: 422,
                    description: String(
                        format: "the run would take %.3g steps (replicates × examples; extra epochs, and a step per rule a posterior keeps, included), above the explorer's limit of %.3g; ask for fewer replicates or a smaller n",
                        steps, limits.steps))
            }
            let work = Double(plan.replicates) * Double(experiment.grid.largest) * max(1, Double(parameters) / 1000)
            guard work <= limits.work else {
                throw Refusal(
                    status: 422,
                    description: String(
                        format: "the run's work, replicates × largest n × max(1, P/1000) = %d × %d × %.4g = %.3g, is above the explorer's limit of %.3g; ask for fewer replicates or a smaller n",
                        plan.replicates, experiment.grid.largest, max(1, Double(parameters) / 1000), work, limits.work))
            }
            return Prepared(request: request, experiment: experiment, unit: unit)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(status: 400, description: ExplorerService.oneLine(error))
        }
    }

    /// The first line of an error's message, as the CLI prints it after `edl: error: `.
    public static func oneLine(_ error: any Error) -> String {
        if let line = LabError.firstLine(of: error) { return line }
        let text = (error as? Refusal)?.description ?? String(describing: error)
        return text.split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}

/// How many previews are running or waiting, shared with the full
/// computations' threads (which pause between replicates while there are any).
final class PreviewTraffic: Sendable {
    let count = Mutex(0)

    /// Waits while previews are running or waiting, for at most `longest`.
    func pause(atMost longest: Duration) {
        let end = ContinuousClock.now + longest
        while count.withLock({ $0 }) > 0, ContinuousClock.now < end { usleep(500) }
    }
}
