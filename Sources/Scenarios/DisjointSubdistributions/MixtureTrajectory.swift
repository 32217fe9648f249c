import EDL
import GSL

/// One replicate of ``DisjointSubdistributions``: one trajectory per
/// component, each with its own world and learner (the product learner,
/// routed by component), and the component of each example drawn with
/// probability π_j.
///
/// Components are independent streams, so a stretch of `count` examples is
/// split into Multinomial(count, π) counts (by sequential binomials) and each
/// component advances by its count, recording into its own parts of the
/// accountant: the same distribution as drawing the component example by example.
///
/// Component j owns `partCounts[j]` consecutive parts (1, or its own split
/// such as a format-capability component's `format` and `answer`, or a
/// nested mixture's components); it records through the accountant scoped to
/// its first part, so it never knows where its parts sit in the whole run.
struct MixtureTrajectory: Trajectory {
    private var components: [any Trajectory]
    private let weights: [Double]
    private let random: RandomSource
    /// The first part of each component, relative to the mixture's own first part.
    private let firstParts: [Int]
    /// The mixture's number of parts: the sum of its components'.
    private let partCount: Int

    /// - Parameter partCounts: the number of parts of each component (≥ 1).
    init(components: [any Trajectory], weights: [Double], partCounts: [Int], random: RandomSource) {
        precondition(partCounts.count == components.count && partCounts.allSatisfy { $0 >= 1 })
        self.components = components
        self.weights = weights
        self.random = random
        var first = 0
        var firstParts: [Int] = []
        for count in partCounts {
            firstParts.append(first)
            first += count
        }
        self.firstParts = firstParts
        partCount = first
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
            accountant.withScope(firstPart: firstParts[index]) {
                components[index].advance(by: share, recording: &$0)
            }
        }
    }

    mutating func finishCheckpoint() {
        for index in components.indices { components[index].finishCheckpoint() }
    }

    /// Each component's parts' shares of its own population loss, weighted
    /// by π_j, in part order.
    func populationLossByPart() -> [Double] {
        var shares: [Double] = []
        shares.reserveCapacity(partCount)
        for (weight, component) in zip(weights, components) {
            for share in component.populationLossByPart() { shares.append(weight * share) }
        }
        return shares
    }

    func populationLoss() -> Double {
        var total = CompensatedSum()
        for (weight, component) in zip(weights, components) { total.add(weight * component.populationLoss()) }
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
