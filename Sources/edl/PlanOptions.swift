import Lab

/// The options `edl run` and `edl sweep` share, turned into an ``ExperimentPlan``:
/// an experiment file's values, overridden by whatever the command line gives.
struct PlanOptions {
    var target: String
    var learner: String?
    var assignments: [String]
    var grid: String?
    var replicates: String?
    var seed: String?
    var units: String?
    var output: String?
    var generator: String?

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
            guard let value = UInt64(seed) else {
                throw LabError("invalid value '\(seed)' for --seed: expected an integer in 0...\(UInt64.max)")
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
