import EDL
import Learners

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
    /// For a Dirichlet(α) learner, the sums of log(N + Fα) and log(N + α):
    /// an example's T tokens together cost log((Fα + N)/(α + N)) (the
    /// formats sharing the empty prefix are all F, those sharing the whole
    /// format 1), so a stretch's cost is two differences of running sums.
    private var stretchSums: (all: DirichletTotalLogSums, one: DirichletTotalLogSums)?

    init(learner: FormatLearner, trueFormat: Int, part: Int, isScored: Bool) {
        self.learner = learner
        sharing = (0...learner.tokenCount).map {
            Double(learner.formatsSharing(prefixOf: trueFormat, length: $0))
        }
        self.part = part
        self.isScored = isScored
        if isScored, case .dirichlet(let alpha) = learner.kind {
            stretchSums = (
                DirichletTotalLogSums(categories: learner.formatCount, concentration: alpha),
                DirichletTotalLogSums(categories: 1, concentration: alpha)
            )
        }
    }

    /// Records the format tokens of the next `count` examples at once into
    /// part `partInScope` of the accountant's current scope and updates the
    /// learner past them, when the learner is a learning Dirichlet estimate
    /// whose sums reach that far: their summed code length,
    /// Σ_{N = N₀}^{N₀ + count − 1} log((Fα + N)/(α + N)), the per-token code
    /// lengths' total up to rounding. Returns whether it did (else nothing
    /// is recorded or updated). The examples are not completed.
    mutating func recordStretch(of count: Int, into accountant: inout PrequentialAccountant, partInScope: Int) -> Bool {
        guard isLearning, count > 0, var sums = stretchSums else { return false }
        let (first, end) = (learner.observed, learner.observed + count)
        guard var codeLength = sums.all.sum(from: first, to: end), let ones = sums.one.sum(from: end, to: first) else {
            return false
        }
        stretchSums = sums
        codeLength.add(ones)
        accountant.recordTokens(count * learner.tokenCount, codeLength: codeLength, part: partInScope)
        learner.update(by: count)
        return true
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
