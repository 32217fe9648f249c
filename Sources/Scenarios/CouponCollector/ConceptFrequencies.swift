import EDL
import Foundation
import GSL

/// How often each of K concepts is drawn: uniformly, or Zipf-like with
/// p_c ∝ (c + 1)^−s, c = 0…K−1, drawn from a Walker alias table that carries
/// each concept's p_c (so a draw reads its probability with it).
struct ConceptFrequencies: Sendable {
    /// K.
    let count: Int
    /// The alias table for Zipf frequencies, carrying each p_c (the only
    /// copy of them: a sweep keeps every cell's frequencies).
    let table: DiscreteDistribution?

    /// Uniform frequencies over `count` concepts.
    init(uniformOver count: Int) {
        self.count = count
        table = nil
    }

    /// Zipf frequencies p_c ∝ (c + 1)^−s.
    /// - Throws: ``GSLError`` if the alias table cannot be built.
    init(zipfOver count: Int, exponent s: Double) throws {
        self.count = count
        let weights = (0..<count).map { exp(-s * log(Double($0 + 1))) }
        var total = CompensatedSum()
        for weight in weights { total.add(weight) }
        table = try DiscreteDistribution(weights: weights, values: weights.map { $0 / total.value })
    }

    /// p_c.
    @inline(always)
    func probability(of concept: Int) -> Double {
        table?.value(of: concept) ?? 1 / Double(count)
    }

    /// p_c for Zipf frequencies; empty for uniform (p_c = 1/K).
    var probabilities: [Double] {
        guard let table else { return [] }
        return (0..<count).map(table.value(of:))
    }

    /// Draws a concept.
    @inline(always)
    func draw(using random: RandomSource) -> Int {
        if let table { return random.sample(from: table) }
        return random.uniformInteger(below: count)
    }

    /// The probabilities as groups of equal value (one group when uniform).
    var groups: [(probability: Double, count: Int)] {
        guard let table else { return [(1 / Double(count), count)] }
        return (0..<count).map { (table.value(of: $0), 1) }
    }
}
