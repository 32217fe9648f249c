import EDL
import GSL

/// One replicate of ``DisjointSubdistributions``: one trajectory per
/// component, each with its own world and learner (the product learner,
/// routed by component), and the component of each example drawn with
/// probability π_j.
///
/// Components are independent streams, so a stretch of `count` examples is
/// split into Multinomial(count, π) counts (by sequential binomials) and each
/// component advances by its count, recording into its own part of the
/// accountant: the same distribution as drawing the component example by example.
struct MixtureTrajectory: Trajectory {
    private var components: [any Trajectory]
    private let weights: [Double]
    private let random: RandomSource

    init(components: [any Trajectory], weights: [Double], random: RandomSource) {
        self.components = components
        self.weights = weights
        self.random = random
    }

    var isLearning: Bool {
        get { components.contains { $0.isLearning } }
        set { for index in components.indices { components[index].isLearning = newValue } }
    }

    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        var remaining = count
        var massLeft = 1.0
        for index in components.indices {
            guard remaining > 0 else { break }
            let share: Int
            if index == components.count - 1 {
                share = remaining
            } else {
                let probability = massLeft > 0 ? min(max(weights[index] / massLeft, 0), 1) : 0
                share = random.binomialCount(trials: remaining, probability: probability)
            }
            massLeft -= weights[index]
            remaining -= share
            accountant.activePart = index
            components[index].advance(by: share, recording: &accountant)
        }
        accountant.activePart = 0
    }

    mutating func finishCheckpoint() {
        for index in components.indices { components[index].finishCheckpoint() }
    }

    func populationLossByPart() -> [Double] {
        zip(weights, components).map { $0 * $1.populationLoss() }
    }

    func populationLoss() -> Double {
        var total = CompensatedSum()
        for part in populationLossByPart() { total.add(part) }
        return total.value
    }

    var parameterCount: Int { components.reduce(0) { $0 + $1.parameterCount } }

    /// The sum of the components' training code lengths (the training set is
    /// the union of theirs); `nil` unless every component tracks its own.
    func trainingCodeLength() -> Double? {
        var total = CompensatedSum()
        for component in components {
            guard let part = component.trainingCodeLength() else { return nil }
            total.add(part)
        }
        return total.value
    }
}
