import EDL
import GSL
import Learners

/// One replicate of any (world, predictive learner) pair: draws each example
/// from the world, records the learner's code length before it updates, and
/// computes the exact test loss from the world at each checkpoint. It keeps
/// the training examples, so the regret split comes from replaying them
/// through the final learner.
///
/// Cost: O(inputs × k) code-length reads per checkpoint and one stored
/// example per training example; a scenario's tuned trajectory avoids both.
public struct GenericTrajectory<W: World, L: PredictiveLearner>: Trajectory {
    /// The population.
    public private(set) var world: W
    /// The learner, in its current state.
    public private(set) var learner: L
    private let random: RandomSource
    private var examples: [LabeledExample] = []
    public var isLearning = true

    /// A trajectory of `learner` on `world`, drawing from `random`.
    public init(world: W, learner: L, random: RandomSource) {
        self.world = world
        self.learner = learner
        self.random = random
    }

    public mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        for _ in 0..<count {
            let example = world.draw(using: random)
            if isLearning {
                accountant.record(codeLength: learner.codeThenUpdate(on: example))
            } else {
                accountant.record(codeLength: learner.codeLength(of: example))
            }
            examples.append(example)
        }
    }

    public func populationLoss() -> Double { world.expectedCodeLength(of: learner) }

    public var parameterCount: Int { learner.parameterCount }

    /// Σ_i −ln p_θ*(y_i | x_i) over the training examples so far, replayed
    /// through the current learner, in nats; nil when frozen (θ* is θ₀ and
    /// its code length on them is MDL).
    public func trainingCodeLength() -> Double? {
        guard isLearning else { return nil }
        var total = CompensatedSum()
        for example in examples { total.add(learner.codeLength(of: example)) }
        return total.value
    }
}
