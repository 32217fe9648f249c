import GSL
import Learners
@testable import Scenarios
import Testing

@Suite("Per-step monotonicity check of a table world")
struct TableStepChangeMemoTests {
    /// Seven rows with unequal weights (one 0), k = 3, noise 0.2.
    func world() -> TableWorld {
        TableWorld(
            weights: [0.3, 0.05, 0.2, 0, 0.15, 0.1, 0.2], noise: 0.2, truth: { ($0 * 2) % 3 },
            sampler: { _ in LabeledExample(input: 0, label: 0) })
    }

    @Test(
        "with the memo kept across steps, the expected one-step change equals a fresh computation bit for bit",
        arguments: [GradientOptimizer.sgd(learningRate: 0.7), .adam(learningRate: 0.3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
    func memoMatchesFreshComputation(optimizer: GradientOptimizer) throws {
        let world = world()
        let random = try RandomSource(seed: 11)
        var model = SoftmaxTable(rows: 7, labels: 3, initScale: 0.5, random: random, optimizer: optimizer)
        var memo = world.makeStepChangeMemo(optimizer: optimizer)
        var mismatches = 0
        var reused = 0
        for step in 0..<60 {
            let fresh = try #require(world.expectedStepChange(of: model, optimizer: optimizer))
            let kept = try #require(world.expectedStepChange(of: model, optimizer: optimizer, memo: &memo))
            if kept.bitPattern != fresh.bitPattern { mismatches += 1 }
            // Rows 0 and 2 get most steps; row 5 only every seventh, so other
            // rows' terms are reused across many steps.
            let row = step % 7 == 6 ? 5 : (step % 2 == 0 ? 0 : 2)
            model.accumulateGradient(of: LabeledExample(input: row, label: step % 3))
            world.modelWillStep(model, memo: &memo)
            model.step(with: optimizer)
            if memo.isKept { reused += memo.isCurrent.filter { $0 }.count }
        }
        #expect(mismatches == 0)
        // SGD keeps the rows no step touched; Adam keeps nothing.
        if case .sgd = optimizer { #expect(reused > 200) } else { #expect(!memo.isKept && reused == 0) }
    }

    /// The check's answer computed afresh: the full sums, no memo.
    func freshAnswer(_ world: TableWorld, _ model: SoftmaxTable, _ optimizer: GradientOptimizer) throws -> Bool {
        let change = try #require(world.expectedStepChange(of: model, optimizer: optimizer))
        return TableWorld.raisesLoss(change: change, populationLoss: { world.populationLoss(of: model) })
    }

    @Test(
        "SGD: the running totals give the same answer as the full sums at every step, and decide almost every step",
        arguments: [(0.001, 0.0), (0.3, 0.2), (5.0, 0.5), (40.0, 0.1), (0.7, 2.0 / 3)])
    func boundedDecisionMatchesFullSums(rate: Double, noise: Double) throws {
        let random = try RandomSource(seed: 29)
        // 40 rows of unequal weights (every seventh 0), k = 3.
        let raw = (0..<40).map { $0 % 7 == 3 ? 0 : 1 + Double($0 % 5) }
        let total = raw.reduce(0, +)
        let world = TableWorld(
            weights: raw.map { $0 / total }, noise: noise, truth: { ($0 * 5) % 3 },
            sampler: { _ in LabeledExample(input: 0, label: 0) })
        let optimizer = GradientOptimizer.sgd(learningRate: rate)
        var model = SoftmaxTable(rows: 40, labels: 3, initScale: 0.3, random: random, optimizer: optimizer)
        var memo = world.makeStepChangeMemo(optimizer: optimizer)
        var disagreements = 0
        var raised = 0
        for _ in 0..<600 {
            let kept = try #require(world.stepRaisesLoss(of: model, optimizer: optimizer, memo: &memo))
            let fresh = try freshAnswer(world, model, optimizer)
            if kept != fresh { disagreements += 1 }
            if fresh { raised += 1 }
            var row = random.uniformInteger(below: 40)
            while world.weights[row] == 0 { row = random.uniformInteger(below: 40) }
            let label = random.bernoulli(noise) ? random.uniformInteger(below: 3) : world.truth(row)
            model.accumulateGradient(of: LabeledExample(input: row, label: label))
            world.modelWillStep(model, memo: &memo)
            model.step(with: optimizer)
        }
        #expect(disagreements == 0)
        #expect(memo.decisions.bounded + memo.decisions.summed == 600)
        #expect(memo.decisions.summed <= 6, "the full sums were needed \(memo.decisions.summed) times")
        // The cases differ: some steps raise the loss for the large rates.
        if rate >= 5 { #expect(raised > 0) }
    }

    @Test("SGD: a change within rounding of the threshold is decided by the full sums, the same as afresh")
    func changeAtTheThreshold() throws {
        // Uniform labels (noise (k − 1)/k) and random logits: a small step
        // pulls rows towards the optimum θ = 0 (the change falls like −a·lr),
        // a large one overshoots (it grows like b·lr²). Where the answer
        // afresh flips, the change is tiny beside its terms, so rounding
        // decides it. Bisect lr to the two adjacent doubles of the flip.
        let world = TableWorld(
            weights: Array(repeating: 0.125, count: 8), noise: 2.0 / 3, truth: { $0 % 3 },
            sampler: { _ in LabeledExample(input: 0, label: 0) })
        let random = try RandomSource(seed: 3)
        let model = SoftmaxTable(rows: 8, labels: 3, initScale: 0.5, random: random, optimizer: .sgd(learningRate: 1))
        var low = 1e-6
        var high = 100.0
        #expect(try !freshAnswer(world, model, .sgd(learningRate: low)))
        #expect(try freshAnswer(world, model, .sgd(learningRate: high)))
        while low.nextUp < high {
            let middle = (low + high) / 2 == low || (low + high) / 2 == high ? low.nextUp : (low + high) / 2
            if try freshAnswer(world, model, .sgd(learningRate: middle)) { high = middle } else { low = middle }
        }
        var summed = 0
        for rate in [low, high] {
            let optimizer = GradientOptimizer.sgd(learningRate: rate)
            var memo = world.makeStepChangeMemo(optimizer: optimizer)
            let kept = try #require(world.stepRaisesLoss(of: model, optimizer: optimizer, memo: &memo))
            #expect(kept == (rate == high))
            summed += memo.decisions.summed
        }
        #expect(summed >= 1, "the flip was decided by the running totals alone")
    }
}
