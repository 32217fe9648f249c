import ArgumentParser
import Lab

/// The options `edl run` and `edl sweep` share, turned into an ``ExperimentPlan``:
/// an experiment file's values, overridden by whatever the command line gives.
struct PlanOptions: ParsableArguments {
    @Argument(help: "A scenario (see `edl list`), or an experiment file FILE.toml.")
    var target: String

    @Option(parsing: .unconditional, help: "The learner (see `edl describe SCENARIO`); each scenario has a default.")
    var learner: String?

    @Option(
        name: .customLong("set"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("A scenario or learner parameter; in a sweep a comma-separated list makes an axis.", valueName: "KEY=VALUE"))
    var assignments: [String] = []

    @Option(
        name: .customLong("n"), parsing: .unconditional,
        help: ArgumentHelp(
            "Checkpoints: a list 1,2,5,10, a range 1...1000, or a log grid 1...100000:log30 (default 1...1000:log20).",
            valueName: "GRID"))
    var grid: String?

    @Option(parsing: .unconditional, help: "Independent replicates (≥ 1; default 200).")
    var replicates: String?

    @Option(parsing: .unconditional, help: "Master seed (0...2^63−1, as in an experiment file; default 1); replicate seeds derive from it.")
    var seed: String?

    @Option(parsing: .unconditional, help: "Units of every printed code length: bits (default) or nats.")
    var units: String?

    @Option(parsing: .unconditional, help: "The output: a file for a single run (default: standard output), a folder for a grid.")
    var output: String?

    @Option(parsing: .unconditional, help: "GSL generator: xoshiro256 (default), mt19937 or taus2.")
    var generator: String?

    @Option(parsing: .unconditional,
        help: ArgumentHelp(
            "The most steps (cells × replicates × examples; extra epochs and posterior terms included) a command may take (default 1e11); larger runs are refused up front.",
            valueName: "STEPS"))
    var maxWork: Double?

    @Option(parsing: .unconditional,
        help: ArgumentHelp(
            "The most memory a command may hold, estimated before it starts (default 8GiB); larger runs are refused up front.",
            valueName: "BYTES"))
    var maxMemory: String?

    /// Refuses a run whose estimated memory is above `--max-memory` (or the default limit).
    func checkMemory(_ requirement: MemoryLimit.Requirement) throws {
        try MemoryLimit(parsing: maxMemory).check(requirement)
    }

    /// Refuses `examples` of work above `--max-work` (or the default limit).
    func checkWork(examples: Double) throws {
        try WorkLimit.check(examples: examples, limit: WorkLimit.validated(maxWork))
    }

    func plan(splittingLists: Bool) throws -> ExperimentPlan {
        var plan = target.hasSuffix(".toml") ? try ExperimentPlan(contentsOf: target) : ExperimentPlan(scenario: target)
        if let learner { plan.learner = learner }
        if let grid { plan.grid = grid }
        if let replicates {
            guard let count = Int(replicates) else {
                throw LabError(
                    "invalid value '\(replicates)' for --replicates: expected an integer in 1...\(Experiment.maximumReplicates)")
            }
            plan.replicates = count
        }
        if let seed {
            guard let value = UInt64(seed), value <= UInt64(Int64.max) else {
                throw LabError("invalid value '\(seed)' for --seed: expected an integer in 0...\(Int64.max)")
            }
            plan.seed = value
        }
        if let units { plan.units = units }
        if let output { plan.output = output }
        if let generator { plan.generator = generator }
        try plan.apply(assignments: assignments.map(RunCommand.assignment), splittingLists: splittingLists)
        return plan
    }
}
