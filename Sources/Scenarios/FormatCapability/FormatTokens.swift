import EDL

/// The T format tokens that open every example of ``FormatCapability``:
/// their code lengths under the format learner, recorded before the answer
/// (as the coupon collector's ``ExamplePrelude``), and the learner's update.
///
/// The formats sharing each prefix of the world's format are counted once,
/// and while the learner's weights no longer change (one-shot after the
/// first example, or pretrained) the tokens' code lengths are computed once:
/// the same numbers as ``FormatLearner/codeLength(ofToken:format:)``.
struct FormatTokens: ExamplePrelude {
    private(set) var learner: FormatLearner
    /// The formats sharing the world's first j tokens, j = 0...T.
    private let sharing: [Double]
    /// The part the tokens go to, relative to the scope they are recorded
    /// in (negative: a part before the answer's).
    let part: Int
    /// Whether format tokens enter MDL (else only the learner is updated).
    let isScored: Bool
    var isLearning = true
    /// The tokens' code lengths once the weights are final (empty until then).
    private var finalCodeLengths: [Double] = []

    init(learner: FormatLearner, trueFormat: Int, part: Int, isScored: Bool) {
        self.learner = learner
        sharing = (0...learner.tokenCount).map {
            Double(learner.formatsSharing(prefixOf: trueFormat, length: $0))
        }
        self.part = part
        self.isScored = isScored
    }

    @inline(always)
    mutating func recordTokens(into accountant: inout PrequentialAccountant) {
        if isScored {
            if !finalCodeLengths.isEmpty {
                for length in finalCodeLengths { accountant.recordToken(codeLength: length, part: part) }
            } else {
                let weights = learner.weights
                if learner.weightsAreFinal {
                    finalCodeLengths = (0..<learner.tokenCount).map {
                        FormatLearner.codeLength(sharingBefore: sharing[$0], sharingAfter: sharing[$0 + 1], weights: weights)
                    }
                    for length in finalCodeLengths { accountant.recordToken(codeLength: length, part: part) }
                } else {
                    var before = sharing[0]
                    for token in 1..<sharing.count {
                        let after = sharing[token]
                        accountant.recordToken(
                            codeLength: FormatLearner.codeLength(sharingBefore: before, sharingAfter: after, weights: weights),
                            part: part)
                        before = after
                    }
                }
            }
        }
        if isLearning { learner.update() }
    }
}
