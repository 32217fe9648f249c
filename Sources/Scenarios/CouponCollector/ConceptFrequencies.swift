import EDL
import Foundation
import GSL

/// How often each of K concepts is drawn: uniformly, or Zipf-like with
/// p_c ∝ (c + 1)^−s, c = 0…K−1, drawn from a Walker alias table.
struct ConceptFrequencies: Sendable {
    /// K.
    let count: Int
    /// p_c for Zipf frequencies; empty for uniform (p_c = 1/K).
    let probabilities: [Double]
    /// The alias table for Zipf frequencies.
    let table: DiscreteDistribution?

    /// Uniform frequencies over `count` concepts.
    init(uniformOver count: Int) {
        self.count = count
        probabilities = []
        table = nil
    }

    /// Zipf frequencies p_c ∝ (c + 1)^−s.
    /// - Throws: ``GSLError`` if the alias table cannot be built.
    init(zipfOver count: Int, exponent s: Double) throws {
        self.count = count
        let weights = (0..<count).map { exp(-s * log(Double($0 + 1))) }
        var total = CompensatedSum()
        for weight in weights { total.add(weight) }
        probabilities = weights.map { $0 / total.value }
        table = try DiscreteDistribution(weights: weights)
    }

    /// p_c.
    @inline(always)
    func probability(of concept: Int) -> Double {
        probabilities.isEmpty ? 1 / Double(count) : probabilities[concept]
    }

    /// Draws a concept.
    @inline(always)
    func draw(using random: RandomSource) -> Int {
        if let table { return random.sample(from: table) }
        return random.uniformInteger(below: count)
    }

    /// The probabilities as groups of equal value (one group when uniform).
    var groups: [(probability: Double, count: Int)] {
        probabilities.isEmpty ? [(1 / Double(count), count)] : probabilities.map { ($0, 1) }
    }
}
