/// A learner whose predictive distribution p_θ(· | x) can be read at any
/// input: all the generic trajectory of the Scenarios module needs to run it
/// on any ``Learner``-consuming world, with exact population losses, and no
/// loop written for the pair.
public protocol PredictiveLearner: Learner {
    /// The number of labels k the learner predicts over.
    var labelCount: Int { get }

    /// −ln p_θ(y | x) at `input` for every label y in 0..<k, in nats.
    func codeLengths(at input: Int) -> [Double]
}

extension PredictiveLearner {
    /// Read one label at a time through ``Learner/codeLength(of:)``.
    public func codeLengths(at input: Int) -> [Double] {
        (0..<labelCount).map { codeLength(of: LabeledExample(input: input, label: $0)) }
    }
}

extension UniformLearner: PredictiveLearner {}

extension Memoriser: PredictiveLearner {}

extension OneShotConceptLearner: PredictiveLearner {}

extension DirichletMarginalLearner: PredictiveLearner {
    /// k.
    public var labelCount: Int { labelCounts.labelCount }
}

extension PerInputDirichletLearner: PredictiveLearner {
    /// k.
    public var labelCount: Int { inputCounts.labelCount }
}

extension DigitwiseBayesLearner: PredictiveLearner {
    /// k.
    public var labelCount: Int { tally.labelCount }
}
