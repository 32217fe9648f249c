import Foundation

/// The learner of the answer format: a Dirichlet(α) estimate over the F
/// formats, the one-shot Bayes posterior (uniform until the first example),
/// or a learner that knows the format from the start.
///
/// A format f is the T-token sequence of its base-A digits (A^T ≥ F), coded
/// token by token: token j costs −ln(mass of formats sharing the first j
/// tokens / mass of formats sharing the first j − 1), so the T tokens
/// together cost −ln p(f).
struct FormatLearner: Sendable {
    enum Kind: Sendable { case dirichlet(Double), bayes, pretrained }

    let kind: Kind
    /// F.
    let formatCount: Int
    /// T.
    let tokenCount: Int
    /// A, the token alphabet.
    let alphabet: Int
    /// How many examples (all showing the world's format) it has seen.
    private(set) var observed = 0

    init(kind: Kind, formatCount: Int, tokenCount: Int) {
        self.kind = kind
        self.formatCount = formatCount
        self.tokenCount = tokenCount
        var alphabet = 2
        while Self.power(alphabet, tokenCount) < formatCount { alphabet += 1 }
        self.alphabet = alphabet
    }

    static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent {
            let (next, overflow) = result.multipliedReportingOverflow(by: base)
            if overflow { return .max }
            result = next
        }
        return result
    }

    /// (pseudo-count per format, count on the true format) of the current posterior.
    var weights: (perFormat: Double, onTruth: Double) {
        switch kind {
        case .dirichlet(let alpha): (alpha, Double(observed))
        case .bayes: observed == 0 ? (1, 0) : (0, 1)
        case .pretrained: (0, 1)
        }
    }

    /// Whether the weights no longer change with more examples (the one-shot
    /// posterior after its first example, or a pretrained learner).
    var weightsAreFinal: Bool {
        switch kind {
        case .dirichlet: false
        case .bayes: observed > 0
        case .pretrained: true
        }
    }

    /// The number of formats 0..<F whose first `length` tokens are those of `format`.
    func formatsSharing(prefixOf format: Int, length: Int) -> Int {
        let block = Self.power(alphabet, tokenCount - length)
        let start = (format / block) * block
        return max(0, min(start + block, formatCount) - start)
    }

    /// The code length of token `position` (0-based) of `format`, in nats.
    func codeLength(ofToken position: Int, format: Int) -> Double {
        Self.codeLength(
            sharingBefore: Double(formatsSharing(prefixOf: format, length: position)),
            sharingAfter: Double(formatsSharing(prefixOf: format, length: position + 1)), weights: weights)
    }

    /// The code length, in nats, of a token that narrows the formats sharing
    /// the world's prefix from `sharingBefore` to `sharingAfter`, under `weights`.
    @inline(always)
    static func codeLength(
        sharingBefore: Double, sharingAfter: Double, weights: (perFormat: Double, onTruth: Double)
    ) -> Double {
        let before = sharingBefore * weights.perFormat + weights.onTruth
        let after = sharingAfter * weights.perFormat + weights.onTruth
        return -log(after / before)
    }

    /// The expected format loss per example, −ln p(f*), in nats.
    var loss: Double {
        let (perFormat, onTruth) = weights
        return -log((perFormat + onTruth) / (Double(formatCount) * perFormat + onTruth))
    }

    mutating func update() { observed += 1 }

    /// `count` updates at once (every example shows the world's format).
    mutating func update(by count: Int) { observed += count }

    /// A distribution over the formats: formats − 1 free parameters (none when pretrained).
    var parameterCount: Int {
        if case .pretrained = kind { return 0 }
        return formatCount - 1
    }
}
