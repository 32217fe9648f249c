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
}
