import Foundation

/// Exact expectations over a Binomial(n, p) count.
public enum BinomialExpectation {
    /// The mode of Binomial(`trials`, `probability`): ⌊(n + 1)p⌋, within 0...n.
    public static func mode(trials: Int, probability: Double) -> Int {
        min(max(Int((Double(trials + 1) * probability).rounded(.down)), 0), trials)
    }

    /// E[h(c) − h(m)] for c ~ Binomial(`trials`, `probability`) and m its
    /// ``mode(trials:probability:)``; the caller adds h(m).
    ///
    /// The sum runs outwards from the mode with the ratio recurrence
    /// pmf(c+1)/pmf(c) = (n−c)/(c+1)·p/(1−p), so no factorials are formed,
    /// and stops where the weight falls below e^-60 of the mode's (the mass
    /// left out is below 10^-24 of the total). Dividing by the summed weight
    /// normalises away the rounding of the recurrence. Working with
    /// differences from the mode keeps the digits when h is large (ln Γ of
    /// large counts). Cost: O(√(n p (1−p))) evaluations of h.
    ///
    /// - Parameter differenceFromMode: h(c) − h(m) for a count c.
    public static func meanDifferenceFromMode(
        trials: Int, probability: Double, _ differenceFromMode: (_ count: Int) throws -> Double
    ) rethrows -> Double {
        var weightSum = 0.0
        var weighted = 0.0
        let mode = mode(trials: trials, probability: probability)
        try forEachWeight(trials: trials, probability: probability) { count, weight in
            weightSum += weight
            if count != mode { weighted += weight * (try differenceFromMode(count)) }
        }
        return weighted / weightSum
    }

    /// The Binomial(`trials`, `probability`) probabilities of the counts that
    /// matter (within e^-60 of the mode's), normalised, in ascending count.
    /// p = 0 and p = 1 give the single certain count.
    public static func weights(trials: Int, probability: Double) -> [(count: Int, weight: Double)] {
        if probability <= 0 || trials == 0 { return [(0, 1)] }
        if probability >= 1 { return [(trials, 1)] }
        var terms: [(count: Int, weight: Double)] = []
        forEachWeight(trials: trials, probability: probability) { terms.append(($0, $1)) }
        let total = terms.reduce(0) { $0 + $1.weight }
        return terms.sorted { $0.count < $1.count }.map { ($0.count, $0.weight / total) }
    }

    /// Calls `body` with (count, pmf(count)/pmf(mode)) for the mode and then
    /// outwards in both directions, by the ratio recurrence
    /// pmf(c+1)/pmf(c) = (n−c)/(c+1)·p/(1−p), until the weight falls below e^-60.
    static func forEachWeight(
        trials n: Int, probability: Double, _ body: (_ count: Int, _ weight: Double) throws -> Void
    ) rethrows {
        precondition(n >= 0 && probability > 0 && probability < 1, "Binomial(n ≥ 0, 0 < p < 1)")
        let mode = mode(trials: n, probability: probability)
        let odds = probability / (1 - probability)
        let cutoff = exp(-60.0)
        try body(mode, 1)
        var weight = 1.0
        var c = mode
        while c < n {
            weight *= Double(n - c) / Double(c + 1) * odds
            c += 1
            if weight < cutoff { break }
            try body(c, weight)
        }
        weight = 1.0
        c = mode
        while c > 0 {
            weight *= Double(c) / Double(n - c + 1) / odds
            c -= 1
            if weight < cutoff { break }
            try body(c, weight)
        }
    }
}
