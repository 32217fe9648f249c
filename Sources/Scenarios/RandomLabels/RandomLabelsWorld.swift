import GSL
import Learners

/// The random-labels population as a ``World``: labels uniform on k, inputs
/// never repeating (1, 2, 3, …) or uniform on 1...inputs, drawn as
/// ``RandomLabelsTrajectory`` draws them (input first, then label).
struct RandomLabelsWorld: World {
    let labelCount: Int
    let inputCount: Int
    private var drawn = 0

    init(scenario: RandomLabels) {
        labelCount = scenario.labelCount
        inputCount = scenario.inputCount
    }

    mutating func draw(using random: RandomSource) -> LabeledExample {
        drawn += 1
        let input = inputCount == 0 ? drawn : random.uniformInteger(below: inputCount) + 1
        return LabeledExample(input: input, label: random.uniformInteger(below: labelCount))
    }

    /// Input 0, never drawn, stands for every new input when none repeats.
    var inputWeights: [(input: Int, weight: Double)] {
        inputCount == 0 ? [(0, 1)] : (1...inputCount).map { ($0, 1 / Double(inputCount)) }
    }

    func labelProbabilities(at input: Int) -> [Double] {
        Array(repeating: 1 / Double(labelCount), count: labelCount)
    }
}
