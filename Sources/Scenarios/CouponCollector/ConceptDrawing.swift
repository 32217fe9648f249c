import GSL

/// Where ``CouponCollectorTrajectory``'s noise-free loop takes its concepts
/// from: the next concept with its probability, and the probability of any concept.
protocol ConceptDrawing {
    /// Draws the next concept, in `0..<K`, and returns it with p_c.
    mutating func nextConcept() -> (concept: Int, probability: Double)
    /// p_c, the probability of drawing concept c.
    func probability(of concept: Int) -> Double
}

/// Equally likely concepts, one uniform integer each.
struct UniformConcepts<Draws: UniformIntegerDrawing>: ConceptDrawing {
    var draws: Draws
    /// K.
    let count: Int
    /// 1/K.
    let p: Double

    @inline(always)
    mutating func nextConcept() -> (concept: Int, probability: Double) { (draws.uniformInteger(below: count), p) }

    @inline(always)
    func probability(of concept: Int) -> Double { p }
}

/// Concepts drawn from an alias table that carries each concept's p_c, one
/// uniform real each (the draws `RandomSource.sample(from:)` makes, in the
/// same order).
struct TabulatedConcepts<Draws: UniformRealDrawing>: ConceptDrawing {
    var draws: Draws
    /// The alias table, carrying each concept's p_c.
    let table: DiscreteDistribution

    @inline(always)
    mutating func nextConcept() -> (concept: Int, probability: Double) {
        let (concept, p) = table.sampleWithValue(uniform: draws.uniform())
        return (concept, p)
    }

    @inline(always)
    func probability(of concept: Int) -> Double { table.value(of: concept) }
}

/// ``TabulatedConcepts`` from a local xoshiro256** state, with a second copy
/// of that state ``lookahead`` draws ahead whose draws only prefetch the
/// slots the first copy will read: a table larger than the cache then costs
/// one overlapped miss per draw instead of a serial one. The concepts drawn
/// and the state left behind are those of ``TabulatedConcepts``.
struct LookaheadTabulatedConcepts: ConceptDrawing {
    var draws: Xoshiro256StarStar
    private var lead: Xoshiro256StarStar
    /// The alias table, carrying each concept's p_c.
    let table: DiscreteDistribution

    /// How many draws ahead the slots are prefetched (a memory latency's worth of draws).
    static var lookahead: Int { 16 }

    init(draws: Xoshiro256StarStar, table: DiscreteDistribution) {
        self.draws = draws
        self.table = table
        lead = draws
        for _ in 0..<Self.lookahead { table.prefetch(uniform: lead.uniform()) }
    }

    @inline(always)
    mutating func nextConcept() -> (concept: Int, probability: Double) {
        table.prefetch(uniform: lead.uniform())
        let (concept, p) = table.sampleWithValue(uniform: draws.uniform())
        return (concept, p)
    }

    @inline(always)
    func probability(of concept: Int) -> Double { table.value(of: concept) }
}
