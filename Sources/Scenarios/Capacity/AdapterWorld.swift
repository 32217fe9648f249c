import EDL
import Foundation
import GSL
import Learners

/// The capacity experiment's population: inputs uniform on 0..<N, each with
/// one deterministic label (a skill's answer, or a fresh table's entry).
struct AdapterWorld: GradientWorld {
    typealias Model = LowRankAdapter
    /// The label of each input.
    let labels: [Int]

    func draw(using random: RandomSource) -> LabeledExample {
        let input = random.uniformInteger(below: labels.count)
        return LabeledExample(input: input, label: labels[input])
    }

    /// The mean code length of the true label over the N inputs.
    func populationLoss(of model: LowRankAdapter) -> Double {
        populationLossAndMetrics(of: model).loss
    }

    /// Not tracked: the expectation over every next example costs
    /// O(N·k·(k + m)·r) per step, most of a run.
    func expectedStepChange(of model: LowRankAdapter, optimizer: GradientOptimizer) -> Double? { nil }

    /// accuracy: the share of inputs whose true label has the largest logit (ties share).
    func metricValues(of model: LowRankAdapter) -> [Double?] {
        populationLossAndMetrics(of: model).metrics
    }

    /// The population loss and the accuracy from one pass over the inputs.
    func populationLossAndMetrics(of model: LowRankAdapter) -> (loss: Double, metrics: [Double?]) {
        var loss = CompensatedSum()
        var credit = CompensatedSum()
        for (input, label) in labels.enumerated() {
            let value = model.evaluate(LabeledExample(input: input, label: label))
            loss.add(value.codeLength)
            credit.add(value.credit)
        }
        let count = Double(labels.count)
        return (loss.value / count, [credit.value / count])
    }
}
