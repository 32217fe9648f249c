import EDL
import Foundation
import GSL
@testable import Lab
import LabTestSupport
import Scenarios
import Testing

/// Every (scenario, learner) pair `edl list` offers, held to the same
/// contract: a new scenario or learner joins these checks by being
/// registered, with no test written for it.
@Suite("Conformance of every registered (scenario, learner) pair")
struct ConformanceTests {
    static let grid = "1...120:log7"

    @Test("runs to finite CSV and JSON, byte-identical on 1 and 2 threads (3 chunks of replicates)",
          arguments: ConformancePair.all)
    func finiteAndThreadIndependent(pair: ConformancePair) throws {
        let formatter = ResultFormatter(unit: .bits)
        var texts: [String] = []
        for threads in [1, 2] {
            let result = try runExperiment(
                pair.scenario, pair.learner, pair.assignments, grid: Self.grid, replicates: 130, seed: 17,
                threads: threads)
            texts.append(try formatter.render(result, as: .csv))
            _ = try formatter.render(result, as: .json)  // throws on a non-finite value
        }
        #expect(texts[0] == texts[1])
    }

    @Test("P (parameter_count) is the same at every n and on every replicate, and EDL/P is EDL divided by it",
          arguments: ConformancePair.all)
    func parameterCountIsFixed(pair: ConformancePair) throws {
        let result = try runExperiment(pair.scenario, pair.learner, pair.assignments, grid: "1,3,40", replicates: 5, seed: 23)
        let counts = result.rows.map(\.parameterCount)
        #expect(Set(counts.map(\.mean)).count == 1, "\(counts.map(\.mean))")
        #expect(counts.allSatisfy { ($0.standardError ?? 0) == 0 })
        for row in result.rows where row.parameterCount.mean > 0 {
            #expect(abs((row.edlPerParameter?.mean ?? .nan) - row.edl.mean / row.parameterCount.mean) <= 1e-12 * max(1, abs(row.edl.mean)))
        }
    }

    @Test("the mean EDL lies within 4 SE of the exact expectation wherever a closed form exists",
          arguments: ConformancePair.all)
    func agreesWithTheory(pair: ConformancePair) throws {
        let result = try runExperiment(pair.scenario, pair.learner, pair.assignments, grid: Self.grid, replicates: 600, seed: 19)
        for row in result.rows {
            guard let theory = row.theoryEDL else { continue }
            let se = row.edl.standardError ?? 0
            var tolerance = 4 * se + 1e-9 * max(1, abs(theory))
            if se <= 1e-12 * max(1, abs(row.edl.mean)) {
                // Every replicate agreed: the SE says nothing about events none of them saw. By the
                // rule of three such an event has probability below 3/R (95 %), and it moves EDL by at
                // most about n·L(θ₀) (the code of n examples at the initial loss): the lab's bound.
                let initialLoss = row.testLoss.mean + row.generalizationGain.mean
                tolerance = max(tolerance, 3 / Double(result.replicates) * Double(row.n) * initialLoss)
            }
            #expect(abs(row.edl.mean - theory) <= tolerance, "\(pair) n = \(row.n): \(row.edl.mean) vs \(theory) ± \(tolerance) nats")
        }
    }

    @Test("a frozen learner (coding every example with θ₀) has E[EDL] = 0 within 4 SE at every n",
          arguments: ConformancePair.all)
    func frozenLearnerHasNoEDL(pair: ConformancePair) throws {
        let scenario = try pair.make()
        let points = try NGrid(parsing: Self.grid).points
        var moments = [RunningMoments](repeating: RunningMoments(), count: points.count)
        for replicate in 0..<400 {
            let random = try RandomSource(seed: SeedDerivation.seed(cellSeed: 23, replicate: replicate), kind: .standard)
            var trajectory = try scenario.makeTrajectory(random: random, learning: false)
            var accountant = PrequentialAccountant(partCount: max(ExperimentRunner.splitParts(of: scenario).count, 1))
            var position = 0
            for (index, n) in points.enumerated() {
                trajectory.advance(by: n - position, recording: &accountant)
                trajectory.finishCheckpoint()
                position = n
                let losses = trajectory.populationLossByPart()
                let point =
                    losses.count > 1
                    ? accountant.checkpoint(testLossByPart: losses) : accountant.checkpoint(testLoss: trajectory.populationLoss())
                moments[index].add(point.edl)
            }
        }
        for (index, n) in points.enumerated() {
            let estimate = moments[index].estimate
            let tolerance = 4 * (estimate.standardError ?? 0) + 1e-9 * Double(n)
            #expect(abs(estimate.mean) <= tolerance, "\(pair) n = \(n): E[EDL] \(estimate.mean) ± \(tolerance) nats")
        }
    }

    @Test("as a mixture component beside random labels, its share equals its run alone mixed over Binomial(n, ½) (4 SE)",
          arguments: ConformancePair.all)
    func shareInsideAMixture(pair: ConformancePair) throws {
        let points = [60, 120]
        var assignments: [(name: String, value: String)] = [
            ("components", "\(pair.scenario),random-labels"), ("weights", "0.5,0.5"),
            ("c1.learner", pair.learner), ("c2.learner", "uniform"),
        ]
        assignments += pair.assignments.map { ("c1." + $0.name, $0.value) }
        let mixture = try runExperiment(
            "disjoint-subdistributions", "product", assignments, grid: points.map(String.init).joined(separator: ","),
            replicates: 400, seed: 29)
        let alone = try runExperiment(pair.scenario, pair.learner, pair.assignments, grid: "1...\(points.last!)", replicates: 200, seed: 31)
        let ownParts = max(ExperimentRunner.splitParts(of: try pair.make()).count, 1)
        let names = try ExperimentRunner.splitParts(of: ScenarioRegistry.make("disjoint-subdistributions", learner: nil, assignments: assignments))
        #expect(names.count == ownParts + 1)
        for part in 0..<ownParts {
            let reference = try StandaloneShare(
                part: ownParts > 1 ? part : nil, weight: 0.5, points: points, standalone: alone)
            for (row, point) in mixture.rows.enumerated() {
                let share = point.parts[part].edl
                let tolerance = reference.tolerance(for: share, at: row)
                #expect(
                    abs(share.mean - reference.mean[row]) <= tolerance,
                    "\(pair) \(names[part]) n = \(point.n): \(share.mean) vs alone \(reference.mean[row]) ± \(tolerance) nats")
            }
        }
        // The uniform learner's share beside it: 0 in expectation.
        for point in mixture.rows {
            let share = point.parts[ownParts].edl
            #expect(abs(share.mean) <= 4 * (share.standardError ?? 0) + 1e-9, "\(pair) c2 n = \(point.n): \(share.mean)")
        }
    }

    @Test(
        "the tuned trajectory agrees with the generic (world, learner) one from the same seed: MDL, test loss, and a training code length equal to replaying its examples (1e-9 relative)",
        arguments: ConformancePair.all + [
            ConformancePair(scenario: "coupon-collector", learner: "bayes", assignments: [("K", "30"), ("k", "3"), ("noise", "0.2")]),
            ConformancePair(scenario: "coupon-collector", learner: "dirichlet", assignments: [("frequencies", "zipf"), ("noise", "0.1")]),
            ConformancePair(scenario: "coupon-collector", learner: "bayes", assignments: [("K", "5000"), ("frequencies", "zipf")]),
            ConformancePair(scenario: "random-labels", learner: "memoriser", assignments: [("k", "5")]),
            ConformancePair(scenario: "random-labels", learner: "kt", assignments: [("k", "7"), ("inputs", "3")]),
        ])
    func tunedAgreesWithGeneric(pair: ConformancePair) throws {
        let scenario = try pair.make()
        guard try scenario.makeReferenceTrajectory(random: RandomSource(seed: 1)) != nil else { return }
        let points = try NGrid(parsing: "1...300:log9").points
        for replicate in 0..<20 {
            let seed = SeedDerivation.seed(cellSeed: 37, replicate: replicate)
            var tuned = try scenario.makeTrajectory(random: RandomSource(seed: seed, kind: .standard))
            var reference = try #require(try scenario.makeReferenceTrajectory(random: RandomSource(seed: seed, kind: .standard)))
            var tunedBooks = PrequentialAccountant()
            var referenceBooks = PrequentialAccountant()
            var position = 0
            func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
            for n in points {
                tuned.advance(by: n - position, recording: &tunedBooks)
                reference.advance(by: n - position, recording: &referenceBooks)
                tuned.finishCheckpoint()
                position = n
                #expect(close(tunedBooks.mdl, referenceBooks.mdl), "\(pair) replicate \(replicate) n = \(n): MDL \(tunedBooks.mdl) vs \(referenceBooks.mdl)")
                #expect(
                    close(tuned.populationLoss(), reference.populationLoss()),
                    "\(pair) n = \(n): test loss \(tuned.populationLoss()) vs \(reference.populationLoss())")
                if let training = tuned.trainingCodeLength() {
                    let replayed = try #require(reference.trainingCodeLength())
                    #expect(close(training, replayed), "\(pair) n = \(n): training code length \(training) vs replay \(replayed)")
                }
            }
        }
    }

    @Test("the generic reference covers the counting learners of random labels and the coupon collector")
    func referencesExist() throws {
        let covered = try ConformancePair.all.filter { try $0.make().makeReferenceTrajectory(random: RandomSource(seed: 1)) != nil }
        #expect(covered.map(\.description).sorted() == [
            "coupon-collector bayes", "coupon-collector dirichlet", "coupon-collector uniform",
            "random-labels kt", "random-labels laplace", "random-labels memoriser inputs=20", "random-labels uniform",
        ])
    }
}
