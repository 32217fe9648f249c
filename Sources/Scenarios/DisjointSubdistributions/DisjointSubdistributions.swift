import EDL
import Foundation
import GSL

/// The paper's §5.3 toy model, built by composition: a mixture of registered
/// scenarios on disjoint inputs with weights π_j, learned by the product of
/// the components' learners. Structure learned on component j contributes to
/// EDL/n in proportion to π_j.
public struct DisjointSubdistributions: Scenario {
    public static let name = "disjoint-subdistributions"
    public static let summary = "a mixture of scenarios on disjoint inputs: rare components contribute little"
    public static let paperSection = "§5.3"
    public static let defaultLearner = "product"
    public static let hasComponents = true

    /// The most components a mixture may have.
    public static let maximumComponents = 64
    /// The most mixtures nested inside a mixture (`c1.c1.…` keys, one per level).
    public static let maximumDepth = 8

    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "weights", help: "mixture weights π_j, one per component, non-negative, summing to 1",
            kind: .text(accepted: "comma-separated non-negative numbers summing to 1, e.g. 0.9,0.1"),
            defaultValue: .text("0.9,0.1")),
        ParameterSpec(
            name: "components",
            help: "the component scenarios, in order c1, c2, …; set their parameters as cN.KEY=VALUE and "
                + "learners as cN.learner=NAME",
            kind: .text(accepted: "comma-separated scenario names, e.g. coupon-collector,hypothesis-collapse"),
            defaultValue: .text("coupon-collector,coupon-collector")),
        ParameterSpec(
            name: "frozen", help: "components whose learner never updates (structure that is never learned)",
            kind: .text(accepted: "none, or comma-separated component numbers, e.g. 2 or 1,3"),
            defaultValue: .text("none")),
    ]

    /// The one learner: the product of the components' learners.
    public enum Learner: String, TypedChoice {
        case product

        var descriptor: LearnerDescriptor {
            switch self {
            case .product:
                LearnerDescriptor(
                    name: rawValue,
                    summary: "each component's own learner, routed by component (choose them with cN.learner=NAME)",
                    counts: "the sum of the components' P")
            }
        }
    }

    public static let learners = Learner.allCases.map(\.descriptor)

    public static let explanation = """
        The population is a mixture: each example first draws component j with probability π_j, then \
        an example of component j, whose inputs never collide with another component's. The learner \
        is the product of the components' learners, each seeing only its own examples, and the \
        population loss is Σ_j π_j L_j. The accountant splits MDL and EDL by component: component \
        j's share of EDL is the code length of its examples minus n·π_j·L_j(θ_n), and the shares \
        sum to the total. Component j receives about n π_j examples, so in expectation EDL/n = \
        Σ_j π_j (L̄_j − L_j(θ_n)) (Σ_j π_j (L̄_j − L*_j) at convergence): structure learned \
        on a rare component counts in proportion to its weight, and arrives late, when n π_j is \
        large enough for that component to be learned. A frozen component codes every example \
        with its initial state and contributes a share of expectation 0, however large its weight. \
        Exact theory mixes each component's own exact curves over Binomial(n, π_j) counts.
        """

    public let configuration: ScenarioConfiguration
    /// The component scenarios, configured.
    public let components: [any Scenario]
    /// π_j.
    public let weights: [Double]
    /// Indices (0-based) of frozen components.
    public let frozen: Set<Int>

    public init(configuration: ScenarioConfiguration) throws {
        _ = try configuration.learner(as: Learner.self)
        let parameters = configuration.parameters
        let names = Self.list(parameters["components"]?.textValue ?? "")
        guard !names.isEmpty, names.count <= Self.maximumComponents else {
            throw ScenarioError.inconsistent(
                "components must name 1...\(Self.maximumComponents) scenarios, comma-separated; got '\(parameters["components"]?.description ?? "")'")
        }
        let weightTexts = Self.list(parameters["weights"]?.textValue ?? "")
        guard weightTexts.count == names.count else {
            throw ScenarioError.inconsistent(
                "weights lists \(weightTexts.count) values but components lists \(names.count) scenarios; give one weight per component")
        }
        var weights: [Double] = []
        for text in weightTexts {
            guard let value = ParameterSpec.decimal(text) else {
                throw ScenarioError.invalidValue(
                    parameter: "weights", value: text, accepted: "a non-negative number (weights are comma-separated)")
            }
            guard value >= 0 else {
                throw ScenarioError.invalidValue(parameter: "weights", value: text, accepted: "a non-negative number")
            }
            weights.append(value)
        }
        var sum = CompensatedSum()
        for value in weights { sum.add(value) }
        guard abs(sum.value - 1) <= 1e-9 else {
            throw ScenarioError.inconsistent("weights must sum to 1 (within 1e-9); \(weightTexts.joined(separator: ",")) sums to \(sum.value)")
        }
        var frozen = Set<Int>()
        let frozenText = parameters["frozen"]?.textValue ?? "none"
        if frozenText != "none" {
            for item in Self.list(frozenText) {
                guard let index = Int(item), (1...names.count).contains(index) else {
                    throw ScenarioError.invalidValue(
                        parameter: "frozen", value: item, accepted: "none, or component numbers in 1...\(names.count)")
                }
                frozen.insert(index - 1)
            }
        }
        // Each nested level is one more `cN.` prefix on the deepest key it sets; every level builds
        // its components recursively, so the depth is bounded before any is built.
        let depth = configuration.componentAssignments.map { assignment in
            1 + assignment.key.split(separator: ".").prefix { $0.first == "c" && Int($0.dropFirst()) != nil }.count
        }.max() ?? 0
        guard depth <= Self.maximumDepth else {
            throw ScenarioError.inconsistent(
                "mixtures are nested \(depth) levels deep inside this one (cN.cN.… keys); at most \(Self.maximumDepth) levels are accepted")
        }
        for assignment in configuration.componentAssignments where assignment.component > names.count {
            throw ScenarioError.inconsistent(
                "c\(assignment.component).\(assignment.key) names component \(assignment.component), but there are only \(names.count) components (c1...c\(names.count))")
        }
        var components: [any Scenario] = []
        for (index, name) in names.enumerated() {
            let prefix = "component c\(index + 1)"
            let type: any Scenario.Type
            do {
                type = try ScenarioRegistry.scenario(named: name)
            } catch let error as ScenarioError {
                throw ScenarioError.inconsistent("\(prefix): \(error.description)")
            }
            let own = configuration.componentAssignments.filter { $0.component == index + 1 }
            let learner = own.last { $0.key == "learner" }?.value
            let assignments = own.filter { $0.key != "learner" }.map { (name: $0.key, value: $0.value) }
            do {
                let componentConfiguration = try ScenarioConfiguration(
                    scenario: type, learner: learner, assignments: assignments)
                components.append(try type.init(configuration: componentConfiguration))
            } catch let error as ScenarioError {
                throw ScenarioError.inconsistent("\(prefix) (\(name)): \(error.description)")
            }
        }
        var resolved = configuration
        resolved.components = components.map(\.configuration)
        self.configuration = resolved
        self.components = components
        self.weights = weights
        self.frozen = frozen
    }

    /// Comma-separated items, trimmed, empty items dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// L* = Σ_j π_j L*_j, when every component knows its L*.
    /// The smallest of the components' (a component may receive every example).
    public var largestExamples: Int { components.map(\.largestExamples).min() ?? Int.max }

    /// Every component's work at the examples its share of n brings it.
    public func work(grid: [Int]) -> Double {
        zip(weights, components).reduce(0) { total, pair in
            total + pair.1.work(grid: grid.map { MemoryEstimate.draws(of: $0, share: pair.0) })
        }
    }

    /// Every component's memory, each at the most examples its share of n
    /// can bring it (mean plus four standard deviations): the components'
    /// learners exist side by side in every replicate.
    public func memoryEstimate(examples: Int) -> MemoryEstimate {
        zip(weights, components).reduce(MemoryEstimate()) { total, pair in
            total + pair.1.memoryEstimate(examples: MemoryEstimate.draws(of: examples, share: pair.0))
        }
    }

    public var bestLoss: Double? {
        var total = CompensatedSum()
        for (weight, component) in zip(weights, components) {
            guard let best = component.bestLoss else { return nil }
            total.add(weight * best)
        }
        return total.value
    }

    /// One part per component, `c1`, `c2`, …; a component that splits its own
    /// code contributes its parts under its prefix (`c2_format`, `c2_answer`;
    /// `c2_c1` for a nested mixture's first component).
    public var partNames: [String] {
        components.enumerated().flatMap { index, component in
            let prefix = "c\(index + 1)"
            let own = component.partNames
            return own.isEmpty ? [prefix] : own.map { prefix + "_" + $0 }
        }
    }

    public var theoryNote: String {
        components.enumerated().map { index, component in
            let label = "c\(index + 1) (\(component.configuration.scenario), \(component.configuration.learner))"
            if frozen.contains(index) { return "\(label): frozen, share exactly 0 in expectation" }
            return "\(label): \(component.theoryNote); mixed over Binomial(n, π_\(index + 1)) counts where exact"
        }.joined(separator: "; ") + ". The theory columns appear only when every component has an exact curve."
    }

    /// The mixing's limit, for `edl describe`.
    public func configurationNotes() throws -> [String] {
        [
            "The exact curve mixes each component over Binomial(n, π) counts, about 22·√(n·π(1 − π)) weights per grid "
                + "point, and is computed while a component needs at most \(Int(MixtureTheory.termLimit)) weights (every n up "
                + "to about 2·10⁴ at π = ½; a log grid of 30 points a decade up to about 10⁹), else the theory columns are left empty."
        ]
    }

    public func expectedCurve(at grid: [Int]) throws -> ExpectedCurve? {
        var shares: [[Double]?] = []
        var mdl: [[Double]] = []
        var loss: [[Double]] = []
        for (index, component) in components.enumerated() {
            let share = try MixtureTheory.share(
                of: component, weight: weights[index], frozen: frozen.contains(index), grid: grid)
            shares.append(share?.edl)
            if let share, share.mdl.count == grid.count {
                mdl.append(share.mdl)
                loss.append(share.testLoss)
            }
        }
        let extras = shares.enumerated().compactMap { index, values in
            values.map { ExpectedCurve.Column(name: "theory_edl_c\(index + 1)", values: $0, isInformation: true) }
        }
        // The total needs every component's share; without one, no theory columns.
        guard extras.count == components.count else { return nil }
        let total = grid.indices.map { point in extras.reduce(0) { $0 + $1.values[point] } }
        let complete = mdl.count == components.count
        var curve = ExpectedCurve(
            n: grid, edl: total,
            mdl: complete ? grid.indices.map { point in mdl.reduce(0) { $0 + $1[point] } } : nil,
            testLoss: complete ? grid.indices.map { point in loss.reduce(0) { $0 + $1[point] } } : nil)
        curve.extras = extras
        return curve
    }

    public func makeTrajectory(random: RandomSource) throws -> any Trajectory {
        var trajectories: [any Trajectory] = []
        for (index, component) in components.enumerated() {
            trajectories.append(try component.makeTrajectory(random: random, learning: !frozen.contains(index)))
        }
        return MixtureTrajectory(
            components: trajectories, weights: weights,
            partCounts: components.map { max($0.partNames.count, 1) }, random: random)
    }
}
