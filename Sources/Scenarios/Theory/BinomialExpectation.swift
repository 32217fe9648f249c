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
        precondition(trials >= 0 && probability > 0 && probability < 1, "Binomial(n ≥ 0, 0 < p < 1)")
        let n = trials
        let mode = mode(trials: n, probability: probability)
        let odds = probability / (1 - probability)
        let cutoff = exp(-60.0)
        var weightSum = 1.0
        var weighted = 0.0
        var weight = 1.0
        var c = mode
        while c < n {
            weight *= Double(n - c) / Double(c + 1) * odds
            c += 1
            if weight < cutoff { break }
            weightSum += weight
            weighted += weight * (try differenceFromMode(c))
        }
        weight = 1.0
        c = mode
        while c > 0 {
            weight *= Double(c) / Double(n - c + 1) / odds
            c -= 1
            if weight < cutoff { break }
            weightSum += weight
            weighted += weight * (try differenceFromMode(c))
        }
        return weighted / weightSum
    }
}
